"""Forms of the staff back office: the queue's filters, the status, caseworker and note forms on
the case page, booking a clarification, and the provider's confirmation and report.

Forms that change a case part carry the part's `version` in a hidden field, so a second tab's
older copy is refused by the service instead of overwriting (services.StaleVersion).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Clarification
from .states import PartStatus

AGES = [
    ("", _("Alle")),
    ("7", _("Eldre enn 1 uke")),
    ("14", _("Eldre enn 2 uker")),
    ("30", _("Eldre enn 30 dager")),
]
AGES += [("60", _("Eldre enn 60 dager")), ("90", _("Eldre enn 90 dager"))]


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). A value that is not on offer is ignored, not an error page."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(label=_("Type tilbud"), required=False)
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    skole = forms.ChoiceField(label=_("Skole"), required=False)
    runde = forms.TypedChoiceField(label=_("Opptaksrunde"), required=False, coerce=int, empty_value=None)
    alder = forms.TypedChoiceField(label=_("Alder på saken"), required=False, coerce=int, empty_value=None)
    fordelt = forms.ChoiceField(label=_("Saksbehandler"), required=False)
    sortering = forms.ChoiceField(label=_("Sorter etter"), required=False)

    def __init__(self, data, *, options: selectors.QueueOptions):
        super().__init__(data)
        f = self.fields
        f["status"].choices = [
            (selectors.OPEN_FILTER, _("Uten svar (mottatt, under avklaring, klar for vedtak)")),
            (selectors.ALL_FILTER, _("Alle")),
            *PartStatus.choices,
        ]
        f["type"].choices = [("", _("Alle")), *((k.code, k.local_name) for k in options.kinds)]
        f["kommune"].choices = [("", _("Alle")), *((m.number, m.local_name) for m in options.municipalities)]
        f["skole"].choices = [("", _("Alle")), *((str(s.pk), s.name) for s in options.schools)]
        f["runde"].choices = [("", _("Alle")), *((year, str(year)) for year in options.rounds)]
        f["alder"].choices = AGES
        f["fordelt"].choices = [
            ("", _("Alle")),
            (selectors.ASSIGNED_TO_ME, _("Mine saker")),
            (selectors.UNASSIGNED, _("Ikke fordelt")),
        ]
        f["sortering"].choices = [
            ("eldst", _("Eldste først")),
            ("nyest", _("Nyeste først")),
            ("frist", _("Svarfrist")),
            ("status", _("Status")),
        ]
        for field in f.values():
            field.widget.attrs["class"] = "ds-input"

    def wanted(self) -> selectors.QueueFilter:
        if not self.is_bound:
            return selectors.QueueFilter()
        self.is_valid()
        data = self.cleaned_data
        return selectors.QueueFilter(
            status=data.get("status") or selectors.OPEN_FILTER,
            kind=data.get("type") or "",
            municipality=data.get("kommune") or "",
            school=data.get("skole") or "",
            round_year=data.get("runde"),
            min_age_days=data.get("alder"),
            assigned=data.get("fordelt") or "",
            sort=data.get("sortering") or "eldst",
        )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "ds-input", "rows": rows})


class MoveForm(VersionedForm):
    to = forms.ChoiceField(label=_("Ny status"), widget=forms.RadioSelect)
    why = forms.CharField(
        label=_("Hvorfor"),
        help_text=_("Står i saksloggen. Søkeren ser statusen, men ikke denne teksten."),
        max_length=1000,
        widget=_textarea(2),
        error_messages={"required": _("Skriv hvorfor du endrer statusen.")},
    )

    def __init__(self, *args, part, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PartStatus.choices)
        self.fields["to"].choices = [(s, labels[s]) for s in selectors.staff_moves(part)]
        self.fields["to"].error_messages["required"] = _("Velg den nye statusen.")
        self.fields["to"].error_messages["invalid_choice"] = _(
            "Saken kan ikke flyttes dit fra statusen den har nå. Velg en av statusene i listen."
        )


class AssignForm(VersionedForm):
    assignee = forms.ChoiceField(
        label=_("Saksbehandler"), required=False, widget=forms.Select(attrs={"class": "ds-input"})
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = {str(user.pk): user for user in colleagues}
        self.fields["assignee"].choices = [
            ("", _("Ingen (ikke fordelt)")),
            *((pk, user.get_full_name() or user.get_username()) for pk, user in self.colleagues.items()),
        ]
        self.fields["assignee"].error_messages["invalid_choice"] = _("Velg en saksbehandler fra listen.")

    def assignee_user(self):
        return self.colleagues.get(self.cleaned_data.get("assignee") or "")


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Intern merknad"),
        help_text=_("Begge kontorene på saken ser merknaden. Søkeren ser den ikke."),
        max_length=4000,
        widget=_textarea(3),
        error_messages={"required": _("Skriv merknaden før du lagrer.")},
    )


class ClarificationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva skal bestilles"),
        choices=Clarification.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg omvisning eller utprøving.")},
    )
    provider = forms.ModelChoiceField(
        label=_("Tilbyder"),
        queryset=None,
        widget=forms.Select(attrs={"class": "ds-input"}),
        error_messages={
            "required": _("Velg tilbyderen som skal ta imot søkeren."),
            "invalid_choice": _("Velg en tilbyder fra listen."),
        },
    )
    starts_on = forms.DateField(
        label=_("Dato"),
        help_text=_("For en utprøving: første dag."),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv inn datoen."),
            "invalid": _("Skriv datoen som dag.måned.år, for eksempel 03.03.2027."),
        },
    )
    ends_on = forms.DateField(
        label=_("Til og med"),
        required=False,
        help_text=_("Bare for en utprøving over flere dager."),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dag.måned.år, for eksempel 05.03.2027.")},
    )
    note = forms.CharField(
        label=_("Beskjed til tilbyderen"),
        required=False,
        max_length=2000,
        help_text=_("Tilbyderen ser søkerens navn, datoene og denne beskjeden, ikke resten av saken."),
        widget=_textarea(3),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(_("Datoen har vært. Velg i dag eller en dag fram i tid."))
        return starts_on

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Siste dag kan ikke være før første dag."))
        return data


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Hvordan gikk det"),
        help_text=_("Skriv kort hva dere så og hva dere anbefaler. Saksbehandleren leser dette i saken."),
        max_length=4000,
        widget=_textarea(5),
        error_messages={"required": _("Skriv hvordan det gikk før du sender.")},
    )
