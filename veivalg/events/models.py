"""Events (arrangementer) and the annual wheel (årshjul), and registrations for events.

An *årshjul* is the yearly calendar of deadlines and events a family needs to know about: the
application deadline 1 February, the information meeting around week 39, open days, the job fair,
Veivalg days, decision letters and start dates. Events people can attend and milestones that are
only dates (deadline, decision letters, start) are the same model; a milestone is an event whose
kind is in ``MILESTONE_KINDS`` and never takes registrations.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from veivalg.directory.search import AnalysedSearchMixin
from veivalg.places.models import Municipality, slugify_no


class EventKind(models.TextChoices):
    INFORMATION_MEETING = "informasjonsmote", _("Informasjonsmøte")
    OPEN_DAY = "apen-dag", _("Åpen dag")
    JOB_FAIR = "jobbmesse", _("Jobbmesse")
    COURSE = "kurs", _("Kurs")
    VEIVALG_DAYS = "veivalgdager", _("Veivalgdager")
    APPLICATION_DEADLINE = "soknadsfrist", _("Søknadsfrist")
    DECISION_LETTERS = "vedtaksbrev", _("Svar på søknaden (vedtaksbrev)")
    START = "oppstart", _("Oppstart")


MILESTONE_KINDS = frozenset({EventKind.APPLICATION_DEADLINE, EventKind.DECISION_LETTERS, EventKind.START})


class Audience(models.TextChoices):
    """Who an event is for; the values are the `malgruppe` query parameter of the feeds."""

    YOUNG = "ung", _("Unge")
    RELATIVES = "parorende", _("Pårørende")
    PROFESSIONALS = "fagfolk", _("Fagfolk")


AUDIENCE_FIELDS = {
    Audience.YOUNG: "for_young",
    Audience.RELATIVES: "for_relatives",
    Audience.PROFESSIONALS: "for_professionals",
}


def school_year_of(day: datetime.date) -> int:
    """The school year a date belongs to, by its first calendar year (August–July)."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """1 August of `year` to 1 August the year after, as aware datetimes in Oslo time."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime(year, 8, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 8, 1, tzinfo=zone)


class EventQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None) -> EventQuerySet:
        """Not over yet: events still running count as upcoming."""
        now = now or timezone.now()
        return self.filter(models.Q(ends_at__gte=now) | models.Q(ends_at__isnull=True, starts_at__gte=now))

    def attendable(self) -> EventQuerySet:
        return self.exclude(kind__in=MILESTONE_KINDS)

    def for_audience(self, audience: str) -> EventQuerySet:
        return self.filter(**{AUDIENCE_FIELDS[Audience(audience)]: True})

    def in_school_year(self, year: int) -> EventQuerySet:
        start, end = school_year_bounds(year)
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def with_related(self) -> EventQuerySet:
        return self.select_related("municipality")


