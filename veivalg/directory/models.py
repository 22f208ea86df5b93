"""The offer directory: organisations, locations, offers (HSDS 'services') and their taxonomy.

Offers are Wagtail snippets with drafts and revisions: what the public sees is the live row;
a saved draft lives in a revision until an editor publishes it.
"""

from __future__ import annotations

import copy
import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, URLValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

from veivalg.places.models import Municipality, slugify_no

WEB_SCHEMES = ("http", "https")

# Its own code, so a form field's generic «invalid» message does not replace this one.
validate_web_address = URLValidator(
    schemes=list(WEB_SCHEMES),
    message=_("Skriv en nettadresse som begynner med http:// eller https://."),
    code="not_web_address",
)


def web_address(value: str) -> str:
    """The address when it is a web page (http or https), else "". Links on the site and in the
    API use this, so a `javascript:` or `data:` address stored before the check is never a link."""
    scheme, separator, _rest = (value or "").partition(":")
    return value if separator and scheme.lower() in WEB_SCHEMES else ""


class Area(models.TextChoices):
    WORK = "arbeid", _("Arbeid")
    EDUCATION = "utdanning", _("Utdanning")
    ACTIVITY = "aktivitet", _("Aktivitet")
    LEISURE = "fritid", _("Fritid")


class IntakeRoute(models.TextChoices):
    """Who decides on a place: the municipal allocation office (vedtak), NAV (tilsagn), or nobody."""

    VEDTAK = "vedtak", _("Vedtak fra kommunen (tildelingskontoret)")
    NAV = "nav", _("Tilsagn fra NAV")
    DIRECT = "direkte", _("Direkte til tilbyderen")
    SCHOOL = "skole", _("Gjennom skolen")


class AgeGroup(models.TextChoices):
    YOUTH = "ung", _("Ung (16–25 år)")
    ADULT = "voksen", _("Voksen (26–66 år)")
    SENIOR = "eldre", _("67 år og eldre")

    @property
    def bounds(self) -> tuple[int, int]:
        return {"ung": (16, 25), "voksen": (26, 66), "eldre": (67, 120)}[self.value]


