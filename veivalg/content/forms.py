"""Forms: the editors' page form (LIX check on publish) and the readers' feedback form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.models import Municipality

from .readability import EASY_READ_MAX, lix

EASY_READ_FIELDS = ("easy_read", "easy_read_nn")
# The admin buttons that make a text public or send it to review.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class ContentPageForm(WagtailAdminPageForm):
    """Owner municipality limited to the editor's own; easy-read text must be LIX ≤ 30 to publish."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from veivalg.directory.rules import editable_municipality_ids

        if "owner_municipality" in self.fields:
            allowed = editable_municipality_ids(for_user) if for_user else set()
            if allowed is not None:
                self.fields["owner_municipality"].queryset = Municipality.objects.filter(id__in=allowed)

    def is_publishing(self) -> bool:
        return any(self.data.get(action) for action in PUBLISHING_ACTIONS)

    def clean(self):
        cleaned_data = super().clean()
        if self.is_publishing():
            for name in EASY_READ_FIELDS:
                text = cleaned_data.get(name) or ""
                score = lix(text)
                if name in self.fields and text and score > EASY_READ_MAX:
                    self.add_error(
                        name,
                        _(
                            "Den lettleste teksten har LIX %(score)s. Lettlest tekst må ha LIX %(max)s "
                            "eller lavere før den publiseres. Skriv kortere setninger og bruk kortere ord."
                        )
                        % {"score": f"{score:.0f}", "max": EASY_READ_MAX},
                    )
        return cleaned_data


class FeedbackForm(AccessibleFormMixin, forms.Form):
    """«Fant du det du lette etter?» – yes or no, and an optional comment. Anonymous."""

    helpful = forms.TypedChoiceField(
        label=_("Fant du det du lette etter?"),
        choices=[("ja", _("Ja")), ("nei", _("Nei"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg «Ja» eller «Nei» før du sender.")},
    )
    comment = forms.CharField(
        label=_("Vil du si mer? (valgfritt)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ikke skriv navn, e-post, telefonnummer eller helseopplysninger. Vi kan ikke svare deg her."
        ),
        error_messages={
            "max_length": _("Kommentaren kan ha høyst %(limit_value)d tegn. Du skrev %(show_value)d.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helpful"].widget.attrs["class"] = "ds-input"
        self.fields["comment"].widget.attrs["class"] = "ds-input"
