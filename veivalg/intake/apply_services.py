"""Services for filling in an application that `services.py` does not cover: attachments, the
easy-read switch, and sharing a draft with the school.

Like `services.py`, views call these and never save the models themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, Person, Purpose
from veivalg.accounts.services import give_consent, has_consent

from .models import Application, Attachment
from .services import IntakeError, NotAllowed

# What an attachment may be, recognised by its first bytes (never by its name or the browser's
# word for it): PDF, JPEG and PNG.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class AttachmentRejected(IntakeError):
    """`code` is one of: too_large, wrong_type, empty, too_many."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


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


def schools_for(application: Application):
    """Schools the family can share the draft with: those in the municipality, else all."""
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name")
    if application.municipality_id and schools.filter(municipalities=application.municipality_id).exists():
        return schools.filter(municipalities=application.municipality_id)
    return schools


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
