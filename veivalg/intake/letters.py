"""Decision letters: the context a letter is rendered from (templates/intake/pdf/letter.html).

A letter has two kinds of text:

- The *wording* of the decision (title and body) comes from the deciding office's approved
  `LetterTemplate` for the route, outcome and written standard, else from the national one.
  Office staff propose changes at /ansatt/brevmaler/; a colleague approves them before letters
  use them (letter_templates.py). `{placeholders}`
  (see `PLACEHOLDERS`) are filled from the decision; a line starting with "## " is a heading,
  a line starting with "- " a list item, and a blank line ends a paragraph.
- The *frame* every letter must have, whatever a template says: the decision itself, the
  reasons and legal basis, the right to complain within three weeks and how, and whom to
  contact. Its words are in `FRAME` below, in both written standards (bokmål and nynorsk).
  They are kept here rather than in the interface's translation catalogue because a letter is a
  legal document in the målform the office chose: a nynorsk letter must be nynorsk in full even
  when the interface catalogue is not, and the words must not change when someone edits the
  interface texts.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Decision, LetterTemplate, Route
from .states import PartStatus

LANGUAGES = ("nb", "nn")

# name → what it is (shown to staff editing a template).
PLACEHOLDERS: dict[str, object] = {
    "navn": _("navnet til søkeren"),
    "referanse": _("referansenummeret til saken"),
    "tilbud": _("tilbudet søkeren får"),
    "tilbyder": _("hvem som driver tilbudet"),
    "startdato": _("startdato"),
    "dager": _("dager per uke"),
    "kontor": _("kontoret som har bestemt"),
    "telefon": _("telefonnummeret til kontoret"),
    "epost": _("e-postadressen til kontoret"),
    "vedtaksdato": _("datoen vedtaket ble gjort"),
    "klagefrist": _("siste dag for å klage"),
}

# The frame of every letter, in bokmål and nynorsk.
FRAME: dict[str, dict[str, str]] = {
    "nb": {
        "to": "Til",
        "date": "Dato",
        "reference": "Referanse",
        "decided": "Dette har vi bestemt",
        "kind_vedtak": "Vedtak fra kommunen",
        "kind_nav": "Tilsagn fra NAV",
        "answer": "Svaret",
        "offer": "Tilbud",
        "provider": "Hvor",
        "start": "Du begynner",
        "days": "Dager i uka",
        "granted": "Du får plass.",
        "refused": "Du får ikke plass.",
        "waiting_list": "Du står på venteliste.",
        "why": "Hvorfor vi har bestemt dette",
        "law": "Vi har bestemt dette etter {basis}.",
        "law_heading": "Lovgrunnlag",
        "reply": "Svar oss",
        "reply_text": (
            "Logg inn på Veivalg. Gå til Min side og saken din. "
            "Trykk på «Ja takk» hvis du vil ha plassen. Trykk på «Nei takk» hvis du ikke vil ha den."
        ),
        "complain": "Du kan klage",
        "complain_text": (
            "Er du uenig? Da kan du klage. Fristen er 3 uker. Klagen må være hos oss senest {deadline}."
        ),
        "complain_how": (
            "Skriv hva du er uenig i, og hvorfor. Send klagen til {office}. "
            "Du kan også ringe oss, så hjelper vi deg å klage. "
            "En pårørende eller verge kan klage for deg."
        ),
        "complain_law": (
            "Du har rett til å klage etter forvaltningsloven § 28. "
            "Du har også rett til å se dokumentene i saken din."
        ),
        "contact": "Spør oss",
        "contact_text": "Har du spørsmål? Ta kontakt med {office}.",
        "phone": "Telefon",
        "email": "E-post",
        "regards": "Med vennlig hilsen",
        "made": "Brevet er laget i Veivalg. Det er godkjent elektronisk og har ingen underskrift.",
    },
    "nn": {
        "to": "Til",
        "date": "Dato",
        "reference": "Referanse",
        "decided": "Dette har vi bestemt",
        "kind_vedtak": "Vedtak frå kommunen",
        "kind_nav": "Tilsegn frå NAV",
        "answer": "Svaret",
        "offer": "Tilbod",
        "provider": "Kvar",
        "start": "Du byrjar",
        "days": "Dagar i veka",
        "granted": "Du får plass.",
        "refused": "Du får ikkje plass.",
        "waiting_list": "Du står på venteliste.",
        "why": "Kvifor vi har bestemt dette",
        "law": "Vi har bestemt dette etter {basis}.",
        "law_heading": "Lovgrunnlag",
        "reply": "Svar oss",
        "reply_text": (
            "Logg inn på Veivalg. Gå til Mi side og saka di. "
            "Trykk på «Ja takk» viss du vil ha plassen. Trykk på «Nei takk» viss du ikkje vil ha han."
        ),
        "complain": "Du kan klage",
        "complain_text": (
            "Er du ueinig? Då kan du klage. Fristen er 3 veker. Klaga må vere hos oss seinast {deadline}."
        ),
        "complain_how": (
            "Skriv kva du er ueinig i, og kvifor. Send klaga til {office}. "
            "Du kan òg ringje oss, så hjelper vi deg å klage. "
            "Ein pårørande eller ei verje kan klage for deg."
        ),
        "complain_law": (
            "Du har rett til å klage etter forvaltningslova § 28. "
            "Du har òg rett til å sjå dokumenta i saka di."
        ),
        "contact": "Spør oss",
        "contact_text": "Har du spørsmål? Ta kontakt med {office}.",
        "phone": "Telefon",
        "email": "E-post",
        "regards": "Med venleg helsing",
        "made": "Brevet er laga i Veivalg. Det er godkjent elektronisk og har inga underskrift.",
    },
}

# The legal basis a decision form suggests, per route and written standard.
LEGAL_BASIS: dict[str, dict[str, str]] = {
    Route.VEDTAK: {
        "nb": "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6",
        "nn": "helse- og omsorgstenestelova § 3-2 første ledd nr. 6",
    },
    Route.NAV: {
        "nb": "forskrift om arbeidsmarkedstiltak (tiltaksforskriften) kapittel 14 om varig tilrettelagt arbeid",
        "nn": "forskrift om arbeidsmarknadstiltak (tiltaksforskrifta) kapittel 14 om varig tilrettelagt arbeid",
    },
}


def default_legal_basis(route: str, language: str = "nb") -> str:
    return LEGAL_BASIS[route][language if language in LANGUAGES else "nb"]


def legal_basis_in(language: str, basis: str) -> str:
    """A suggested legal basis in the other written standard becomes the one for `language`;
    anything the caseworker wrote themself is kept as written."""
    for standards in LEGAL_BASIS.values():
        if basis.strip() in standards.values():
            return standards[language if language in LANGUAGES else "nb"]
    return basis


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _date(value, language: str) -> str:
    if value is None:
        return ""
    with translation.override(language):
        return formats.date_format(value, "j. F Y")


def placeholders(decision: Decision) -> dict[str, str]:
    part = decision.part
    office = part.office
    offer = decision.offer
    language = decision.language
    return {
        "navn": part.case.applicant.name,
        "referanse": part.case.reference,
        "tilbud": offer.title if offer else "",
        "tilbyder": offer.organization.name if offer else "",
        "startdato": _date(decision.start_date, language),
        "dager": str(decision.days_per_week or ""),
        "kontor": office.name,
        "telefon": office.phone,
        "epost": office.email,
        "vedtaksdato": _date(timezone.localdate(decision.decided_at), language),
        "klagefrist": _date(decision.complaint_deadline, language),
    }


def unknown_placeholders(text: str) -> list[str]:
    """Names in `{…}` that are not placeholders; raises ValueError for a broken brace."""
    names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    return sorted({name for name in names if name not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(_Missing(values))


@dataclass
class Block:
    """One piece of a letter body: a heading, a paragraph or a list."""

    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """A template body as headings ("## "), lists ("- ") and paragraphs (blank-line separated)."""
    found: list[Block] = []
    lines: list[str] = []

    def end_paragraph() -> None:
        if lines:
            found.append(Block("paragraph", " ".join(lines)))
            lines.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            end_paragraph()
        elif line.startswith("## "):
            end_paragraph()
            found.append(Block("heading", line[3:].strip()))
        elif line.startswith("- "):
            end_paragraph()
            if found and found[-1].kind == "list":
                found[-1].items.append(line[2:].strip())
            else:
                found.append(Block("list", items=[line[2:].strip()]))
        else:
            lines.append(line)
    end_paragraph()
    return found


def template_for(route: str, outcome: str, language: str, office=None) -> LetterTemplate | None:
    """The approved wording for a letter from `office`: its own, else the national one."""
    return LetterTemplate.objects.in_use(office=office, route=route, outcome=outcome, language=language)


def letter_context(decision: Decision, template: LetterTemplate | None = None) -> dict:
    """Everything letter.html needs. `template` overrides the stored one (a staff preview)."""
    part = decision.part
    language = decision.language if decision.language in LANGUAGES else "nb"
    words = FRAME[language]
    if template is None:
        template = template_for(part.route, decision.outcome, language, office=part.office)
    values = placeholders(decision)
    title = fill(template.title, values) if template else words[decision.outcome].rstrip(".")
    office = part.office
    return {
        "decision": decision,
        "part": part,
        "case": part.case,
        "office": office,
        "language": language,
        "words": words,
        "title": title,
        "body": blocks(fill(template.body, values)) if template else [],
        "kind": words[f"kind_{part.route}"],
        "answer": words[decision.outcome],
        "granted": decision.outcome == PartStatus.GRANTED,
        "law": words["law"].format(basis=decision.legal_basis),
        "complain_text": words["complain_text"].format(deadline=values["klagefrist"]),
        "complain_how": words["complain_how"].format(office=office.name),
        "contact_text": words["contact_text"].format(office=office.name),
        "date": values["vedtaksdato"],
        "start": values["startdato"],
        "signed_by": _signer(decision),
        "made_at": timezone.now(),
    }


def _signer(decision: Decision) -> str:
    user = decision.decided_by
    return user.get_full_name() or user.get_username()


def render_letter(decision: Decision, template: LetterTemplate | None = None) -> bytes:
    """The letter as a tagged PDF (PDF/UA-1) in the decision's written standard."""
    from veivalg.core.pdf import render_pdf

    return render_pdf(
        "intake/pdf/letter.html", letter_context(decision, template), language=decision.language
    )
