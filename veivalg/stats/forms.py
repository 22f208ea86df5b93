"""The statistics filters: municipality or county, offer kind, years and breakdown (GET)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veivalg.directory.models import OfferKind
from veivalg.places.models import County, Municipality

from . import queries

MAX_YEARS = 15
FIRST_YEAR = 2000


class StatisticsFilter(forms.Form):
    """Empty fields mean «all». `municipalities` limits what can be chosen (a staff member's
    area); None means every municipality."""

    kommune = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.none(), required=False, empty_label=_("Alle")
    )
    fylke = forms.ModelChoiceField(
        label=_("Fylke"), queryset=County.objects.none(), required=False, empty_label=_("Alle")
    )
    type = forms.ModelChoiceField(
        label=_("Tilbudstype"), queryset=OfferKind.objects.all(), required=False, empty_label=_("Alle")
    )
    fra = forms.IntegerField(label=_("Fra år"), required=False)
    til = forms.IntegerField(label=_("Til og med år"), required=False)
    etter = forms.ChoiceField(label=_("Fordel etter"), required=False)

    def __init__(self, data=None, *, municipalities=None, breakdowns=None, today=None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.allowed = municipalities
        shown = Municipality.objects.all() if municipalities is None else municipalities
        self.fields["kommune"].queryset = shown.select_related("county").order_by("name")
        self.fields["fylke"].queryset = County.objects.filter(pk__in=shown.values("county")).order_by("name")
        self.fields["etter"].choices = breakdowns or BREAKDOWNS
        for name in ("fra", "til"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["fra"].help_text = _("For eksempel %(year)s.") % {"year": self.today.year - 9}

    def clean(self):
        data = super().clean()
        this_year = self.today.year
        first = data.get("fra") or this_year - 9
        last = data.get("til") or this_year
        if not FIRST_YEAR <= first <= this_year:
            self.add_error("fra", _("Skriv et år mellom %(a)s og %(b)s.") % {"a": FIRST_YEAR, "b": this_year})
        if not FIRST_YEAR <= last <= this_year:
            self.add_error("til", _("Skriv et år mellom %(a)s og %(b)s.") % {"a": FIRST_YEAR, "b": this_year})
        elif first > last:
            self.add_error("til", _("«Til og med år» kan ikke være før «Fra år»."))
        elif last - first >= MAX_YEARS:
            self.add_error("fra", _("Velg høyst %(n)s år om gangen.") % {"n": MAX_YEARS})
        # Only a checked range becomes a list of years: «fra=-9999999999» once built one in memory.
        if not self.errors:
            data["years"] = tuple(range(first, last + 1))
        return data

    def scope(self) -> queries.Scope:
        """The scope the valid (or, when not valid, the default) choices give."""
        data = self.cleaned_data if self.is_valid() else {}
        years = data.get("years") or default_years(self.today)
        chosen = None
        if data.get("kommune"):
            chosen = [data["kommune"].pk]
        elif data.get("fylke"):
            county = Municipality.objects.filter(county=data["fylke"])
            if self.allowed is not None:
                county = county.filter(pk__in=self.allowed.values("pk"))
            chosen = list(county.values_list("pk", flat=True))
        elif self.allowed is not None:
            chosen = list(self.allowed.values_list("pk", flat=True))
        kind = data.get("type")
        return queries.Scope(
            years=tuple(years),
            municipalities=None if chosen is None else tuple(chosen),
            kind=kind.pk if kind else None,
        )

    def breakdown(self) -> str:
        value = self.cleaned_data.get("etter") if self.is_valid() else ""
        return value or queries.BY_KIND

    def area_label(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("kommune"):
            return data["kommune"].local_name
        if data.get("fylke"):
            return data["fylke"].local_name
        return ""


def default_years(today: datetime.date) -> tuple[int, ...]:
    return tuple(range(today.year - 9, today.year + 1))


BREAKDOWNS = [
    (queries.BY_KIND, _("Tilbudstype")),
    (queries.BY_MUNICIPALITY, _("Kommune")),
    (queries.BY_PROVIDER, _("Tilbyder")),
]
PUBLIC_BREAKDOWNS = BREAKDOWNS[:2]
