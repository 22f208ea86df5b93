"""Forms for decisions, letter templates and the applicant's own case page."""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.directory.models import Offer

from . import letters, selectors
from .models import CasePart
from .states import PartStatus

LANGUAGE_CHOICES = [("nb", _("bokmål")), ("nn", _("nynorsk"))]


class DecisionForm(AccessibleFormMixin, forms.Form):
    """A vedtak or tilsagn on one case part. The offer is one the applicant chose or any offer
    the part's office decides on in the applicant's municipality."""

    outcome = forms.ChoiceField(
        label=_("Hva har dere bestemt?"),
        choices=[
            (PartStatus.GRANTED, _("Innvilget: søkeren får plass")),
            (PartStatus.WAITING_LIST, _("Venteliste: ingen ledig plass nå")),
            (PartStatus.REFUSED, _("Avslått")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva dere har bestemt.")},
    )
    offer = forms.ModelChoiceField(
        label=_("Tilbud"),
        queryset=Offer.objects.none(),
        required=False,
        empty_label=_("Velg tilbud"),
        help_text=_("Må fylles ut når søkeren får plass. Tilbudene søkeren ønsket, står først."),
        error_messages={"invalid_choice": _("Velg et av tilbudene i listen.")},
    )
    start_date = forms.DateField(
        label=_("Startdato"),
        required=False,
        help_text=_("For eksempel 16.08.2027."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Skriv datoen slik: 16.08.2027.")},
    )
    days_per_week = forms.TypedChoiceField(
        label=_("Dager per uke"),
        choices=[("", _("Velg antall dager"))] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Velg mellom 1 og 5 dager.")},
    )
    reasons = forms.CharField(
        label=_("Begrunnelse"),
        help_text=_("Skriv kort og enkelt. Søkeren leser dette i brevet."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv hvorfor dere har bestemt dette.")},
    )
    legal_basis = forms.CharField(
        label=_("Lovgrunnlag"),
        max_length=300,
        error_messages={"required": _("Skriv hvilken lov eller forskrift vedtaket bygger på.")},
    )
    language = forms.ChoiceField(
        label=_("Målform i brevet"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        initial="nb",
        error_messages={"required": _("Velg bokmål eller nynorsk.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, part: CasePart, **kwargs):
        super().__init__(*args, **kwargs)
        self.part = part
        self.fields["offer"].queryset = offers_for(part)
        self.fields["offer"].label_from_instance = lambda offer: f"{offer.title} ({offer.organization.name})"
        self.fields["legal_basis"].initial = letters.default_legal_basis(part.route)
        self.fields["version"].initial = part.version
        for name in ("outcome", "language"):
            self.fields[name].widget.attrs["class"] = "ds-input"

    def clean(self):
        data = super().clean()
        if data.get("outcome") == PartStatus.GRANTED:
            if not data.get("offer") and "offer" not in self.errors:
                self.add_error("offer", _("Velg hvilket tilbud søkeren får."))
            if not data.get("start_date") and "start_date" not in self.errors:
                self.add_error("start_date", _("Skriv når søkeren begynner."))
            if not data.get("days_per_week") and "days_per_week" not in self.errors:
                self.add_error("days_per_week", _("Velg hvor mange dager i uka søkeren skal være der."))
        if data.get("legal_basis") and data.get("language"):
            data["legal_basis"] = letters.legal_basis_in(data["language"], data["legal_basis"])
        return data


def offers_for(part: CasePart):
    """The offers the part may grant: the applicant's choices first, then the rest by title."""
    chosen = list(part.choices.values_list("offer_id", flat=True))
    applicable = selectors.applicable_offers(part.case.municipality).filter(intake_route=part.route)
    first = Case(
        *[When(pk=pk, then=Value(n)) for n, pk in enumerate(chosen)],
        default=Value(len(chosen)),
        output_field=IntegerField(),
    )
    return (
        Offer.objects.filter(Q(pk__in=chosen) | Q(pk__in=applicable.values("pk")))
        .select_related("organization")
        .order_by(first, "title")
    )


class LetterTemplateForm(AccessibleFormMixin, forms.Form):
    """A proposed wording; `replacing` is the pending change the form was opened with (empty
    when none was pending), so a colleague's newer proposal is never replaced unseen."""

    title = forms.CharField(
        label=_("Overskrift"),
        max_length=200,
        error_messages={
            "required": _("Skriv en overskrift."),
            "max_length": _("Overskriften kan ha høyst %(limit_value)d tegn."),
        },
    )
    body = forms.CharField(
        label=_("Brevtekst"),
        help_text=_(
            "Skriv kort og enkelt. En linje som begynner med «## » blir en overskrift, en linje "
            "som begynner med «- » blir et punkt i en liste. En tom linje skiller avsnitt."
        ),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={"required": _("Skriv teksten i brevet.")},
    )
    replacing = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def _check_placeholders(self, name: str) -> str:
        text = self.cleaned_data[name]
        try:
            unknown = letters.unknown_placeholders(text)
        except ValueError:
            raise forms.ValidationError(
                _("En krøllparentes mangler sin partner. Skriv feltnavn slik: {tilbud}.")
            ) from None
        if unknown:
            raise forms.ValidationError(
                _("Disse feltene finnes ikke: %(names)s. Bruk feltene i listen.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        return text

    def clean_title(self):
        return self._check_placeholders("title")

    def clean_body(self):
        return self._check_placeholders("body")


class ReviewForm(AccessibleFormMixin, forms.Form):
    """Approve or reject the pending change `change` (the one the reviewer was shown)."""

    change = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Kommentar til den som foreslo endringen"),
        help_text=_("Skriv gjerne hvorfor, særlig hvis du avviser endringen."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Kommentaren kan ha høyst %(limit_value)d tegn.")},
    )


class MessageForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Meldingen din"),
        help_text=_("Skriv med egne ord. Saksbehandleren svarer deg her i Veivalg."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv meldingen før du sender den.")},
    )


class WithdrawForm(AccessibleFormMixin, forms.Form):
    why = forms.CharField(
        label=_("Vil du si hvorfor?"),
        help_text=_("Du må ikke svare. Det hjelper oss å bli bedre."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    """«Ja takk» or «nei takk»: one button each, with the version the applicant saw."""

    answer = forms.ChoiceField(choices=[("ja", "ja"), ("nei", "nei")])
    version = forms.IntegerField()