class Event(AnalysedSearchMixin, index.Indexed, models.Model):
    """An information meeting, open day, job fair, course or Veivalg day, or a milestone date."""

    kind = models.CharField(_("type"), max_length=30, choices=EventKind.choices)
    slug = models.SlugField(max_length=140, unique=True, blank=True)
    title = models.CharField(_("tittel"), max_length=200)
    title_nn = models.CharField(_("tittel på nynorsk"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_nn = models.TextField(_("beskrivelse på nynorsk"), blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    all_day = models.BooleanField(
        _("hele dagen"), default=False, help_text=_("For frister og datoer uten klokkeslett.")
    )
    place_name = models.CharField(_("sted"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    accessibility = models.TextField(_("tilgjengelighet"), blank=True)
    accessibility_nn = models.TextField(_("tilgjengelighet på nynorsk"), blank=True)
    for_young = models.BooleanField(_("for unge"), default=True)
    for_relatives = models.BooleanField(_("for pårørende"), default=True)
    for_professionals = models.BooleanField(_("for fagfolk"), default=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="events", verbose_name=_("kommune")
    )
    organiser = models.CharField(_("arrangør"), max_length=200, blank=True)
    organiser_email = models.EmailField(_("arrangørens e-post"), blank=True)
    capacity = models.PositiveIntegerField(
        _("antall plasser"), null=True, blank=True, help_text=_("Tomt betyr ubegrenset.")
    )
    registration_open = models.BooleanField(_("påmelding åpen"), default=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The newest change is the version of the cached annual wheel and feed (events/caching.py).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = EventQuerySet.as_manager()

    # Searched with the directory's Norwegian analyser (see AnalysedSearchMixin).
    search_fields = [index.SearchField("title", boost=4), index.SearchField("search_document")]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> tuple[str, list[str]]:
        texts = [
            self.description,
            self.description_nn,
            self.get_kind_display(),
            self.place_name,
            self.address,
        ]
        texts += [self.municipality.name, self.municipality.name_nn, self.organiser]
        return f"{self.title} {self.title_nn}", texts

    def get_indexed_instance(self):
        stored = Event.objects.select_related("municipality").filter(pk=self.pk).first()
        return stored.analysed_copy() if stored else None

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        local = timezone.localtime(self.starts_at) if timezone.is_aware(self.starts_at) else self.starts_at
        base = f"{slugify_no(self.title)[:100]}-{local:%Y-%m-%d}".strip("-")
        slug, n = base, 2
        while Event.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_milestone(self) -> bool:
        return self.kind in MILESTONE_KINDS

    @property
    def audiences(self) -> list[Audience]:
        return [a for a, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return (self.ends_at or self.starts_at) < (now or timezone.now())

    def takes_registrations(self, now: datetime.datetime | None = None) -> bool:
        return not self.is_milestone and self.registration_open and not self.is_past(now)

    def confirmed_count(self) -> int:
        return self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()

    def places_left(self) -> int | None:
        """None when there is no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count(), 0)


class RegistrationStatus(models.TextChoices):
    """A sign-up is `pending` until the person opens the link in the e-mail (double opt-in);
    then it is `confirmed` (a place) or `waiting` (the waiting list), by the places left at that
    moment. A pending sign-up holds no place and no one sees it in the participant list."""

    PENDING = "pending", _("Venter på bekreftelse")
    CONFIRMED = "confirmed", _("Påmeldt")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Avmeldt")


# Holding a place or a place in line.
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
# Not cancelled: at most one of these per e-mail address and event.
OPEN_STATUSES = (RegistrationStatus.PENDING, *ACTIVE_STATUSES)


def new_reference() -> str:
    """A short reference a person can read out on the phone: no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def new_cancel_token() -> str:
    return secrets.token_urlsafe(32)


def new_confirm_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def open(self) -> RegistrationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def pending(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.PENDING)

    def unconfirmed_since(self, cutoff: datetime.datetime) -> RegistrationQuerySet:
        """Pending sign-ups made before `cutoff` (their link has expired)."""
        return self.pending().filter(created_at__lt=cutoff)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        """In the order they will be moved up: by when they confirmed their sign-up."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("email_confirmed_at", "pk")


class Registration(models.Model):
    """A person's registration for an event, made without an account."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    reference = models.CharField(max_length=9, unique=True, default=new_reference)
    cancel_token = models.CharField(max_length=64, unique=True, default=new_cancel_token)
    # The link in the first e-mail (double opt-in); a new sign-up with the same address while
    # pending gets a new one. Empty for sign-ups made before confirmation was asked for.
    confirm_token = models.CharField(max_length=64, unique=True, null=True, default=new_confirm_token)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    needs_interpreter = models.BooleanField(_("tolk"), default=False)
    needs_sign_language = models.BooleanField(_("tegnspråktolk"), default=False)
    needs_wheelchair = models.BooleanField(_("rullestoltilgang"), default=False)
    needs_other = models.CharField(_("andre behov"), max_length=500, blank=True)
    wants_reminder = models.BooleanField(_("vil ha påminnelse"), default=False)
    language = models.CharField(max_length=5, default="nb")
    created_at = models.DateTimeField(default=timezone.now)
    # When the person opened the link: their place in the queue for places and the waiting list.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_failed_at = models.DateTimeField(null=True, blank=True)
    reminder_queued_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_registration_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def needs(self) -> list[str]:
        listed = [
            str(self._meta.get_field(field).verbose_name)
            for field in ("needs_interpreter", "needs_sign_language", "needs_wheelchair")
            if getattr(self, field)
        ]
        if self.needs_other:
            listed.append(self.needs_other)
        return listed

    def waiting_position(self) -> int | None:
        if self.status != RegistrationStatus.WAITING:
            return None
        ahead = self.event.registrations.waiting().filter(
            models.Q(email_confirmed_at__lt=self.email_confirmed_at)
            | models.Q(email_confirmed_at=self.email_confirmed_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    @property
    def confirm_before(self) -> datetime.datetime:
        """When the link in the first e-mail stops working."""
        return self.created_at + datetime.timedelta(hours=settings.EVENT_CONFIRMATION_HOURS)

    def confirmation_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.status == RegistrationStatus.PENDING and (now or timezone.now()) >= self.confirm_before
