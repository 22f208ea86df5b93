from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.models import Municipality

from .analysis import words
from .models import AgeGroup, Area, ErrorReport, IntakeRoute, OfferKind


class SearchForm(AccessibleFormMixin, forms.Form):
    """The public search. Every field is optional; a bad value gets a message, never a 500."""

    q = forms.CharField(
        label=_("Søk etter tilbud"),
        required=False,
        max_length=settings.SEARCH_MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Søket kan ha høyst %(limit_value)d tegn. Du skrev %(show_value)d.")},
    )
    kommune = forms.CharField(label=_("Kommune"), required=False, max_length=4)
    omrade = forms.ChoiceField(
        label=_("Område"), required=False, choices=[("", _("Alle områder")), *Area.choices]
    )
    type = forms.ChoiceField(label=_("Type tilbud"), required=False)
    alder = forms.ChoiceField(
        label=_("Alder"), required=False, choices=[("", _("Alle aldre")), *AgeGroup.choices]
    )
    inntak = forms.ChoiceField(
        label=_("Slik søker du"), required=False, choices=[("", _("Alle")), *IntakeRoute.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Alle typer"))] + [
            (k.code, k.local_name) for k in OfferKind.objects.all()
        ]
        self.fields["kommune"].widget.attrs.update({"inputmode": "numeric", "list": "kommuner"})
        self.fields["kommune"].help_text = _("Fire siffer, for eksempel 4601.")
        self.fields["q"].widget.attrs.update({"type": "search", "enterkeyhint": "search"})

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        if q and not words(q):
            raise forms.ValidationError(_("Skriv minst ett ord med bokstaver eller tall."))
        return q

    def clean_kommune(self) -> Municipality | None:
        value = self.cleaned_data["kommune"].strip()
        if not value:
            return None
        found = Municipality.objects.filter(number=value).first()
        if found is None:
            raise forms.ValidationError(
                _(
                    "Vi fant ingen kommune med nummer «%(value)s». Kommunenummer har fire siffer, for eksempel 4601 for Bergen."
                ),
                params={"value": value},
            )
        return found


class ErrorReportForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "message": {"required": _("Skriv hva som er feil, så vi kan rette det.")},
            "email": {
                "invalid": _(
                    "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no, eller la feltet stå tomt."
                )
            },
        }
