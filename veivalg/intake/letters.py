"""Decision letters: the context a letter is rendered from (templates/intake/pdf/letter.html).

The wording comes from a `LetterTemplate` for the route, outcome and written standard when one
exists (authorised staff edit them), otherwise from the built-in text in the template.
"""

from __future__ import annotations

from django.utils import timezone

from .models import Decision, LetterTemplate


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(decision: Decision) -> dict[str, str]:
    part = decision.part
    return {
        "referanse": part.case.reference,
        "tilbud": decision.offer.title if decision.offer else "",
        "startdato": decision.start_date.strftime("%d.%m.%Y") if decision.start_date else "",
        "dager": str(decision.days_per_week or ""),
        "kontor": part.office.name,
        "klagefrist": decision.complaint_deadline.strftime("%d.%m.%Y"),
    }


def letter_context(decision: Decision) -> dict:
    part = decision.part
    template = LetterTemplate.objects.filter(
        route=part.route, outcome=decision.outcome, language=decision.language
    ).first()
    values = _Missing(placeholders(decision))
    return {
        "decision": decision,
        "part": part,
        "case": part.case,
        "office": part.office,
        "template_title": template.title.format_map(values) if template else "",
        "template_body": template.body.format_map(values) if template else "",
        "made_at": timezone.now(),
    }
