"""The application's steps, one thing per page, in the order the applicant meets them.

Each step has a key (its slug in the URL and its key in `Application.answers`), a title, a form
(forms.py) and `applies(application)`: the form asks only what the kinds applied for need, so
work experience is asked only for work, and the disability-benefit question only for NAV's
kinds. `missing_steps()` is what must be answered before submitting; `summary()` is what the
"check your answers" page and the PDF copy show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.directory.models import Area

from . import forms
from .models import Application, Route

WORK_AREAS = {Area.WORK}


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    form_class: type[forms.StepForm]
    applies: Callable[[Application], bool]
    template: str = "intake/apply/step.html"
    # False for steps whose page lists its own things (add another) rather than one answer.
    single: bool = True


def _facts(application: Application) -> dict:
    """What the chosen offers say about the application, worked out once per instance."""
    cached = getattr(application, "_step_facts", None)
    if cached is not None and cached[0] == application.version:
        return cached[1]
    choices = list(application.choices.select_related("offer__kind")) if application.pk else []
    facts = {
        "count": len(choices),
        "routes": {c.route for c in choices},
        "areas": {c.offer.kind.area for c in choices},
    }
    application._step_facts = (application.version, facts)
    return facts


def _always(application: Application) -> bool:
    return True


def _has_municipality(application: Application) -> bool:
    return application.municipality_id is not None


def _several_choices(application: Application) -> bool:
    return _facts(application)["count"] > 1


def _work_kind(application: Application) -> bool:
    return bool(_facts(application)["areas"] & WORK_AREAS)


def _nav_kind(application: Application) -> bool:
    return Route.NAV in _facts(application)["routes"]


STEPS: tuple[Step, ...] = (
    Step("kommune", gettext_lazy("Hvor bor du?"), forms.MunicipalityForm, _always),
    Step(
        "tilbud",
        gettext_lazy("Hva vil du søke på?"),
        forms.OffersForm,
        _has_municipality,
        template="intake/apply/step_offers.html",
    ),
    Step(
        "prioritet",
        gettext_lazy("Hva vil du helst ha?"),
        forms.PreferenceForm,
        _several_choices,
        template="intake/apply/step_preference.html",
    ),
    Step("skole", gettext_lazy("Skole og opplæring"), forms.SchoolForm, _always),
    Step(
        "erfaring",
        gettext_lazy("Hva har du prøvd av arbeid?"),
        forms.ExperienceForm,
        _work_kind,
        template="intake/apply/step_experience.html",
        single=False,
    ),
    Step("uforetrygd", gettext_lazy("Har du uføretrygd?"), forms.DisabilityBenefitForm, _nav_kind),
    Step("stotte", gettext_lazy("Hva trenger du hjelp til?"), forms.SupportForm, _always),
    Step("kontaktpersoner", gettext_lazy("Hvem kan vi snakke med om søknaden?"), forms.ContactsForm, _always),
    Step("kontakt", gettext_lazy("Hvordan kan vi nå deg?"), forms.ContactForm, _always),
    Step(
        "vedlegg",
        gettext_lazy("Vedlegg"),
        forms.AttachmentForm,
        _always,
        template="intake/apply/step_attachments.html",
        single=False,
    ),
)
BY_KEY = {step.key: step for step in STEPS}


def get(key: str) -> Step | None:
    return BY_KEY.get(key)


def applicable(application: Application) -> list[Step]:
    return [step for step in STEPS if step.applies(application)]


def is_done(application: Application, step: Step) -> bool:
    if step.key == "tilbud":
        return _facts(application)["count"] > 0
    return bool(application.answers.get(step.key))


def missing_steps(application: Application) -> list[str]:
    """Keys of the steps that apply and are not answered yet, in order."""
    if application.municipality_id is None:
        return [step.key for step in STEPS if step.applies(application) or step.key == "tilbud"]
    return [step.key for step in applicable(application) if not is_done(application, step)]


def next_step(application: Application, after: str | None) -> Step | None:
    """The applicable step after `after` (the first with None), or None at the end."""
    keys = [step.key for step in STEPS]
    start = keys.index(after) + 1 if after in keys else 0
    for step in STEPS[start:]:
        if step.applies(application):
            return step
    return None


def previous_step(application: Application, before: str) -> Step | None:
    keys = [step.key for step in STEPS]
    for step in reversed(STEPS[: keys.index(before)]):
        if step.applies(application):
            return step
    return None


# --- the summary ---------------------------------------------------------------------------------


def _choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def _day(value: str | None) -> str:
    import datetime

    if not value:
        return ""
    return date_format(datetime.date.fromisoformat(value), "d.m.Y")


def period(starts_on: str | None, ends_on: str | None) -> str:
    return _day(starts_on) + " – " + (_day(ends_on) or _("nå"))


def _rows_for(application: Application, step: Step) -> list[tuple[str, str]]:
    answers = application.answers.get(step.key) or {}
    key = step.key
    if key == "kommune":
        rows = [(_("Kommune"), application.municipality.name if application.municipality else "")]
        rows.append((_("Skal flytte til kommunen"), _("Ja") if answers.get("moving_in") else _("Nei")))
        return rows
    if key == "tilbud":
        titles = [c.offer.title for c in application.choices.select_related("offer")]
        return [(_("Du søker på"), "\n".join(titles))]
    if key == "prioritet":
        rows = []
        for choice in application.choices.select_related("offer"):
            value = choice.offer.title
            if choice.days_per_week:
                value += ", " + _("%(days)s dager i uka") % {"days": choice.days_per_week}
            rows.append((_("%(number)s. valg") % {"number": choice.preference}, value))
        return rows
    if key == "skole":
        return [
            (_("Skole"), answers.get("school", "")),
            (
                _("Tilrettelagt opplæring (TO)"),
                _choice_label(forms.YES_NO_UNSURE, answers.get("adapted_education")),
            ),
            (_("Ferdig på skolen"), answers.get("finished") or _("Ikke oppgitt")),
        ]
    if key == "erfaring":
        items = answers.get("items") or []
        if not items:
            return [(_("Erfaring fra arbeid"), _("Ingen lagt til"))]
        rows = []
        for item in items:
            value = f"{item.get('place', '')}, {period(item.get('starts_on'), item.get('ends_on'))}"
            if item.get("tasks"):
                value += "\n" + item["tasks"]
            rows.append((_choice_label(forms.EXPERIENCE_KINDS, item.get("kind")), value))
        return rows
    if key == "uforetrygd":
        return [(_("Uføretrygd"), _choice_label(forms.DISABILITY_BENEFIT, answers.get("benefit")))]
    if key == "stotte":
        return [(_("Hjelp du trenger"), answers.get("needs", ""))]
    if key == "kontaktpersoner":
        who = ", ".join(_choice_label(forms.CONTACTS, value) for value in answers.get("who") or [])
        rows = [(_("Vi kan snakke med"), who)]
        if answers.get("person_name") or answers.get("person_phone"):
            person = " ".join(filter(None, [answers.get("person_name"), answers.get("person_phone")]))
            rows.append((_("Kontaktperson"), person))
        return rows
    if key == "kontakt":
        return [
            (_("E-post"), answers.get("email", "")),
            (_("Telefon"), answers.get("phone") or _("Ikke oppgitt")),
            (_("Språk for brev og e-post"), _choice_label(forms.LANGUAGES, answers.get("language"))),
        ]
    if key == "vedlegg":
        attachments = list(application.attachments.all())
        if not attachments:
            return [(_("Vedlegg"), _("Ingen vedlegg"))]
        return [
            (_("Vedlegg"), f"{a.original_name}" + (f" – {a.description}" if a.description else ""))
            for a in attachments
        ]
    return []


def summary(application: Application) -> list[dict]:
    """Every answer of the steps that apply, as rows {"label", "value", "step", "section"}
    (section: the step's title)."""
    rows = []
    for step in applicable(application):
        if not is_done(application, step):
            continue
        for label, value in _rows_for(application, step):
            rows.append(
                {"label": str(label), "value": str(value), "step": step.key, "section": str(step.title)}
            )
    return rows
