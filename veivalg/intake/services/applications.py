"""Applying: a draft from start to submission, and the case the office opens itself.

A draft (`Application`) is started, its answers saved step by step, its choices set, files
attached, the easy-read switch flipped and the draft shared with a school; `submit_application`
turns it into a case with one part per deciding office. `open_change_case` is the office's own
new case («endring»). Views call these and never save the models themselves.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, Person, Purpose
from veivalg.accounts.services import give_consent, has_consent
from veivalg.audit.services import actor_name
from veivalg.core.tasks import enqueue_with_change
from veivalg.directory.models import Offer

from .. import rounds
from ..models import (
    REFERENCE_ALPHABET,
    Application,
    ApplicationStatus,
    Attachment,
    Case,
    CaseEvent,
    CasePart,
    Choice,
    Route,
)
from ..selectors import MAX_CHOICES, OFFICE_KIND, closed_choices
from ..states import PartStatus
from ._history import log_staff_change
from .errors import AttachmentRejected, Incomplete, NoOffice, NotAllowed, OfferClosed, StaleVersion


def start_application(*, applicant: Person, started_by: Person, easy_read: bool = False) -> Application:
    return Application.objects.create(applicant=applicant, started_by=started_by, easy_read=easy_read)


@transaction.atomic
def save_answers(*, application: Application, step: str, answers: dict, version: int) -> Application:
    """Store one step's answers in the draft. Refused if someone saved a newer copy meanwhile."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    if locked.version != version:
        raise StaleVersion
    locked.answers = {**locked.answers, step: answers}
    locked.version = F("version") + 1
    locked.updated_at = timezone.now()
    fields = ["answers", "version", "updated_at"]
    if step == "kommune":
        from veivalg.places.models import Municipality

        locked.municipality = Municipality.objects.get(number=answers["municipality"])
        fields.append("municipality")
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    return locked


@transaction.atomic
def set_choices(
    *, application: Application, offers: list[Offer], days: dict | None = None, version: int
) -> Application:
    """Replace what is applied for, in order of preference (the first is the most wanted)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    if locked.version != version:
        raise StaleVersion
    if not offers or len(offers) > MAX_CHOICES:
        raise NotAllowed("choices")
    days = days or {}
    locked.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            application=locked,
            preference=number,
            offer=offer,
            route=offer.intake_route,
            days_per_week=days.get(str(offer.pk)),
        )
        for number, offer in enumerate(offers, start=1)
    )
    Application.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    locked.refresh_from_db(fields=["version", "updated_at"])
    return locked


def _new_reference() -> str:
    while True:
        reference = "S-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Application.objects.filter(reference=reference).exists():
            return reference


def office_for(municipality, route: str):
    """The allocation office or NAV office serving the municipality."""
    from veivalg.accounts.models import Organisation

    office = (
        Organisation.objects.filter(kind=OFFICE_KIND[route], municipalities=municipality)
        .order_by("name")
        .first()
    )
    if office is None:
        raise NoOffice(route)
    return office


@transaction.atomic
def submit_application(*, application: Application, by: Person, missing_steps: list[str]) -> Case:
    """Submit the draft: one case, one part per deciding office, a receipt and a PDF copy.

    Submitting twice (a double click, a second tab) returns the same case, never a second one.
    `missing_steps` is what the form layer found unanswered; it must be empty.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        return locked.case
    if missing_steps:
        raise Incomplete(missing_steps)
    if not locked.choices.exists():
        raise Incomplete(["tilbud"])
    closed = closed_choices(locked)
    if closed:
        raise OfferClosed(closed)
    municipality = locked.municipality
    routes = sorted(set(locked.choices.values_list("route", flat=True)))
    offices = {route: office_for(municipality, route) for route in routes}

    now = timezone.now()
    today = timezone.localdate(now)
    intake_round = rounds.round_for(municipality, today)
    late = rounds.is_late(locked, today)

    locked.reference = _new_reference()
    locked.status = ApplicationStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = by
    locked.is_late = late
    locked.round_year = intake_round.year if Route.VEDTAK in routes else None
    locked.version = F("version") + 1
    locked.save(
        update_fields=[
            "reference",
            "status",
            "submitted_at",
            "submitted_by",
            "is_late",
            "round_year",
            "version",
        ]
    )
    case = Case.objects.create(
        application=locked, applicant=locked.applicant, municipality=municipality, created_at=now
    )
    for route, office in offices.items():
        if route == Route.VEDTAK:
            due = max(
                intake_round.answer_by, today + datetime.timedelta(days=settings.INTAKE_NAV_ANSWER_DAYS)
            )
            part = CasePart.objects.create(
                case=case,
                route=route,
                office=office,
                received_at=now,
                answer_due=due,
                is_late=late,
                round_year=intake_round.year,
            )
        else:
            part = CasePart.objects.create(
                case=case,
                route=route,
                office=office,
                received_at=now,
                answer_due=rounds.nav_answer_due(today),
            )
        CaseEvent.objects.create(
            case=case,
            part=part,
            kind=CaseEvent.Kind.SUBMITTED,
            at=now,
            actor_name=by.name,
            to_status=PartStatus.RECEIVED,
        )
    from ..tasks import make_application_pdf, send_receipt

    enqueue_with_change(send_receipt, str(locked.pk))
    enqueue_with_change(make_application_pdf, str(locked.pk))
    return case


