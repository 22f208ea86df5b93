"""The guide (veiviser): six questions, one per page, ending in a personal overview.

Answers are kept in the session while the reader goes through the questions, and the overview
is addressed by the answers alone (no name, no identity number), so it can be shared and printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    title: object
    help: object
    choices: tuple[tuple[str, object], ...] = ()
    multiple: bool = False
    municipality: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question(
        "rolle",
        _("Hvem er du?"),
        _("Vi tilpasser rådene etter hvem du er."),
        (
            ("ung", _("Jeg er ung og leter etter noe for meg selv")),
            ("parorende", _("Jeg er pårørende eller verge")),
            ("fagperson", _("Jeg jobber med unge, for eksempel som lærer eller rådgiver")),
        ),
    ),
    Question(
        "alder",
        _("Hvor gammel er personen det gjelder?"),
        _("Noen tilbud har aldersgrense."),
        (
            ("under-16", _("Under 16 år")),
            ("16-19", _("16 til 19 år")),
            ("20-25", _("20 til 25 år")),
            ("26-66", _("26 til 66 år")),
            ("67", _("67 år eller eldre")),
        ),
    ),
    Question(
        "kommune",
        _("Hvilken kommune bor personen i?"),
        _("Skriv navnet eller nummeret på kommunen, for eksempel Bergen eller 4601."),
        municipality=True,
    ),
    Question(
        "skole",
        _("Hva gjør personen nå?"),
        _("Svaret hjelper oss å vise de neste stegene."),
        (
            ("vgs", _("Går på videregående skole")),
            ("ungdomsskole", _("Går på ungdomsskolen")),
            ("ferdig", _("Er ferdig med skolen")),
            ("annet", _("Noe annet")),
        ),
    ),
    Question(
        "onsker",
        _("Hva ønsker personen seg?"),
        _("Velg ett eller flere."),
        (
            ("arbeid", _("Arbeid")),
            ("aktivitet", _("Aktivitet på dagtid")),
            ("utdanning", _("Utdanning")),
            ("fritid", _("Fritid")),
        ),
        multiple=True,
    ),
    Question(
        "stotte",
        _("Hvor mye hjelp trenger personen i hverdagen?"),
        _("Det finnes ingen feil svar."),
        (
            ("lite", _("Lite hjelp")),
            ("noe", _("Noe hjelp")),
            ("mye", _("Mye hjelp")),
        ),
    ),
)

AGE_BOUNDS = {"under-16": (0, 15), "16-19": (16, 19), "20-25": (20, 25), "26-66": (26, 66), "67": (67, 120)}

# Which kinds of offer fit how much help a person needs (the sources' ladder: activity →
# adapted work → ordinary work with follow-up).
KINDS_BY_SUPPORT = {
    "mye": {
        "dagtilbud",
        "vta",
        "kjopte-plasser",
        "stottekontakt",
        "fritidstilbud",
        "tilrettelagt-opplaering",
    },
    "noe": {
        "vta",
        "kommunalt-tilrettelagt-arbeid",
        "kjopte-plasser",
        "aft",
        "dagtilbud",
        "laerekandidat",
        "tilrettelagt-opplaering",
        "folkehogskole",
        "voksenopplaering",
        "fritidstilbud",
        "stottekontakt",
    },
    "lite": {
        "vto",
        "helt-med-ips",
        "aft",
        "laerekandidat",
        "folkehogskole",
        "voksenopplaering",
        "fritidstilbud",
        "kommunalt-tilrettelagt-arbeid",
    },
}


def question(number: int) -> Question:
    return QUESTIONS[number - 1]
