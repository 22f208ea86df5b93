"""Forms of the placements pages: the capacity overview's filters, capacity for a period, a new
placement, changing or ending one, priority on a waiting list, and a wish for change.

Forms that change a placement or a waiting-list entry carry its `version` in a hidden field, so
an older copy (a second tab, a colleague) is refused by the service instead of overwriting
(services.StaleVersion).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.accounts.models import OrganisationKind

from .models import FULL_WEEK, ChangeWish

RESERVATION_ROWS = 3


def _date(**kwargs) -> forms.DateField:
    kwargs.setdefault("error_messages", {})
    kwargs["error_messages"].setdefault("invalid", _("Skriv en gyldig dato, for eksempel 16.08.2027."))
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"), **kwargs
    )


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "ds-input", "rows": rows})


def _days(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Dager per uke"),
        help_text=_("Fra 0,5 til 5. Bruk halve dager for halve dager, for eksempel 2,5."),
        min_value=Decimal("0.5"),
        max_value=FULL_WEEK,
        max_digits=3,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"class": "ds-input", "inputmode": "decimal", "size": 4}),
        error_messages={
            "required": _("Skriv hvor mange dager i uka, fra 0,5 til 5."),
            "invalid": _("Skriv et tall fra 0,5 til 5, for eksempel 3 eller 2,5."),
            "min_value": _("Skriv minst 0,5 dager."),
            "max_value": _("En uke har fem dager. Skriv høyst 5."),
            "max_decimal_places": _("Bruk hele eller halve dager, for eksempel 2,5."),
            "max_digits": _("Skriv et tall fra 0,5 til 5, for eksempel 3 eller 2,5."),
        },
        **kwargs,
    )


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.RadioSelect, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "ds-input")


class CapacityFilterForm(forms.Form):
    """The capacity overview's filters (GET). A value not on offer is ignored."""

    type = forms.ChoiceField(label=_("Type tilbud"), required=False)
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    dato = _date(label=_("Dato"), required=False)

    def __init__(self, data, *, kinds, municipalities):
        super().__init__(data)
        self.fields["type"].choices = [("", _("Alle")), *kinds]
        self.fields["kommune"].choices = [("", _("Alle")), *municipalities]
        _style(self)

    def wanted(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class CapacityForm(forms.Form):
    starts_on = _date(
        label=_("Fra og med"), error_messages={"required": _("Skriv datoen kapasiteten gjelder fra.")}
    )
    ends_on = _date(label=_("Til og med"), required=False, help_text=_("Tom betyr inntil videre."))
    places = forms.IntegerField(
        label=_("Plasser i alt"),
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs={"class": "ds-input", "inputmode": "numeric"}),
        error_messages={
            "required": _("Skriv hvor mange plasser tilbudet har."),
            "invalid": _("Skriv et helt tall, for eksempel 114."),
            "min_value": _("Antallet kan ikke være under 0."),
        },
    )
    note = forms.CharField(label=_("Merknad"), max_length=200, required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {m.number: m for m in municipalities}
        choices = [("", _("Ingen kommune")), *((m.number, m.name) for m in municipalities)]
        for row in range(1, RESERVATION_ROWS + 1):
            self.fields[f"res{row}_municipality"] = forms.ChoiceField(
                label=_("Reservert for kommune (rad %(row)s)") % {"row": row}, choices=choices, required=False
            )
            self.fields[f"res{row}_group"] = forms.CharField(
                label=_("eller for hvem (rad %(row)s)") % {"row": row},
                max_length=200,
                required=False,
                help_text=_("For eksempel «unge under 25»."),
            )
            self.fields[f"res{row}_places"] = forms.IntegerField(
                label=_("Reserverte plasser (rad %(row)s)") % {"row": row},
                min_value=0,
                required=False,
                error_messages={"invalid": _("Skriv et helt tall."), "min_value": _("Skriv 0 eller mer.")},
            )
        _style(self)

    def reservation_rows(self):
        return [
            (self[f"res{row}_municipality"], self[f"res{row}_group"], self[f"res{row}_places"])
            for row in range(1, RESERVATION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Til-datoen kan ikke være før fra-datoen."))
        for row in range(1, RESERVATION_ROWS + 1):
            who = data.get(f"res{row}_municipality") or (data.get(f"res{row}_group") or "").strip()
            places = data.get(f"res{row}_places")
            if places and not who:
                self.add_error(f"res{row}_municipality", _("Velg kommunen eller skriv hvem plassene er for."))
            if who and not places and f"res{row}_places" not in self.errors:
                self.add_error(f"res{row}_places", _("Skriv hvor mange plasser som er reservert."))
        return data

    def reservations(self):
        from .services.capacity import ReservationInput

        found = []
        for row in range(1, RESERVATION_ROWS + 1):
            places = self.cleaned_data.get(f"res{row}_places")
            if places:
                number = self.cleaned_data.get(f"res{row}_municipality")
                found.append(
                    ReservationInput(
                        places=places,
                        municipality=self.municipalities.get(number) if number else None,
                        for_group="" if number else self.cleaned_data[f"res{row}_group"].strip(),
                    )
                )
        return found


class PlacementForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Deltaker"),
        help_text=_("De som venter hos kontoret, og de som har plass fra kommunene kontoret har."),
        error_messages={
            "required": _("Velg deltakeren."),
            "invalid_choice": _("Velg en deltaker fra listen."),
        },
    )
    offer = forms.ChoiceField(
        label=_("Tilbud"),
        error_messages={"required": _("Velg tilbudet."), "invalid_choice": _("Velg et tilbud fra listen.")},
    )
    municipality = forms.ChoiceField(
        label=_("Kommunen deltakeren bor i"),
        error_messages={
            "required": _("Velg kommunen deltakeren bor i."),
            "invalid_choice": _("Velg en kommune fra listen."),
        },
    )
    starts_on = _date(label=_("Fra og med"), error_messages={"required": _("Skriv når plassen begynner.")})
    ends_on = _date(label=_("Til og med"), required=False, help_text=_("Tom betyr inntil videre."))
    days_per_week = _days()
    over_capacity_reason = forms.CharField(
        label=_("Hvorfor over kapasitet"),
        help_text=_("Bare hvis tilbudet er fullt. Plassen blir da merket som over kapasitet."),
        max_length=2000,
        required=False,
        widget=_textarea(2),
    )

    def __init__(self, *args, people, offers, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.offers = {str(o.pk): o for o in offers}
        self.municipalities = {m.number: m for m in municipalities}
        self.fields["person"].choices = [("", _("Velg")), *((k, p.name) for k, p in self.people.items())]
        self.fields["offer"].choices = [
            ("", _("Velg")),
            *((k, f"{o.title} ({o.kind.local_name})") for k, o in self.offers.items()),
        ]
        self.fields["municipality"].choices = [
            *([] if len(municipalities) == 1 else [("", _("Velg"))]),
            *((m.number, m.name) for m in municipalities),
        ]
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def place_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "person": self.people[data["person"]],
            "offer": self.offers[data["offer"]],
            "municipality": self.municipalities[data["municipality"]],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "days_per_week": data["days_per_week"],
            "over_capacity_reason": data["over_capacity_reason"],
        }


class ChangePlacementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    days_per_week = _days()
    ends_on = _date(
        label=_("Til og med"),
        required=False,
        help_text=_("Skriv en dato for å avslutte plassen. Tom betyr at sluttdatoen ikke endres."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


PRIORITIES = [
    (1, _("1 – svært akutt")),
    (2, _("2 – akutt")),
    (3, _("3 – vanlig")),
    (4, _("4 – kan vente litt")),
    (5, _("5 – kan vente")),
]


PREFERENCES_MAX = 1000


class PriorityForm(forms.Form):
    """Priority with reasons, and the person's preferences, on a waiting-list entry.

    The version travels as text: a missing or garbled one (a page opened before versions
    existed, a tampered form) becomes 0, which no entry has, so the service refuses it as an
    older copy and the page keeps what was typed, instead of answering with an error about a
    field nobody can see."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    priority = forms.TypedChoiceField(
        label=_("Prioritet"),
        choices=PRIORITIES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg prioritet."),
            "invalid_choice": _("Velg en prioritet fra 1 til 5."),
        },
    )
    reasons = forms.CharField(
        label=_("Begrunnelse for prioriteten"),
        max_length=4000,
        widget=_textarea(4),
        error_messages={"required": _("Skriv hvorfor personen har denne prioriteten.")},
    )
    preferences = forms.CharField(
        label=_("Ønsker"),
        help_text=_("Hva personen ønsker seg: sted, dager, arbeidsoppgaver."),
        max_length=PREFERENCES_MAX,
        required=False,
        widget=_textarea(4),
        error_messages={
            "max_length": _(
                "Ønskene kan være på høyst %(limit_value)d tegn, og nå er de %(show_value)d. Skriv kortere."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_version(self) -> int:
        value = (self.cleaned_data.get("version") or "").strip()
        return int(value) if value.isdecimal() and len(value) < 10 else 0


class WaitingFilterForm(forms.Form):
    tilbud = forms.ChoiceField(label=_("Tilbud"), required=False)
    type = forms.ChoiceField(label=_("Type tilbud"), required=False)
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    liste = forms.ChoiceField(
        label=_("Liste"),
        required=False,
        choices=[
            ("", _("Begge")),
            (OrganisationKind.NAV_OFFICE, _("NAVs liste")),
            (OrganisationKind.ALLOCATION_OFFICE, _("Kommunens liste")),
        ],
    )

    def __init__(self, data, *, options: dict):
        super().__init__(data)
        self.fields["tilbud"].choices = [("", _("Alle")), *options["offers"]]
        self.fields["type"].choices = [("", _("Alle")), *options["kinds"]]
        self.fields["kommune"].choices = [("", _("Alle")), *options["municipalities"]]
        _style(self)

    def wanted(self):
        from .queries import WaitingFilter

        if not self.is_bound:
            return WaitingFilter()
        self.is_valid()
        data = self.cleaned_data
        return WaitingFilter(
            offer=data.get("tilbud") or "",
            kind=data.get("type") or "",
            municipality=data.get("kommune") or "",
            office_kind=data.get("liste") or "",
        )


class WishForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva ønsker du?"),
        choices=ChangeWish.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva du ønsker."), "invalid_choice": _("Velg ett av ønskene.")},
    )
    placement = forms.ChoiceField(label=_("Hvilken plass gjelder det?"), required=False)
    reason = forms.CharField(
        label=_("Hvorfor ønsker du dette?"),
        max_length=4000,
        widget=_textarea(4),
        error_messages={"required": _("Skriv litt om hvorfor. Det hjelper dem som skal se på ønsket.")},
    )
    goals = forms.CharField(
        label=_("Mål fra karriereplanen"),
        help_text=_("Hvis du har en karriereplan: skriv målene som passer med ønsket."),
        max_length=4000,
        required=False,
        widget=_textarea(3),
    )

    def __init__(self, *args, placements=(), staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.placements = {str(p.pk): p for p in placements}
        if staff or not self.placements:
            del self.fields["placement"]
        else:
            self.fields["placement"].choices = [
                ("", _("Ingen bestemt plass")),
                *((k, p.offer.title) for k, p in self.placements.items()),
            ]
        if staff:
            self.fields["kind"].label = _("Hva ønsker deltakeren?")
            self.fields["reason"].label = _("Hvorfor?")
            self.fields["reason"].error_messages["required"] = _("Skriv hvorfor deltakeren ønsker dette.")
        _style(self)

    def chosen_placement(self):
        return self.placements.get(self.cleaned_data.get("placement") or "")