@transaction.atomic
def open_change_case(*, person: Person, offer: Offer, municipality, reason: str, by) -> Case:
    """A new case started by the office (a flow meeting's outcome, «endring»): submitted at once,
    routed like an application, and handled through the same parts and decisions."""
    route = offer.intake_route
    if route not in Route.values:
        raise NotAllowed("route")
    office = office_for(municipality, route)
    now = timezone.now()
    # How to reach the person (for the notice e-mail) comes from their latest application.
    answers = {"endring": {"reason": reason}}
    earlier = Application.objects.filter(applicant=person, status=ApplicationStatus.SUBMITTED)
    for latest in earlier.order_by("-submitted_at")[:10]:
        if latest.answer("kontakt", "email"):
            answers["kontakt"] = latest.answers["kontakt"]
            break
    application = Application.objects.create(
        applicant=person,
        prepared_by=by,
        municipality=municipality,
        status=ApplicationStatus.SUBMITTED,
        answers=answers,
        reference=_new_reference(),
        submitted_at=now,
    )
    Choice.objects.create(application=application, preference=1, offer=offer, route=route)
    case = Case.objects.create(
        application=application, applicant=person, municipality=municipality, created_at=now
    )
    part = CasePart.objects.create(
        case=case,
        route=route,
        office=office,
        received_at=now,
        answer_due=rounds.nav_answer_due(timezone.localdate(now)),
    )
    CaseEvent.objects.create(
        case=case,
        part=part,
        kind=CaseEvent.Kind.SUBMITTED,
        at=now,
        actor_user=by,
        actor_name=actor_name(by),
        to_status=PartStatus.RECEIVED,
        text=reason,
    )
    log_staff_change(by, person, f"ny sak {application.reference} (endring)")
    return case


# --- attachments, easy read, sharing with a school ------------------------------------------------

# What an attachment may be, recognised by its first bytes (never by its name or the browser's
# word for it): PDF, JPEG and PNG.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, or None if it is none we accept."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_upload(upload) -> str:
    """The upload's real content type; raises AttachmentRejected if it is empty, too large or
    not a PDF, JPEG or PNG by content."""
    size = upload.size or 0
    if size == 0:
        raise AttachmentRejected("empty")
    if size > settings.INTAKE_MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected("too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise AttachmentRejected("wrong_type")
    return content_type


def _clean_name(name: str, content_type: str) -> str:
    """A display name without any path, ending in the extension its content shows."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "vedlegg"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:150] or "vedlegg") + EXTENSIONS[content_type]


def _touch(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def add_attachment(*, application: Application, upload, description: str = "") -> Attachment:
    """Store an uploaded file with the draft, in private storage under a random name."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    content_type = check_upload(upload)
    if locked.attachments.count() >= settings.INTAKE_MAX_ATTACHMENTS:
        raise AttachmentRejected("too_many")
    attachment = Attachment(
        application=locked,
        original_name=_clean_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
        description=description.strip()[:200],
    )
    attachment.file.save("vedlegg", upload, save=False)
    attachment.save()
    _touch(locked)
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment) -> None:
    locked = Application.objects.select_for_update().get(pk=attachment.application_id)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    _touch(locked)
    transaction.on_commit(lambda: storage.delete(name) if name else None)


@transaction.atomic
def set_easy_read(*, application: Application, on: bool) -> Application:
    """Shorter, simpler help texts on every step (lettlest). Does not change any answer."""
    Application.objects.filter(pk=application.pk).update(easy_read=on)
    application.easy_read = on
    return application


@transaction.atomic
def mark_prepared_by(*, application: Application, user) -> None:
    """Remember that a teacher or counsellor helped fill in the draft."""
    Application.objects.filter(pk=application.pk, prepared_by__isnull=True).update(prepared_by=user)


@transaction.atomic
def share_with_school(*, application: Application, school: Organisation, by: Person) -> Application:
    """Let a school's teachers and counsellors help fill in the draft.

    Sharing rests on the applicant's consent to share school information with that school;
    it is given here (by the applicant or their legal representative) unless already in force.
    The school can never submit: the family does.
    """
    if school.kind != OrganisationKind.SCHOOL:
        raise NotAllowed("school")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    if not has_consent(locked.applicant, Purpose.SHARE_SCHOOL_INFO, for_party=school.name):
        give_consent(
            person=locked.applicant,
            purpose=Purpose.SHARE_SCHOOL_INFO,
            given_by=by,
            party=school.name,
            scope="Søknad om arbeid eller aktivitet",
        )
    locked.shared_with_school = school
    locked.save(update_fields=["shared_with_school"])
    return locked


@transaction.atomic
def stop_sharing(*, application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.shared_with_school = None
    locked.save(update_fields=["shared_with_school"])
    return locked
