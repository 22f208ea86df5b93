from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin


class CorrectionForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Hva er feil, og hva skal det stå?"),
        help_text=_("Skriv med egne ord. Du kan skrive kort."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv hva som er feil, så vi kan rette det.")},
    )


class DeletionForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Hva vil du at vi skal slette?"),
        help_text=_("For eksempel «alt» eller «karriereplanen min»."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hva du vil at vi skal slette.")},
    )
    understood = forms.BooleanField(
        label=_("Jeg forstår at vedtak og innsynsloggen må tas vare på etter arkivloven."),
        error_messages={"required": _("Kryss av for at du har lest hva vi må ta vare på.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["understood"].widget.attrs["class"] = "ds-input"
