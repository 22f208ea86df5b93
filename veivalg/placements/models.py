"""Places, capacity, placements, waiting lists, wishes for change and flow meetings (issue 7).

A **placement** is a participant in an offer from a start date (to an end date) with an extent
in days per week; occupancy follows from placements. **Capacity** is set per offer and period,
with places reserved for another municipality by agreement. A **waiting-list entry** comes from
a «waiting list» decision and ends when a place is granted. A **wish for change** (ønske om
endring) is handled in a recurring **flow meeting** (weeks 18 and 41 by default), whose item
outcome starts a new or changed vedtak or tilsagn through the intake's case handling.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FULL_WEEK = Decimal("5")


class CapacityQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> CapacityQuerySet:
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Capacity(models.Model):
    """How many places an offer has in a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey("directory.Offer", on_delete=models.CASCADE, related_name="capacities")
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til og med"), null=True, blank=True)
    places = models.PositiveIntegerField(_("plasser i alt"))
    note = models.CharField(_("merknad"), max_length=200, blank=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        ordering = ["offer", "-starts_on"]
        verbose_name = _("kapasitet")
        verbose_name_plural = _("kapasitet")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="capacity_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer}: {self.places} ({self.starts_on:%d.%m.%Y})"


class Reservation(models.Model):
    """Places in a capacity period reserved for a municipality (by agreement) or a group."""

    capacity = models.ForeignKey(Capacity, on_delete=models.CASCADE, related_name="reservations")
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    for_group = models.CharField(_("for hvem"), max_length=200, blank=True)
    places = models.PositiveIntegerField(_("plasser"))

    class Meta:
        verbose_name = _("reserverte plasser")
        verbose_name_plural = _("reserverte plasser")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(for_group=""), name="reservation_for_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.places} → {self.municipality or self.for_group}"


class PlacementQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> PlacementQuerySet:
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date | None) -> PlacementQuerySet:
        qs = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        return qs if ends_on is None else qs.filter(starts_on__lte=ends_on)

    def for_providers(self, organisations) -> PlacementQuerySet:
        return self.filter(offer__organization__staff_organisations__in=organisations)


