from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.models import Municipality

from .questions import Question


class AnswerForm(AccessibleFormMixin, forms.Form):
    """One question of the guide. The field is always called `svar` (answer)."""

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.municipality:
            field = forms.CharField(
                label=question.title,
                help_text=question.help,
                max_length=100,
                error_messages={"required": _("Skriv navnet eller nummeret på kommunen.")},
            )
            field.widget.attrs.update({"autocomplete": "address-level2"})
        elif question.multiple:
            field = forms.MultipleChoiceField(
                label=question.title,
                help_text=question.help,
                choices=question.choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Velg minst ett svar.")},
            )
        else:
            field = forms.ChoiceField(
                label=question.title,
                help_text=question.help,
                choices=question.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Velg ett av svarene.")},
            )
        field.widget.attrs.setdefault("class", "ds-input")
        self.fields["svar"] = field

    def clean_svar(self):
        value = self.cleaned_data["svar"]
        if not self.question.municipality:
            return value
        text = value.strip()
        matches = list(Municipality.objects.matching(text)[:20])
        exact = [m for m in matches if text.lower() in {m.number, m.name.lower(), m.name_nn.lower()}]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0].number
        if not matches:
            raise forms.ValidationError(
                _(
                    "Vi fant ingen kommune som heter «%(text)s». Sjekk stavingen, eller skriv kommunenummeret."
                ),
                params={"text": text},
            )
        raise forms.ValidationError(
            _("Flere kommuner passer: %(names)s. Skriv hele navnet eller kommunenummeret."),
            params={"names": ", ".join(m.display_name for m in matches[:5])},
        )
