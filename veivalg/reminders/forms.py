from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.forms import find_municipality
from veivalg.places.models import Municipality


class SubscribeForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Vi sender påminnelsen hit. Først får du en e-post med en lenke du må trykke på."),
        error_messages={
            "required": _("Skriv e-postadressen din, så vi kan sende deg påminnelsen."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kommune = forms.CharField(
        label=_("Kommune"),
        max_length=100,
        help_text=_("Skriv navnet eller kommunenummeret, for eksempel Bærum eller 3201."),
        error_messages={"required": _("Skriv navnet eller nummeret på kommunen.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    main_deadline = forms.BooleanField(
        label=_("Før hovedfristen 1. februar (søknad til kommunen om arbeid eller aktivitet)"),
        required=False,
        initial=True,
    )
    all_deadlines = forms.BooleanField(
        label=_("Før alle andre søknadsfrister for tilbud i kommunen"),
        required=False,
    )

    def clean_kommune(self) -> Municipality:
        return find_municipality(self.cleaned_data["kommune"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("main_deadline") and not cleaned.get("all_deadlines"):
            self.add_error("main_deadline", _("Velg minst én påminnelse."))
        return cleaned
