"""Forms of the flow meetings (/ansatt/flytmoter/): planning the next meetings, and the minutes
and outcome of one agenda item.

The item form carries the item's `version` in a hidden field, so an older copy (a second tab, a
colleague) is refused by the service (services.StaleVersion) instead of overwriting.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .models import MeetingItem


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "ds-input", "rows": rows, "autocomplete": "off"})


class PlanMeetingsForm(forms.Form):
    """The next meetings for one office: the default days (weeks 18 and 41) or another day."""

    dates = forms.TypedMultipleChoiceField(
        label=_("Møtedager"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        coerce=datetime.date.fromisoformat,
    )
    other_date = forms.DateField(
        label=_("Eller en annen dag"),
        required=False,
        help_text=_("Skriv datoen slik: 13.10.2027."),
        widget=forms.DateInput(attrs={"class": "ds-input", "autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"invalid": _("Skriv datoen slik: 13.10.2027.")},
    )
    title = forms.CharField(
        label=_("Navn på møtet"),
        required=False,
        max_length=200,
        help_text=_("La feltet stå tomt for «Flytmøte uke 41 2027»."),
        widget=forms.TextInput(attrs={"class": "ds-input", "autocomplete": "off"}),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner møtet gjelder"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én kommune.")},
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Inviter NAV og tjenesteleverandører"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organiser, default_dates: list[datetime.date], invitable, **kwargs):
        super().__init__(*args, **kwargs)
        self.organiser = organiser
        self.fields["dates"].choices = [
            (
                day.isoformat(),
                _("uke %(week)s: %(day)s")
                % {"week": day.isocalendar()[1], "day": formats.date_format(day, "l j. F Y")},
            )
            for day in default_dates
        ]
        self.fields["municipalities"].queryset = organiser.municipalities.order_by("name")
        self.fields["municipalities"].label_from_instance = lambda m: m.local_name
        self.fields["invited"].queryset = invitable
        self.fields["invited"].label_from_instance = lambda o: f"{o.name} ({o.get_kind_display()})"
        if not self.is_bound:
            self.initial.setdefault("dates", [day.isoformat() for day in default_dates])
            self.initial.setdefault("municipalities", list(self.fields["municipalities"].queryset))

    def clean(self):
        data = super().clean()
        days = list(data.get("dates") or [])
        if data.get("other_date"):
            days.append(data["other_date"])
        if not days and "other_date" not in self.errors:
            self.add_error("dates", _("Velg minst én møtedag, eller skriv en annen dag."))
        data["all_dates"] = sorted(set(days))
        return data


class ItemOutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        widget=forms.RadioSelect,
        choices=[(value, label) for value, label in MeetingItem.Outcome.choices if value],
        error_messages={
            "required": _("Velg utfallet for denne saken."),
            "invalid_choice": _("Velg et av utfallene i listen."),
        },
    )
    minutes = forms.CharField(
        label=_("Referat"),
        max_length=5000,
        help_text=_(
            "Hva møtet kom fram til, og hvorfor. Deltakeren ser dette på Min side når ønsket er behandlet."
        ),
        widget=_textarea(),
        error_messages={"required": _("Skriv hva møtet kom fram til.")},
    )
    new_offer = forms.ModelChoiceField(
        label=_("Tilbudet det nye vedtaket eller tilsagnet gjelder"),
        queryset=None,
        required=False,
        empty_label=_("Velg tilbud"),
        help_text=_(
            "Bare når utfallet er nytt eller endret vedtak/tilsagn. Det blir en ny sak hos kontoret som bestemmer tilbudet."
        ),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )

    def __init__(self, *args, offers, case_opened: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # An item that already opened a case keeps it; the offer is not asked for again.
        self.case_opened = case_opened
        self.fields["new_offer"].queryset = offers
        self.fields["new_offer"].label_from_instance = lambda o: (
            f"{o.title} ({o.kind.local_name}, {o.organization.name})"
        )
        self.fields["new_offer"].error_messages["invalid_choice"] = _("Velg et av tilbudene i listen.")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == MeetingItem.Outcome.NEW_DECISION and not data.get("new_offer"):
            if "new_offer" not in self.errors and not self.case_opened:
                self.add_error("new_offer", _("Velg tilbudet det nye vedtaket eller tilsagnet gjelder."))
        elif data.get("outcome") and data.get("outcome") != MeetingItem.Outcome.NEW_DECISION:
            data["new_offer"] = None
        return data
