"""The access log: who opened or changed a person's information, when, in what role and why.

Entries are written once and never changed or deleted by the application: `save()` refuses an
update, `delete()` and the QuerySet's `update()`/`delete()` refuse, and on PostgreSQL triggers
refuse UPDATE and DELETE (migration 0002) and TRUNCATE (migration 0006) for anyone who has not
switched them off. Only the table's owner can switch them off, and production's application
role does not own it (docs/operations/database-roles.md).

Every entry is chained to the one before it with a keyed hash as it is inserted (chain.py), so
a changed, removed or inserted entry is found by `manage.py verify_access_log`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import chain


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

    def bulk_create(self, objs, *args, **kwargs):
        """Insert and chain the entries in one transaction, in the order given."""
        objs = list(objs)
        if not objs:
            return objs
        with chain.appending(objs, using=self.db):
            return super().bulk_create(objs, *args, **kwargs)

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
    # The chain (chain.py): the hash of the entry before, and this entry's own. Set on insert;
    # the database default lets rows made by hand (the benchmark's generator) in, unchained.
    previous_hash = models.CharField(max_length=64, default="", db_default="", editable=False)
    entry_hash = models.CharField(max_length=64, default="", db_default="", editable=False)

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
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with chain.appending([self], using=using):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError("access-log entries cannot be deleted")


class AccessLogChainHead(models.Model):
    """The end of the access log's chain: one row (id 1) that writers lock to append, holding
    the number of chained entries, the last one's id and hash, and a keyed seal over those."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=chain.HEAD_ID)
    entries = models.BigIntegerField(default=0)
    last_entry_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, default=chain.GENESIS)
    seal = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("kjedehode for innsynsloggen")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=chain.HEAD_ID), name="audit_chain_head_one_row")
        ]

    def __str__(self) -> str:
        return f"{self.entries} entries up to {self.last_entry_id}"
