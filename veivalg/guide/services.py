"""The personal overview at the end of the guide, from the answers alone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.directory.models import Offer
from veivalg.places.models import Municipality

from .questions import AGE_BOUNDS, KINDS_BY_SUPPORT, QUESTIONS

MAX_OFFERS = 12


@dataclass
class Overview:
    answers: dict
    municipality: Municipality
    offers: list = field(default_factory=list)
    offer_total: int = 0
    deadlines: list = field(default_factory=list)
    next_steps: list = field(default_factory=list)


def valid_answers(params: QueryDict) -> dict | None:
    """The answers from a query string, or None when one is missing or not one of the choices."""
    answers: dict = {}
    for question in QUESTIONS:
        if question.multiple:
            values = params.getlist(question.key)
            allowed = {key for key, _ in question.choices}
            if not values or not set(values) <= allowed:
                return None
            answers[question.key] = values
        elif question.municipality:
            value = params.get(question.key, "")
            if not (
                len(value) == 4 and value.isdigit() and Municipality.objects.filter(number=value).exists()
            ):
                return None
            answers[question.key] = value
        else:
            value = params.get(question.key, "")
            if value not in {key for key, _ in question.choices}:
                return None
            answers[question.key] = value
    return answers


def build_overview(answers: dict, today: datetime.date | None = None) -> Overview:
    today = today or timezone.localdate()
    municipality = Municipality.objects.get(number=answers["kommune"])
    low, high = AGE_BOUNDS[answers["alder"]]
    offers = (
        Offer.objects.published()
        .filter(pk__in=Offer.objects.for_municipality(municipality).values("pk"))
        .filter(area__in=answers["onsker"], kind__code__in=KINDS_BY_SUPPORT[answers["stotte"]])
        .exclude(min_age__gt=high)
        .exclude(max_age__lt=low)
        .with_related()
        .order_by("kind__sort_order", "title")
    )
    overview = Overview(answers=answers, municipality=municipality)
    overview.offer_total = offers.count()
    overview.offers = list(offers[:MAX_OFFERS])
    deadlines = sorted(
        {o.application_deadline for o in offers if o.application_deadline and o.application_deadline >= today}
    )
    overview.deadlines = [
        (d, [o for o in overview.offers if o.application_deadline == d]) for d in deadlines[:4]
    ]
    overview.next_steps = next_steps(answers, overview.offers)
    return overview


def next_steps(answers: dict, offers: list) -> list[str]:
    """Plain next steps for the answers given; the order is the order to do them in."""
    steps = []
    routes = {o.intake_route for o in offers}
    if answers["skole"] == "vgs":
        steps.append(
            _("Snakk med rådgiveren på skolen om å prøve deg på en arbeidsplass. Det hjelper når du søker.")
        )
    if "vedtak" in routes:
        steps.append(
            _(
                "Søk til tildelingskontoret i kommunen innen fristen. De fleste kommunale plasser har frist 1. februar."
            )
        )
    if "nav" in routes:
        steps.append(_("Ta kontakt med NAV for tilbud som VTA og AFT. NAV tar imot søknader hele året."))
    if "direkte" in routes:
        steps.append(_("Ring eller send e-post til tilbyderen for tilbud du kan melde deg på direkte."))
    if answers["rolle"] == "parorende":
        steps.append(
            _("Be kommunen om individuell plan og en koordinator, så slipper du å samordne alt selv.")
        )
    if answers["rolle"] == "fagperson":
        steps.append(_("Del oversikten med familien. Lenken inneholder ingen navn eller personopplysninger."))
    steps.append(_("Besøk tilbudene på en åpen dag før du bestemmer deg."))
    return steps
