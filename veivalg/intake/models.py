"""Applications (søknad) and cases (sak) for work and activity: felles inntak, one way in.

An `Application` is what the applicant (or someone acting for them) fills in, step by step; its
answers are kept as a draft until it is submitted. Submitting turns it into one `Case` with one
`CasePart` per deciding office: the allocation office's vedtak for municipal places and NAV's
tilsagn for state-funded places (VTA, VTO, AFT). Both offices see the whole case.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .states import AWAITING_DECISION, OPEN, PartStatus

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def private_storage():
    """Attachments, letters and copies live outside the web root, served only through views that
    check who may see them (settings.STORAGES["private"])."""
    from django.core.files.storage import storages

    return storages["private"]


class Route(models.TextChoices):
    """Who decides: the municipality (vedtak) or NAV (tilsagn). Values match IntakeRoute."""

    VEDTAK = "vedtak", _("vedtak fra kommunen")
    NAV = "nav", _("tilsagn fra NAV")


class IntakeDeadline(models.Model):
    """The main intake deadline for municipal places in one municipality and year.

    Without a row the default is 1 February (settings.INTAKE_DEFAULT_DEADLINE). `answer_by` is
    when the office aims to have decided the round's applications.
    """

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="intake_deadlines"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    deadline = models.DateField(_("søknadsfrist"))
    answer_by = models.DateField(_("svar innen"))

    class Meta:
        verbose_name = _("søknadsfrist")
        verbose_name_plural = _("søknadsfrister")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="intake_deadline_unique"),
            models.CheckConstraint(
                condition=Q(answer_by__gte=models.F("deadline")), name="answer_after_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.deadline:%d.%m.%Y}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("utkast")
    SUBMITTED = "submitted", _("sendt")


class ApplicationQuerySet(models.QuerySet):
    def drafts(self) -> ApplicationQuerySet:
        return self.filter(status=ApplicationStatus.DRAFT)

    def for_applicant(self, person) -> ApplicationQuerySet:
        return self.filter(applicant=person).order_by("-updated_at")


class Application(models.Model):
    """One application, filled in step by step. `answers` holds each step's answers by step key.

    `version` grows at every save, so a second tab with an older copy is refused instead of
    overwriting (optimistic locking).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, null=True, blank=True, editable=False)
    applicant = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="applications")
    started_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A teacher or school counsellor helping the family (with the school-information consent).
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_with_school = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    easy_read = models.BooleanField(_("lettlest"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(_("etter fristen"), default=False)
    round_year = models.PositiveSmallIntegerField(_("opptaksrunde"), null=True, blank=True)
    pdf = models.FileField(upload_to="intake/applications/", storage=private_storage, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        indexes = [models.Index(fields=["applicant", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(reference__isnull=False) & Q(submitted_at__isnull=False)),
                name="submitted_application_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("Utkast"))

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    def answer(self, step: str, field: str, default=None):
        return (self.answers.get(step) or {}).get(field, default)


class Choice(models.Model):
    """One thing applied for, in order of preference; combinations carry days per week."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    preference = models.PositiveSmallIntegerField(_("prioritet"))
    offer = models.ForeignKey("directory.Offer", on_delete=models.PROTECT, related_name="+")
    route = models.CharField(max_length=10, choices=Route.choices)
    days_per_week = models.PositiveSmallIntegerField(_("dager per uke"), null=True, blank=True)

    class Meta:
        ordering = ["preference"]
        verbose_name = _("ønsket tilbud")
        verbose_name_plural = _("ønskede tilbud")
        constraints = [
            models.UniqueConstraint(fields=["application", "offer"], name="choice_offer_once"),
            models.CheckConstraint(
                condition=Q(days_per_week__isnull=True) | Q(days_per_week__gte=1, days_per_week__lte=5),
                name="choice_days_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.preference}. {self.offer}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the original name may hold personal data.
    return f"intake/attachments/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    description = models.CharField(_("hva vedlegget er"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.original_name


class CaseQuerySet(models.QuerySet):
    def for_applicant(self, person) -> CaseQuerySet:
        return self.filter(applicant=person).order_by("-created_at")


class Case(models.Model):
    """One case per submitted application; what the applicant follows as one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="case")
    applicant = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="cases")
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, related_name="cases")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")

    def __str__(self) -> str:
        return self.application.reference or str(self.pk)

    @property
    def reference(self) -> str:
        return self.application.reference


class CasePartQuerySet(models.QuerySet):
    def for_offices(self, organisations) -> CasePartQuerySet:
        return self.filter(office__in=organisations)

    def open(self) -> CasePartQuerySet:
        return self.filter(status__in=OPEN)

    def awaiting_decision(self) -> CasePartQuerySet:
        return self.filter(status__in=AWAITING_DECISION)


class CasePart(models.Model):
    """The part of a case one office decides, with its own status (see states.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parts")
    route = models.CharField(max_length=10, choices=Route.choices)
    office = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="case_parts", verbose_name=_("kontor")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PartStatus.choices, default=PartStatus.RECEIVED, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_case_parts",
        verbose_name=_("saksbehandler"),
    )
    answer_due = models.DateField(_("svar innen"), null=True, blank=True)
    is_late = models.BooleanField(_("etter fristen"), default=False)
    round_year = models.PositiveSmallIntegerField(_("opptaksrunde"), null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = CasePartQuerySet.as_manager()

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("saksdel")
        verbose_name_plural = _("saksdeler")
        indexes = [models.Index(fields=["office", "status", "received_at"], name="intake_part_queue_idx")]
        constraints = [models.UniqueConstraint(fields=["case", "route"], name="one_part_per_route")]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_route_display()}"

    @property
    def choices(self):
        return self.case.application.choices.filter(route=self.route).select_related("offer")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def days_open(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        end = timezone.localdate(self.decided_at) if self.decided_at else today
        return (end - timezone.localdate(self.received_at)).days


class CaseEvent(models.Model):
    """The case's history: transitions, notes, messages, clarifications and letters.

    `internal` entries (notes between offices) are never shown to the applicant.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("søknad mottatt")
        TRANSITION = "transition", _("status endret")
        ASSIGNED = "assigned", _("saksbehandler satt")
        NOTE = "note", _("intern merknad")
        MESSAGE_IN = "message_in", _("melding fra søker")
        MESSAGE_OUT = "message_out", _("melding til søker")
        CLARIFICATION = "clarification", _("avklaring")
        DECISION = "decision", _("vedtak eller tilsagn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    part = models.ForeignKey(CasePart, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    from_status = models.CharField(max_length=20, choices=PartStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PartStatus.choices, blank=True)
    text = models.TextField(blank=True)
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("hendelse i sak")
        verbose_name_plural = _("hendelser i saker")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_kind_display()}"


class Clarification(models.Model):
    """A visit (omvisning) or trial period (utprøving) booked at a provider during clarification."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("omvisning")
        TRIAL = "trial", _("utprøving")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("bestilt")
        CONFIRMED = "confirmed", _("bekreftet av tilbyder")
        DONE = "done", _("gjennomført")
        CANCELLED = "cancelled", _("avlyst")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    part = models.ForeignKey(CasePart, on_delete=models.CASCADE, related_name="clarifications")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="clarifications",
        verbose_name=_("tilbyder"),
    )
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("dato"))
    ends_on = models.DateField(_("til og med"), null=True, blank=True)
    note = models.TextField(_("beskjed til tilbyderen"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    outcome = models.TextField(_("hvordan gikk det"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("avklaring")
        verbose_name_plural = _("avklaringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="clarification_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d.%m.%Y}"


class Decision(models.Model):
    """A vedtak (allocation office) or tilsagn (NAV) on a case part, and its letter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    part = models.ForeignKey(CasePart, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(
        _("utfall"),
        max_length=20,
        choices=[
            (PartStatus.GRANTED, PartStatus.GRANTED.label),
            (PartStatus.REFUSED, PartStatus.REFUSED.label),
            (PartStatus.WAITING_LIST, PartStatus.WAITING_LIST.label),
        ],
    )
    offer = models.ForeignKey(
        "directory.Offer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbud"),
    )
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(_("dager per uke"), null=True, blank=True)
    reasons = models.TextField(_("begrunnelse"))
    legal_basis = models.CharField(_("lovgrunnlag"), max_length=300)
    language = models.CharField(_("målform"), max_length=2, choices=[("nb", "bokmål"), ("nn", "nynorsk")])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    complaint_deadline = models.DateField(_("klagefrist"))
    letter = models.FileField(upload_to="intake/letters/", storage=private_storage, blank=True)
    letter_made_at = models.DateTimeField(null=True, blank=True)
    read_by_applicant_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("vedtak eller tilsagn")
        verbose_name_plural = _("vedtak og tilsagn")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="granted") | (Q(offer__isnull=False) & Q(start_date__isnull=False)),
                name="granted_decision_has_offer_and_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part} – {self.get_outcome_display()}"


DECISION_OUTCOME_CHOICES = [
    (PartStatus.GRANTED, PartStatus.GRANTED.label),
    (PartStatus.REFUSED, PartStatus.REFUSED.label),
    (PartStatus.WAITING_LIST, PartStatus.WAITING_LIST.label),
]
LETTER_LANGUAGE_CHOICES = [("nb", "bokmål"), ("nn", "nynorsk")]


class LetterTemplateQuerySet(models.QuerySet):
    def national(self) -> LetterTemplateQuerySet:
        return self.filter(office__isnull=True)

    def in_use(self, *, office, route: str, outcome: str, language: str) -> LetterTemplate | None:
        """The approved wording a letter from `office` uses: the office's own text, else the
        national text. An office template without text of its own follows the national one."""
        found = {
            template.office_id: template
            for template in self.filter(route=route, outcome=outcome, language=language)
            .filter(Q(office__isnull=True) | Q(office=office))
            .exclude(body="")
        }
        return found.get(getattr(office, "pk", None)) or found.get(None)


class LetterTemplate(models.Model):
    """The approved wording of a decision letter for one office, per route, outcome and written
    standard. Without an office it is the national text: the fallback for every office, which
    only a platform administrator may change.

    `title` and `body` are what letters use. Nobody writes them directly: a change is proposed
    (`LetterTemplateChange`) and used only after a second person approves it (see
    letter_templates.py). An office's template with an empty body has no text of its own yet
    and follows the national text. `{placeholders}` are filled from the decision (letters.py).
    """

    office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontor"),
    )
    route = models.CharField(max_length=10, choices=Route.choices)
    outcome = models.CharField(max_length=20, choices=DECISION_OUTCOME_CHOICES)
    language = models.CharField(max_length=2, choices=LETTER_LANGUAGE_CHOICES)
    title = models.CharField(_("overskrift"), max_length=200, blank=True)
    body = models.TextField(_("brevtekst"), blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("brevmal")
        verbose_name_plural = _("brevmaler")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "route", "outcome", "language"], name="one_letter_template_per_office"
            ),
            models.UniqueConstraint(
                fields=["route", "outcome", "language"],
                condition=Q(office__isnull=True),
                name="one_national_letter_template",
            ),
            models.CheckConstraint(
                condition=Q(office__isnull=False) | (~Q(title="") & ~Q(body="")),
                name="national_letter_template_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_route_display()} – {self.get_outcome_display()} ({self.language})"

    @property
    def is_national(self) -> bool:
        return self.office_id is None

    @property
    def follows_national(self) -> bool:
        """An office's template that has no approved text of its own yet."""
        return self.office_id is not None and not self.body


class LetterTemplateChange(models.Model):
    """A proposed new wording for a letter template. Letters keep the approved text until a
    second person at the same office, or an administrator, approves it; the one who proposed it
    cannot. A template has at most one pending change: a newer proposal replaces it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("venter på godkjenning")
        APPROVED = "approved", _("godkjent")
        REJECTED = "rejected", _("avvist")
        REPLACED = "replaced", _("erstattet av en nyere endring")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    template = models.ForeignKey(LetterTemplate, on_delete=models.CASCADE, related_name="changes")
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("brevtekst"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("endring av brevmal")
        verbose_name_plural = _("endringer av brevmaler")
        constraints = [
            models.UniqueConstraint(
                fields=["template"], condition=Q(status="pending"), name="one_pending_letter_template_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} – {self.get_status_display()}"
