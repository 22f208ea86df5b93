"""The access log: who opened or changed a person's information, when, in what role and why.

Entries are written once and never changed or deleted by the application: `save()` refuses an
update, `delete()` and the QuerySet's `update()`/`delete()` refuse, and on PostgreSQL a trigger
(migration 0002) refuses UPDATE and DELETE for anyone, including the admin and raw SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableEntryError(Exception):
    """An access-log entry cannot be changed or deleted."""


class AccessLogQuerySet(models.QuerySet):
    def for_person(self, person) -> AccessLogQuerySet:
        """Newest first; served by the (person, at) index, so fast with millions of rows."""
        return self.filter(person=person).order_by("-at", "-id")

    def update(self, **kwargs):
        raise ImmutableEntryError("access-log entries cannot be changed")

    def delete(self):
        raise ImmutableEntryError("access-log entries cannot be deleted")

    # Django's own bulk paths for deletion (cascades, admin) go through _raw_delete.
    def _raw_delete(self, using):
        raise ImmutableEntryError("access-log entries cannot be deleted")


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        READ = "read", _("så på")
        CHANGE = "change", _("endret")

    # PROTECT everywhere: removing a person or a user must not silently rewrite the log (and on
    # PostgreSQL the trigger would refuse the SET NULL or CASCADE anyway).
    # No index of its own: audit_person_at_idx (person, -at) serves every lookup by person, and
    # one index fewer is one write fewer on every read of a record.
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+", db_index=False)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A snapshot of how the actor was shown when it happened; names and roles change later.
    actor_name = models.CharField(_("hvem"), max_length=200)
    role = models.CharField(_("rolle"), max_length=100)
    organisation = models.CharField(_("virksomhet"), max_length=200, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    what = models.CharField(_("hva"), max_length=200)
    why = models.TextField(_("hvorfor"), blank=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    flagged = models.BooleanField(
        _("til kontroll"), default=False, help_text=_("Åpnet utenfor egen saksportefølje.")
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("innsynsloggføring")
        verbose_name_plural = _("innsynslogg")
        indexes = [
            models.Index(fields=["person", "-at"], name="audit_person_at_idx"),
            models.Index(fields=["at"], name="audit_flagged_at_idx", condition=models.Q(flagged=True)),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.what}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEntryError("access-log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError("access-log entries cannot be deleted")
