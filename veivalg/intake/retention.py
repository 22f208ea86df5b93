"""What the intake deletes: drafts nobody has touched for a while, and drafts on request.

Submitted applications, cases, decisions and letters are archive material (arkivlova) and are
kept. Registered with accounts.services in IntakeConfig.ready.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Application, Attachment

KEPT = _("søknader du har sendt, vedtak og brev")


def _delete_drafts(drafts) -> int:
    # Files first: deleting the rows would leave the uploaded files behind in the storage.
    for attachment in Attachment.objects.filter(application__in=drafts):
        attachment.file.delete(save=False)
    return drafts.delete()[1].get(Application._meta.label, 0)


def expire_drafts(today: datetime.date) -> dict[str, int]:
    cutoff = timezone.make_aware(datetime.datetime.combine(today, datetime.time())) - datetime.timedelta(
        days=settings.RETENTION_DRAFT_APPLICATION_DAYS
    )
    return {"soknadsutkast": _delete_drafts(Application.objects.drafts().filter(updated_at__lt=cutoff))}


def erase_drafts(person) -> dict[str, int]:
    return {str(_("søknadsutkast")): _delete_drafts(Application.objects.drafts().filter(applicant=person))}


def export_for_person(person) -> list[dict]:
    """The person's applications and cases for «last ned mine data»."""

    def day(value):
        return value.isoformat() if value else None

    out = []
    applications = Application.objects.for_applicant(person).prefetch_related(
        "choices__offer", "attachments", "case__parts__decisions", "case__events"
    )
    for application in applications:
        item = {
            "referanse": application.reference,
            "status": application.get_status_display(),
            "startet": day(application.created_at),
            "sendt": day(application.submitted_at),
            "svar": application.answers,
            "onsker": [
                {"prioritet": c.preference, "tilbud": c.offer.title, "dager_per_uke": c.days_per_week}
                for c in application.choices.all()
            ],
            "vedlegg": [a.original_name for a in application.attachments.all()],
        }
        case = getattr(application, "case", None) if not application.is_draft else None
        if case is not None:
            item["saksdeler"] = [
                {
                    "kontor": part.office.name,
                    "status": part.get_status_display(),
                    "svar_innen": day(part.answer_due),
                    "vedtak": [
                        {
                            "utfall": d.get_outcome_display(),
                            "dato": day(d.decided_at),
                            "begrunnelse": d.reasons,
                        }
                        for d in part.decisions.all()
                    ],
                }
                for part in case.parts.all()
            ]
            item["hendelser"] = [
                {"tidspunkt": day(e.at), "hva": e.get_kind_display(), "tekst": e.text}
                for e in case.events.all()
                if not e.internal
            ]
        out.append(item)
    return out
