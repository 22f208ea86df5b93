from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Municipality


def find_municipality(text: str) -> Municipality:
    """The one municipality a typed number or name means, or a clear message why not."""
    text = text.strip()
    chosen, matches = Municipality.objects.pick(text)
    if chosen is not None:
        return chosen
    if not matches:
        raise forms.ValidationError(
            _("Vi fant ingen kommune som heter «%(text)s». Sjekk stavingen, eller skriv kommunenummeret."),
            params={"text": text},
        )
    raise forms.ValidationError(
        _("Flere kommuner passer: %(names)s. Skriv hele navnet eller kommunenummeret."),
        params={"names": ", ".join(m.display_name for m in matches[:5])},
    )
