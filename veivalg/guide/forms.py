from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.forms import find_municipality

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
        return find_municipality(value).number
