"""People, relatives and consent (issue 5), and the staff scope for editors.

A `Person` is someone the platform holds information about: a participant, or a relative who
signs in. The national identity number is never stored; `identity_hash` is a keyed hash of it,
used only to find the person again at the next sign-in.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EditorAssignment(models.Model):
    """Which municipalities' information a staff user may edit. Superusers edit everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_assignment"
    )
    office = models.CharField(
        _("kontor"), max_length=150, help_text=_("Vises offentlig som «kontrollert av».")
    )
    municipalities = models.ManyToManyField("places.Municipality", related_name="editor_assignments")

    class Meta:
        verbose_name = _("redaktørtilgang")
        verbose_name_plural = _("redaktørtilganger")

    def __str__(self) -> str:
        return f"{self.user} ({self.office})"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` later; 29 February becomes 1 March in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` earlier; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Person(models.Model):
    """A participant or relative. Public ids are UUIDs, so they cannot be guessed or counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    display_name = models.CharField(_("navn"), max_length=200, blank=True)
    # Derived from the identity number at sign-in. The full date is kept (not only the year)
    # because a parent's right to act ends on the child's 18th birthday.
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    identity_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demoperson"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.display_name:
            return self.display_name
        if self.birth_date:
            return _("Person født %(year)s") % {"year": self.birth_date.year}
        return str(_("Person uten navn"))

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else None

    def turns_18_on(self) -> datetime.date | None:
        return add_years(self.birth_date, 18) if self.birth_date else None


class Basis(models.TextChoices):
    """Why a relative may act for a participant."""

    CONSENT = "consent", _("samtykke fra deltakeren")
    GUARDIAN = "guardian", _("verge")
    PARENT = "parent", _("forelder til barn under 18 år")


class RelationshipQuerySet(models.QuerySet):
    def active(self, today: datetime.date | None = None) -> RelationshipQuerySet:
        """Relationships in force on `today`. A parent's ends at the child's 18th birthday, which
        is computed from the child's birth date here, never stored."""
        today = today or timezone.localdate()
        qs = self.filter(withdrawn_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
        adult_born_on_or_before = years_before(today, 18)
        return qs.exclude(basis=Basis.PARENT, participant__birth_date__lte=adult_born_on_or_before).exclude(
            basis=Basis.PARENT, participant__birth_date__isnull=True
        )


class Relationship(models.Model):
    """A relative's right to act for a participant, on one basis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acts_for_links")
    participant = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relative_links")
    basis = models.CharField(_("grunnlag"), max_length=20, choices=Basis.choices)
    scope = models.TextField(_("hva samtykket gjelder"), blank=True)
    mandate = models.TextField(_("vergemål (mandat)"), blank=True)
    valid_until = models.DateField(_("gjelder til og med"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The participant who ended a relative's access given on their consent (services.end_relationship).
    withdrawn_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("pårørende-kobling")
        verbose_name_plural = _("pårørende-koblinger")
        constraints = [
            models.CheckConstraint(
                condition=~Q(relative=models.F("participant")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} → {self.participant} ({self.get_basis_display()})"

    def ends_on(self) -> datetime.date | None:
        """The last day the relationship is in force, if it ends at all."""
        if self.basis == Basis.PARENT:
            birthday = self.participant.turns_18_on()
            last = birthday - datetime.timedelta(days=1) if birthday else None
            if self.valid_until and (last is None or self.valid_until < last):
                return self.valid_until
            return last
        return self.valid_until

    def is_active(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.withdrawn_at is not None:
            return False
        if self.basis == Basis.PARENT and self.participant.birth_date is None:
            return False
        end = self.ends_on()
        return end is None or today <= end


class Purpose(models.TextChoices):
    SHARE_SCHOOL_INFO = "share_school_info", _("Skolen kan dele opplysninger med Veivalg")
    COUNSELLOR_CONTACT = "counsellor_contact", _("En karriereveileder kan ta kontakt")
    SHARE_CAREER_PLAN = "share_career_plan", _("Karriereplanen kan deles med tilbydere")


class ConsentQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date | None = None) -> ConsentQuerySet:
        today = today or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Consent(models.Model):
    """A person's consent to one purpose, optionally for one party (an organisation's name or
    number; blank means any party the purpose covers). Withdrawal takes effect at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("formål"), max_length=40, choices=Purpose.choices)
    party = models.CharField(_("gjelder for"), max_length=200, blank=True)
    given_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents_given"
    )
    given_at = models.DateTimeField(default=timezone.now)
    scope = models.TextField(_("hva samtykket gjelder"), blank=True)
    ends_on = models.DateField(_("gjelder til og med"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["person", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.person})"

    def is_in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.withdrawn_at is None and (self.ends_on is None or self.ends_on >= today)


class DataRequest(models.Model):
    """A person's request to correct or delete what we hold about them."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("retting")
        DELETION = "deletion", _("sletting")

    class Status(models.TextChoices):
        RECEIVED = "received", _("mottatt")
        DONE = "done", _("behandlet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="data_requests")
    made_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(_("hva gjelder det"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    # What was done, in plain words for the person: what was removed, what is kept and why.
    outcome = models.TextField(_("hva vi gjorde"), blank=True)

    class Meta:
        verbose_name = _("forespørsel om egne data")
        verbose_name_plural = _("forespørsler om egne data")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"


class OrganisationKind(models.TextChoices):
    """What kind of body a staff user works for; decides which roles they can hold there."""

    ALLOCATION_OFFICE = "allocation_office", _("tildelingskontor i kommunen")
    NAV_OFFICE = "nav_office", _("NAV-kontor")
    PROVIDER = "provider", _("tjenesteleverandør")
    SCHOOL = "school", _("skole")
    CAREER_CENTRE = "career_centre", _("karrieresenter")
    EMPLOYER = "employer", _("arbeidsgiver")
    MUNICIPALITY = "municipality", _("kommunens administrasjon")
    PLATFORM = "platform", _("Veivalg (drift)")


class StaffRoleKind(models.TextChoices):
    CASEWORKER = "caseworker", _("saksbehandler i tildelingskontoret")
    NAV_COUNSELLOR = "nav_counsellor", _("NAV-veileder")
    PROVIDER_STAFF = "provider_staff", _("ansatt hos tjenesteleverandør")
    SCHOOL_COUNSELLOR = "school_counsellor", _("lærer eller rådgiver")
    CAREER_COUNSELLOR = "career_counsellor", _("karriereveileder")
    EMPLOYER = "employer", _("arbeidsgiver")
    EDITOR = "editor", _("redaktør")
    ANALYST = "analyst", _("analytiker")
    ADMINISTRATOR = "administrator", _("administrator")


# Which roles a kind of organisation can give. A caseworker belongs to an allocation office and
# a NAV counsellor to a NAV office, so their caseloads follow from the office's municipalities.
ROLES_BY_ORGANISATION_KIND: dict[str, set[str]] = {
    OrganisationKind.ALLOCATION_OFFICE: {StaffRoleKind.CASEWORKER, StaffRoleKind.ANALYST},
    OrganisationKind.NAV_OFFICE: {StaffRoleKind.NAV_COUNSELLOR, StaffRoleKind.ANALYST},
    OrganisationKind.PROVIDER: {StaffRoleKind.PROVIDER_STAFF},
    OrganisationKind.SCHOOL: {StaffRoleKind.SCHOOL_COUNSELLOR},
    OrganisationKind.CAREER_CENTRE: {StaffRoleKind.CAREER_COUNSELLOR},
    OrganisationKind.EMPLOYER: {StaffRoleKind.EMPLOYER},
    OrganisationKind.MUNICIPALITY: {StaffRoleKind.EDITOR, StaffRoleKind.ANALYST},
    OrganisationKind.PLATFORM: {StaffRoleKind.ADMINISTRATOR, StaffRoleKind.ANALYST, StaffRoleKind.EDITOR},
}


class Organisation(models.Model):
    """A body whose staff use Veivalg: an allocation office, a NAV office, a provider, a school…

    `municipalities` is the area it serves: one for an allocation office, several for a NAV
    office that serves more than one municipality. A provider links to its directory entry.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    municipalities = models.ManyToManyField(
        "places.Municipality", related_name="organisations", blank=True, verbose_name=_("kommuner")
    )
    provider = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_organisations",
        verbose_name=_("tilbyder i katalogen"),
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from stdnum.no import orgnr

        if self.org_number:
            if not orgnr.is_valid(self.org_number):
                raise ValidationError(
                    {
                        "org_number": _(
                            "Organisasjonsnummeret er ikke gyldig. Det har ni sifre, for eksempel 974760673."
                        )
                    }
                )
            self.org_number = orgnr.compact(self.org_number)


class StaffRoleQuerySet(models.QuerySet):
    def of(self, user, *kinds: str) -> StaffRoleQuerySet:
        qs = self.filter(user=user, user__is_active=True)
        return qs.filter(role__in=kinds) if kinds else qs


class StaffRole(models.Model):
    """One role a staff user holds in one organisation. A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roles", verbose_name=_("virksomhet")
    )
    role = models.CharField(_("rolle"), max_length=30, choices=StaffRoleKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StaffRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="staffrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"

    def save(self, *args, **kwargs):
        # A role is staff work: the user signs in through the staff sign-in with a second factor.
        super().save(*args, **kwargs)
        if not self.user.is_staff:
            self.user.is_staff = True
            self.user.save(update_fields=["is_staff"])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation_id and self.role not in ROLES_BY_ORGANISATION_KIND[self.organisation.kind]:
            raise ValidationError(
                {
                    "role": _("Denne rollen finnes ikke i en virksomhet av typen «%(kind)s».")
                    % {"kind": self.organisation.get_kind_display()}
                }
            )
