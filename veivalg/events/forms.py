from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.models import Municipality

from .models import Audience


class RegistrationForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        error_messages={"required": _("Skriv navnet ditt.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Vi sender bekreftelsen hit."),
        error_messages={
            "required": _("Skriv e-postadressen din, så vi kan sende deg en bekreftelse."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    needs_interpreter = forms.BooleanField(label=_("Tolk (språk)"), required=False)
    needs_sign_language = forms.BooleanField(label=_("Tegnspråktolk"), required=False)
    needs_wheelchair = forms.BooleanField(label=_("Tilgang med rullestol"), required=False)
    needs_other = forms.CharField(
        label=_("Andre behov"),
        max_length=500,
        required=False,
        help_text=_("For eksempel allergier, ledsager eller skrivetolk. Ikke skriv helseopplysninger."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_reminder = forms.BooleanField(
        label=_("Send meg en påminnelse på e-post to dager før"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("needs_interpreter", "needs_sign_language", "needs_wheelchair", "wants_reminder"):
            self.fields[name].widget.attrs["class"] = "ds-input"
        self.fields["phone"].help_text = _("Hvis arrangøren må kunne ringe deg.")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Skriv navnet ditt."))
        return name


class EventFilterForm(AccessibleFormMixin, forms.Form):
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="number",
        empty_label=_("Alle kommuner"),
        error_messages={"invalid_choice": _("Velg en kommune fra listen.")},
    )
    malgruppe = forms.ChoiceField(
        label=_("For hvem"),
        required=False,
        choices=[("", _("Alle"))] + list(Audience.choices),
        error_messages={"invalid_choice": _("Velg en målgruppe fra listen.")},
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = (
            municipalities if municipalities is not None else Municipality.objects
        )
