"""A person's own data: download it, ask for a correction or deletion, and the retention rules
the daily removal carries out (see README.md, "Retention").

Apps that hold a person's data register their part here in their AppConfig.ready
(`EXPORTERS`, `EXPIRY_RULES`, `ERASERS`, `KEPT_ON_ERASURE`).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Consent, DataRequest, Person, Relationship


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        reference = "".join(secrets.choice(alphabet) for _ in range(8))
        if not DataRequest.objects.filter(reference=reference).exists():
            return reference


def make_data_request(*, person: Person, made_by: Person, kind: str, text: str) -> DataRequest:
    return DataRequest.objects.create(
        person=person, made_by=made_by, kind=kind, text=text, reference=_new_reference()
    )


def export_person_data(person: Person) -> dict:
    """Everything held about the person, as plain data (for JSON and the PDF)."""

    def day(value):
        return value.isoformat() if value else None

    links_in = Relationship.objects.filter(participant=person).select_related("relative")
    links_out = Relationship.objects.filter(relative=person).select_related("participant")
    return {
        "person": {
            "id": str(person.pk),
            "navn": person.display_name,
            "fodselsar": person.birth_year,
            "opprettet": day(person.created_at),
            "demo": person.is_demo,
        },
        "parorende_som_kan_handle_for_deg": [
            {
                "navn": link.relative.name,
                "grunnlag": link.get_basis_display(),
                "omfang": link.scope or link.mandate,
                "gjelder_til": day(link.ends_on()),
                "aktiv": link.is_active(),
            }
            for link in links_in
        ],
        "du_kan_handle_for": [
            {"navn": link.participant.name, "grunnlag": link.get_basis_display(), "aktiv": link.is_active()}
            for link in links_out
        ],
        "samtykker": [
            {
                "formal": consent.get_purpose_display(),
                "gjelder_for": consent.party,
                "omfang": consent.scope,
                "gitt": day(consent.given_at),
                "gjelder_til": day(consent.ends_on),
                "trukket_tilbake": day(consent.withdrawn_at),
            }
            for consent in person.consents.all()
        ],
        "foresporsler": [
            {
                "referanse": request.reference,
                "type": request.get_kind_display(),
                "tekst": request.text,
                "status": request.get_status_display(),
                "mottatt": day(request.created_at),
            }
            for request in person.data_requests.all()
        ],
        **{key: export(person) for key, export in EXPORTERS},
    }


# Apps that hold a person's data register here (in their AppConfig.ready):
# - EXPIRY_RULES: fn(today) -> {kind: count removed}, run by the scheduled removal;
# - ERASERS: fn(person) -> {kind: count removed}, run when the person asks for deletion;
# - KEPT_ON_ERASURE: plain words on what an app must keep and why (archive law).
# - EXPORTERS: (key, fn(person) -> plain data) for «last ned mine data».
EXPORTERS: list = []
EXPIRY_RULES: list = []
ERASERS: list = []
KEPT_ON_ERASURE: list = []


def remove_expired_data(*, today: datetime.date | None = None) -> dict[str, int]:
    """Delete what retention rules say has expired, and carry out deletion requests; the counts
    by kind, never the contents.

    See README.md: ended or withdrawn consents are kept for RETENTION_ENDED_CONSENT_DAYS (proof
    that sharing was allowed while it happened), handled correction and deletion requests for
    RETENTION_HANDLED_REQUEST_DAYS. The access log, decisions and letters are archive material
    and are never removed here. Other apps add their rules to EXPIRY_RULES.
    """
    today = today or timezone.localdate()
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    consent_cutoff = now - datetime.timedelta(days=settings.RETENTION_ENDED_CONSENT_DAYS)
    request_cutoff = now - datetime.timedelta(days=settings.RETENTION_HANDLED_REQUEST_DAYS)
    removed: dict[str, int] = {"slettet_etter_foresporsel": 0}
    for request in DataRequest.objects.filter(
        kind=DataRequest.Kind.DELETION, status=DataRequest.Status.RECEIVED
    ):
        carry_out_deletion(request)
        removed["slettet_etter_foresporsel"] += 1
    with transaction.atomic():
        withdrawn = Consent.objects.filter(withdrawn_at__lt=consent_cutoff)
        ended = Consent.objects.filter(withdrawn_at__isnull=True, ends_on__lt=consent_cutoff.date())
        removed["samtykker"] = withdrawn.delete()[0] + ended.delete()[0]
        removed["foresporsler"] = DataRequest.objects.filter(
            status=DataRequest.Status.DONE, handled_at__lt=request_cutoff
        ).delete()[0]
        for rule in EXPIRY_RULES:
            for kind, count in rule(today).items():
                removed[kind] = removed.get(kind, 0) + count
    return removed


@transaction.atomic
def carry_out_deletion(request: DataRequest) -> DataRequest:
    """Delete what may be deleted about the person now, keep what the law says must be kept, and
    tell the person which is which (the request's outcome, shown on «Mine data»).

    Consents in force are withdrawn at once (they are deleted later, after the proof period);
    each app's eraser removes drafts and the like. Applications that were sent, decisions,
    letters and the access log are archive material and are kept.
    """
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == DataRequest.Status.DONE:
        return request
    person = request.person
    withdrawn = (
        Consent.objects.in_force()
        .filter(person=person)
        .update(withdrawn_at=timezone.now(), withdrawn_by=request.made_by)
    )
    removed = {str(_("samtykker trukket tilbake")): withdrawn}
    for eraser in ERASERS:
        removed.update(eraser(person))
    lines = [str(_("Vi har slettet eller trukket tilbake dette:"))]
    lines += [f"- {kind}: {count}" for kind, count in removed.items()]
    lines.append(str(_("Dette må vi ta vare på etter arkivloven, og det er ikke slettet:")))
    lines += [f"- {str(note)}" for note in KEPT_ON_ERASURE]
    lines.append(str(_("- hvem som har sett opplysningene dine (innsynsloggen)")))
    request.status = DataRequest.Status.DONE
    request.handled_at = timezone.now()
    request.outcome = "\n".join(lines)
    request.save(update_fields=["status", "handled_at", "outcome"])
    return request