class Placement(models.Model):
    """A participant in an offer for a period, some days a week. Combinations are several
    placements at once; together they may not pass a full week (five days)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="placements")
    offer = models.ForeignKey("directory.Offer", on_delete=models.PROTECT, related_name="placements")
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="placements",
        help_text=_("Kommunen deltakeren bor i (den som bruker plassen)."),
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til og med"), null=True, blank=True)
    days_per_week = models.DecimalField(
        _("dager per uke"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(FULL_WEEK)],
    )
    decision = models.ForeignKey(
        "intake.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    confirmed_by_provider_at = models.DateTimeField(null=True, blank=True)
    over_capacity_reason = models.TextField(_("hvorfor over kapasitet"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("plassering")
        verbose_name_plural = _("plasseringer")
        indexes = [models.Index(fields=["offer", "starts_on", "ends_on"], name="placement_offer_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="placement_dates",
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gt=0, days_per_week__lte=5), name="placement_extent_in_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.offer}"

    @property
    def over_capacity(self) -> bool:
        return bool(self.over_capacity_reason)


class WaitingListQuerySet(models.QuerySet):
    def waiting(self) -> WaitingListQuerySet:
        return self.filter(left_on__isnull=True)


class WaitingListEntry(models.Model):
    """Someone waiting for a place: from a «waiting list» decision (or NAV's VTA list)."""

    class Reason(models.TextChoices):
        GRANTED = "granted", _("fikk plass")
        REFUSED = "refused", _("fikk avslag")
        WITHDRAWN = "withdrawn", _("trakk søknaden")
        MOVED = "moved", _("flyttet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="waiting_list_entries"
    )
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.PROTECT, null=True, blank=True, related_name="waiting_list"
    )
    kind = models.ForeignKey("directory.OfferKind", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="waiting_lists"
    )
    part = models.ForeignKey(
        "intake.CasePart", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    since = models.DateField(_("venter siden"))
    priority = models.PositiveSmallIntegerField(
        _("prioritet"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 er mest akutt."),
    )
    priority_reasons = models.TextField(_("begrunnelse for prioritet"), blank=True)
    preferences = models.TextField(_("ønsker"), blank=True)
    left_on = models.DateField(_("ute av listen"), null=True, blank=True)
    left_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = WaitingListQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "since"]
        verbose_name = _("venteliste")
        verbose_name_plural = _("ventelister")
        indexes = [models.Index(fields=["municipality", "kind", "left_on"], name="waiting_mun_kind_idx")]

    def __str__(self) -> str:
        return f"{self.person} ({self.kind})"

    def days_waiting(self, today: datetime.date | None = None) -> int:
        return ((self.left_on or today or timezone.localdate()) - self.since).days


class ChangeWish(models.Model):
    """A participant's wish to change their offer, registered by them, a relative or a provider."""

    class Kind(models.TextChoices):
        MORE = "more", _("mer tid")
        LESS = "less", _("mindre tid")
        OTHER_PROVIDER = "other_provider", _("et annet sted")
        ORDINARY = "ordinary", _("jobb i en vanlig bedrift")
        COMBINATION = "combination", _("kombinere to tilbud")
        STOP = "stop", _("slutte")

    class Status(models.TextChoices):
        OPEN = "open", _("registrert")
        ON_AGENDA = "on_agenda", _("satt opp i møte")
        DONE = "done", _("behandlet")
        WITHDRAWN = "withdrawn", _("trukket")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="change_wishes")
    placement = models.ForeignKey(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="wishes"
    )
    kind = models.CharField(_("ønske"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("hvorfor"))
    goals = models.TextField(_("mål fra karriereplanen"), blank=True)
    registered_by_person = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("utfall"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ønske om endring")
        verbose_name_plural = _("ønsker om endring")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class FlowMeeting(models.Model):
    """The recurring flow meeting (weeks 18 and 41) for a municipality or a region."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planlagt")
        HELD = "held", _("holdt")
        CLOSED = "closed", _("lukket")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("navn"), max_length=200)
    municipalities = models.ManyToManyField("places.Municipality", related_name="flow_meetings")
    held_on = models.DateField(_("dato"))
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("ansvarlig kontor"),
    )
    invited = models.ManyToManyField("accounts.Organisation", related_name="meeting_invitations", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes_pdf = models.FileField(upload_to="placements/minutes/", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("flytmøte")
        verbose_name_plural = _("flytmøter")

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%d.%m.%Y}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class MeetingItemQuerySet(models.QuerySet):
    def shown_to_providers(self, organisations) -> MeetingItemQuerySet:
        """The items a provider invited to the meeting may see: those about its own offers or
        its own participants. `organisations` are the provider's staff organisations
        (accounts.Organisation, linked to the directory through `provider`); only the ones
        invited to an item's meeting count for that meeting.

        An item is shown when one of those providers runs (a) the offer the item itself is about:
        the placement that ends, the offer waited for, or the placement a wish is about; or
        (b) a placement the person has that is running on the meeting day (it may end soon
        after). A wish with no placement, waiting for a kind of offer only, or a placement that
        ended before the meeting day or starts after it does not connect a person to a provider.
        """
        from veivalg.accounts.models import Organisation

        invited = Organisation.objects.filter(pk__in=organisations, provider__isnull=False)
        providers = invited.filter(meeting_invitations=OuterRef("meeting_id")).values("provider_id")
        about_offer = (
            Q(placement__offer__organization__in=providers)
            | Q(waiting__offer__organization__in=providers)
            | Q(wish__placement__offer__organization__in=providers)
        )
        day = OuterRef("meeting__held_on")
        running = Placement.objects.filter(
            person_id=OuterRef("person_id"),
            offer__organization__in=invited.filter(
                meeting_invitations=OuterRef(OuterRef("meeting_id"))
            ).values("provider_id"),
        ).active_on(day)
        return self.filter(about_offer | Exists(running))


class MeetingItem(models.Model):
    """One participant on a flow meeting's agenda, why they are there, and what was agreed."""

    class Source(models.TextChoices):
        WISH = "wish", _("ønske om endring")
        WAITING = "waiting", _("venter på plass")
        ENDING = "ending", _("plass tar slutt")

    class Outcome(models.TextChoices):
        NONE = "", _("ikke behandlet")
        NO_CHANGE = "no_change", _("ingen endring nå")
        NEW_DECISION = "new_decision", _("nytt eller endret vedtak/tilsagn")
        POSTPONED = "postponed", _("utsatt til neste møte")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(FlowMeeting, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    wish = models.ForeignKey(
        ChangeWish, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    waiting = models.ForeignKey(
        WaitingListEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes = models.TextField(_("referat"), blank=True)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    new_part = models.ForeignKey(
        "intake.CasePart", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = MeetingItemQuerySet.as_manager()

    class Meta:
        ordering = ["source", "person__display_name"]
        verbose_name = _("sak i flytmøte")
        verbose_name_plural = _("saker i flytmøte")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.person}"
