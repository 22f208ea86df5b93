from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor må du åpne opplysningene?"),
        help_text=_("Personen kan lese det du skriver her. Åpningen blir kontrollert."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hvorfor du må åpne opplysningene til denne personen.")},
    )