class OfferKind(models.Model):
    """A kind of offer (VTA, dagtilbud, …); published as an HSDS taxonomy term."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_nn = models.CharField(_("navn på nynorsk"), max_length=100)
    name_en = models.CharField(_("navn på engelsk"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_nn = models.TextField(_("beskrivelse på nynorsk"), blank=True)
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    default_intake_route = models.CharField(max_length=20, choices=IntakeRoute.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("tilbudstype")
        verbose_name_plural = _("tilbudstyper")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        language = get_language()
        if language == "nn":
            return self.name_nn
        if language == "en":
            return self.name_en
        return self.name


class Organization(RevisionMixin, ClusterableModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_nn = models.TextField(_("beskrivelse på nynorsk"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("nettside"), blank=True, validators=[validate_web_address])
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("kommune")
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tilbyder")
        verbose_name_plural = _("tilbydere")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organization, self.name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:organization", kwargs={"slug": self.slug})

    @property
    def web_address(self) -> str:
        return web_address(self.website)


class Location(RevisionMixin, ClusterableModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", verbose_name=_("tilbyder")
    )
    name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=200)
    postal_code = models.CharField(_("postnummer"), max_length=4)
    city = models.CharField(_("poststed"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="locations", verbose_name=_("kommune")
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = models.TextField(_("tilgjengelighet"), blank=True)
    accessibility_nn = models.TextField(_("tilgjengelighet på nynorsk"), blank=True)
    transport = models.TextField(_("transport"), blank=True)
    transport_nn = models.TextField(_("transport på nynorsk"), blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sted")
        verbose_name_plural = _("steder")

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("mandag")
    TUESDAY = 2, _("tirsdag")
    WEDNESDAY = 3, _("onsdag")
    THURSDAY = 4, _("torsdag")
    FRIDAY = 5, _("fredag")
    SATURDAY = 6, _("lørdag")
    SUNDAY = 7, _("søndag")


class OpeningHours(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=Weekday.choices)
    opens_at = models.TimeField(_("åpner"))
    closes_at = models.TimeField(_("stenger"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("åpningstid")
        verbose_name_plural = _("åpningstider")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="opening_hours_close_after_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("Aktivt")
    INACTIVE = "inactive", _("Midlertidig stengt")
    DEFUNCT = "defunct", _("Avviklet")


class OfferQuerySet(models.QuerySet):
    def published(self) -> OfferQuerySet:
        return self.filter(live=True).exclude(status=OfferStatus.DEFUNCT)

    def for_municipality(self, municipality: Municipality) -> OfferQuerySet:
        """Offers open to the municipality's residents: its own and neighbours' that take them."""
        return self.filter(coverage__municipality=municipality).distinct()

    def past_review(self, today: datetime.date | None = None) -> OfferQuerySet:
        return self.filter(review_by__lt=today or timezone.localdate())

    def with_related(self) -> OfferQuerySet:
        return self.select_related("kind", "organization", "owner_municipality")


class Offer(index.Indexed, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """An offer (tilbud): what someone can take part in. HSDS calls this a service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="offers", verbose_name=_("tilbyder")
    )
    kind = models.ForeignKey(
        OfferKind, on_delete=models.PROTECT, related_name="offers", verbose_name=_("tilbudstype")
    )
    area = models.CharField(_("område"), max_length=20, choices=Area.choices, editable=False)
    title = models.CharField(_("navn"), max_length=200)
    title_nn = models.CharField(_("navn på nynorsk"), max_length=200, blank=True)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    summary = models.TextField(_("kort om tilbudet"), max_length=600)
    summary_nn = models.TextField(_("kort om tilbudet på nynorsk"), max_length=600, blank=True)
    easy_read = models.TextField(
        _("lettlest sammendrag"), blank=True, help_text=_("Korte setninger og vanlige ord. LIX under 30.")
    )
    easy_read_nn = models.TextField(_("lettlest sammendrag på nynorsk"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_nn = models.TextField(_("beskrivelse på nynorsk"), blank=True)
    eligibility = models.TextField(_("hvem tilbudet er for"), blank=True)
    eligibility_nn = models.TextField(_("hvem tilbudet er for, nynorsk"), blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("alder fra"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("alder til"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    intake_route = models.CharField(_("hvem avgjør"), max_length=20, choices=IntakeRoute.choices)
    how_to_apply = models.TextField(_("slik søker du"), blank=True)
    how_to_apply_nn = models.TextField(_("slik søker du, nynorsk"), blank=True)
    application_deadline = models.DateField(_("søknadsfrist"), null=True, blank=True)
    rolling_intake = models.BooleanField(_("løpende opptak"), default=False)
    cost = models.CharField(_("pris"), max_length=200, blank=True)
    cost_nn = models.CharField(_("pris, nynorsk"), max_length=200, blank=True)
    places_total = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    url = models.URLField(_("nettside"), blank=True, validators=[validate_web_address])
    next_open_day = models.DateField(_("neste åpne dag"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default="active")
    owner_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="owned_offers",
        verbose_name=_("ansvarlig kommune"),
        help_text=_("Kommunen som holder informasjonen oppdatert."),
    )
    review_by = models.DateField(_("kontrolleres innen"))
    last_checked_on = models.DateField(_("sist kontrollert"), null=True, blank=True)
    checked_by = models.CharField(_("kontrollert av (kontor)"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Text prepared by the Norwegian analyser (directory.search); the database indexes this.
    search_title = models.TextField(editable=False, blank=True)
    search_document = models.TextField(editable=False, blank=True)

    objects = OfferQuerySet.as_manager()

    # SQLite's index has two columns: fields named "title" go to the boosted title column, the
    # rest to the body. The indexed copy (as_search_document) carries the analysed title there;
    # the raw text is indexed too, for exact forms and for the plain-search baseline.
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("search_document"),
        index.SearchField("indexed_raw_title"),
        *[
            index.SearchField(f)
            for f in ("title_nn", "summary", "summary_nn", "description", "description_nn")
        ],
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("area"),
        index.FilterField("intake_route"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="offer_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Offer, self.title, self.pk)
        if self.kind_id:
            self.area = self.kind.area
        # A draft revision saves only bookkeeping fields; the live search text must stay.
        if kwargs.get("update_fields") is None:
            from .search import build_search_text

            self.search_title, self.search_document = build_search_text(self)
        super().save(*args, **kwargs)

    def get_indexed_instance(self) -> Offer | None:
        # Index what is stored and public, never unsaved draft values held in memory; the
        # index holds published offers only, so a search needs no extra filter for them.
        stored = Offer.objects.published().filter(pk=self.pk).first()
        return stored.as_search_document() if stored else None

    @classmethod
    def get_indexed_objects(cls) -> OfferQuerySet:
        return cls.objects.published()

    def as_search_document(self) -> Offer:
        """An unsaved copy for the index: the analysed title in place of the title."""
        document = copy.copy(self)
        document._raw_title = self.title
        document.title = self.search_title
        if connection.vendor == "sqlite":
            # SQLite stores UUID keys as 32 hex digits; modelsearch matches index entries to
            # rows by comparing text, so the entry must carry the same form (see docs/decisions).
            document.id = self.pk.hex
        return document

    def indexed_raw_title(self) -> str:
        return getattr(self, "_raw_title", self.title)

    def get_absolute_url(self) -> str:
        return reverse("directory:offer", kwargs={"slug": self.slug})

    @property
    def web_address(self) -> str:
        return web_address(self.url)

    @property
    def is_review_overdue(self) -> bool:
        return self.review_by < timezone.localdate()

    def deadline_is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.rolling_intake or self.application_deadline is None or self.application_deadline >= today


class OfferCoverage(models.Model):
    """A municipality whose residents the offer takes, with places reserved by agreement."""

    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="coverage")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="offer_coverage", verbose_name=_("kommune")
    )
    reserved_places = models.PositiveIntegerField(_("reserverte plasser"), null=True, blank=True)

    class Meta:
        verbose_name = _("kommune som kan bruke tilbudet")
        verbose_name_plural = _("kommuner som kan bruke tilbudet")
        constraints = [
            models.UniqueConstraint(fields=["offer", "municipality"], name="offer_coverage_unique")
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class OfferLocation(models.Model):
    """An offer delivered at a location (HSDS service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="offer_locations")
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="offer_locations", verbose_name=_("sted")
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("sted for tilbudet")
        verbose_name_plural = _("steder for tilbudet")
        constraints = [models.UniqueConstraint(fields=["offer", "location"], name="offer_location_unique")]

    def __str__(self) -> str:
        return str(self.location)


class ErrorReport(models.Model):
    """A reader's note that something on an offer page is wrong."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="error_reports")
    message = models.TextField(_("hva er feil"), max_length=2000)
    email = models.EmailField(_("e-post"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(_("behandlet"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feilmelding")
        verbose_name_plural = _("feilmeldinger")

    def __str__(self) -> str:
        return f"{self.offer} ({self.created_at:%Y-%m-%d})"


class SearchSynonym(models.Model):
    """Words search treats as the same: 'vta, varig tilrettelagt arbeid' or 'tilbud, tilbod'."""

    terms = models.CharField(
        _("ord som betyr det samme"),
        max_length=500,
        help_text=_("Skill med komma. Det første ordet brukes som hovedform."),
    )
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym i søk")
        verbose_name_plural = _("synonymer i søk")

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [t.strip().lower() for t in self.terms.split(",") if t.strip()]


def unique_slug(model: type[models.Model], text: str, pk: object) -> str:
    base = slugify_no(text)[:200] or "tilbud"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def default_review_by() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.OFFER_REVIEW_INTERVAL_DAYS)


class SearchTerm(models.Model):
    """Every analysed word in the index: the vocabulary that typo correction and compound splitting use."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.term
