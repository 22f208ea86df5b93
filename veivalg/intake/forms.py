"""The forms of the application, one per step (see steps.py), and the school-sharing form.

Every step form carries the version of the draft it was shown with (a hidden field), so a save
from a second tab with an older copy is refused instead of overwriting. Help texts come in two
versions: plain language (LIX ≤ 40) and easy-read (lettlest, LIX ≤ 30), chosen by
`Application.easy_read`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veivalg.core.forms import AccessibleFormMixin
from veivalg.places.forms import find_municipality
from veivalg.places.models import Municipality

from . import selectors

DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label, *, required: bool, help_text) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
        error_messages={
            "required": _("Skriv datoen, for eksempel 15.03.2025."),
            "invalid": _("Skriv datoen som dag, måned og år, for eksempel 15.03.2025."),
        },
    )


class StepForm(AccessibleFormMixin, forms.Form):
    """One step of the application. Subclasses list their fields and easy-read help texts."""

    step_key = ""
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    easy_help: dict = {}

    def __init__(self, *args, application, easy_read: bool = False, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        if easy_read:
            for name, text in self.easy_help.items():
                if name in self.fields:
                    self.fields[name].help_text = text

    @classmethod
    def initial_for(cls, application) -> dict:
        return dict(application.answers.get(cls.step_key) or {})

    def answers(self) -> dict:
        """What to store: the cleaned values as JSON (dates as ISO text), without the version."""
        values = {}
        for name, value in self.cleaned_data.items():
            if name == "version":
                continue
            values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return values

    def posted_version(self) -> int | None:
        return self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None


# --- where ---------------------------------------------------------------------------------------


class MunicipalityForm(StepForm):
    step_key = "kommune"
    municipality = forms.CharField(
        label=_("Hvilken kommune bor du i?"),
        help_text=_(
            "Skriv navnet eller nummeret på kommunen. Skal du flytte, skriv kommunen du flytter til."
        ),
        max_length=100,
        error_messages={"required": _("Skriv navnet eller nummeret på kommunen.")},
    )
    moving_in = forms.BooleanField(
        label=_("Jeg skal flytte til denne kommunen"),
        required=False,
        help_text=_("Flytter du hit? Da gjelder ikke fristen for deg."),
    )
    easy_help = {
        "municipality": _("Skriv navnet på kommunen. Skal du flytte? Skriv den nye kommunen."),
        "moving_in": _("Flytter du? Da er det ingen frist for deg."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].widget.attrs["autocomplete"] = "address-level2"

    @classmethod
    def initial_for(cls, application) -> dict:
        initial = super().initial_for(application)
        number = initial.get("municipality")
        if number:
            found = Municipality.objects.filter(number=number).first()
            initial["municipality"] = found.name if found else number
        return initial

    def clean_municipality(self) -> str:
        return find_municipality(self.cleaned_data["municipality"]).number


# --- what ----------------------------------------------------------------------------------------


def offer_label(offer) -> str:
    return f"{offer.title} ({offer.kind.local_name}, {offer.organization.name})"


class OffersForm(StepForm):
    step_key = "tilbud"
    offers = forms.MultipleChoiceField(
        label=_("Hva vil du søke på?"),
        help_text=_(
            "Velg ett eller flere tilbud, høyst tre. Du kan kombinere, for eksempel tre dager i "
            "arbeid og to dager i en vanlig bedrift."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg minst ett tilbud du vil søke på."),
            "invalid_choice": _("Et av tilbudene kan du ikke søke på lenger. Velg på nytt."),
        },
    )
    easy_help = {"offers": _("Velg det du vil søke på. Du kan velge opp til tre ting.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_list = list(selectors.applicable_offers(self.application.municipality))
        self.fields["offers"].choices = [(str(o.pk), offer_label(o)) for o in self.offer_list]

    @classmethod
    def initial_for(cls, application) -> dict:
        return {"offers": [str(pk) for pk in application.choices.values_list("offer_id", flat=True)]}

    def clean_offers(self) -> list[str]:
        chosen = self.cleaned_data["offers"]
        if len(chosen) > selectors.MAX_CHOICES:
            raise forms.ValidationError(
                _("Du kan velge høyst %(count)s tilbud. Fjern et av dem."),
                params={"count": selectors.MAX_CHOICES},
            )
        return chosen

    def chosen_offers(self, keep_order: list[str]) -> list:
        """The chosen offers, those already chosen first in their old order, then the new."""
        by_id = {str(o.pk): o for o in self.offer_list}
        chosen = self.cleaned_data["offers"]
        ordered = [pk for pk in keep_order if pk in chosen] + [pk for pk in chosen if pk not in keep_order]
        return [by_id[pk] for pk in ordered]


DAY_CHOICES = [("", _("Vet ikke ennå"))] + [(str(n), str(n)) for n in range(1, 6)]


class PreferenceForm(StepForm):
    """Order of preference and days per week, for an application with more than one offer."""

    step_key = "prioritet"
    easy_help: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice_list = list(self.application.choices.select_related("offer"))
        count = len(self.choice_list)
        order_choices = [(str(n), _("%(number)s. valg") % {"number": n}) for n in range(1, count + 1)]
        easy = kwargs.get("easy_read")
        self.groups = []
        for choice in self.choice_list:
            key = str(choice.offer_id)
            self.fields[f"order_{key}"] = forms.ChoiceField(
                label=_("Hvor mye vil du ha dette?"),
                choices=order_choices,
                help_text=_("1 er det du helst vil ha.") if easy else _("1. valg er det du helst vil ha."),
                error_messages={"required": _("Velg hvor høyt du ønsker dette tilbudet.")},
            )
            self.fields[f"days_{key}"] = forms.ChoiceField(
                label=_("Hvor mange dager i uka?"),
                choices=DAY_CHOICES,
                required=False,
                help_text=_("Du kan dele uka mellom tilbudene."),
            )
            self.groups.append((choice.offer, self[f"order_{key}"], self[f"days_{key}"]))

    @classmethod
    def initial_for(cls, application) -> dict:
        initial = {}
        for choice in application.choices.all():
            initial[f"order_{choice.offer_id}"] = str(choice.preference)
            initial[f"days_{choice.offer_id}"] = str(choice.days_per_week or "")
        return initial

    def clean(self):
        cleaned = super().clean()
        orders = [cleaned.get(f"order_{c.offer_id}") for c in self.choice_list]
        if all(orders) and len(set(orders)) != len(orders):
            raise forms.ValidationError(_("To tilbud har samme valg. Gi hvert tilbud sitt eget nummer."))
        days = [int(cleaned.get(f"days_{c.offer_id}") or 0) for c in self.choice_list]
        if sum(days) > 5:
            raise forms.ValidationError(_("Det blir mer enn fem dager i uka til sammen. Velg færre dager."))
        return cleaned

    def ordered(self) -> tuple[list, dict]:
        pairs = sorted(self.choice_list, key=lambda c: int(self.cleaned_data[f"order_{c.offer_id}"]))
        days = {
            str(c.offer_id): int(self.cleaned_data[f"days_{c.offer_id}"])
            for c in self.choice_list
            if self.cleaned_data.get(f"days_{c.offer_id}")
        }
        return [c.offer for c in pairs], days

    def answers(self) -> dict:
        return {"done": True}


# --- background ----------------------------------------------------------------------------------

YES_NO_UNSURE = [("ja", _("Ja")), ("nei", _("Nei")), ("vet_ikke", _("Vet ikke"))]


class SchoolForm(StepForm):
    step_key = "skole"
    school = forms.CharField(
        label=_("Hvilken skole går du på, eller gikk du på sist?"),
        max_length=200,
        help_text=_("Skriv hele navnet, for eksempel Sandvika vgs."),
        error_messages={"required": _("Skriv navnet på skolen.")},
    )
    adapted_education = forms.ChoiceField(
        label=_("Har du hatt tilrettelagt opplæring (TO)?"),
        choices=YES_NO_UNSURE,
        widget=forms.RadioSelect,
        help_text=_("TO betyr at skolen har laget et opplegg som passer for deg."),
        error_messages={"required": _("Velg ja, nei eller vet ikke.")},
    )
    finished = forms.CharField(
        label=_("Når blir du ferdig på skolen, eller når ble du ferdig?"),
        max_length=50,
        required=False,
        help_text=_("For eksempel «juni 2026»."),
    )
    easy_help = {
        "school": _("Skriv navnet på skolen."),
        "adapted_education": _("TO er når skolen lager et opplegg bare for deg."),
        "finished": _("For eksempel «juni 2026»."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].widget.attrs["autocomplete"] = "organization"


EXPERIENCE_KINDS = [
    ("hospitering", _("Hospitering (arbeidstrening over en periode)")),
    ("jobbsmak", _("Jobbsmak (to eller tre dager i en bedrift)")),
    ("arbeidspraksis", _("Arbeidspraksis")),
    ("jobb", _("Vanlig jobb eller sommerjobb")),
]


class ExperienceForm(StepForm):
    """Add one internship, job tasting or work practice; the page lists those already added."""

    step_key = "erfaring"
    kind = forms.ChoiceField(
        label=_("Hva slags erfaring?"),
        choices=EXPERIENCE_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva slags erfaring det var.")},
    )
    place = forms.CharField(
        label=_("Hvor var det?"),
        max_length=200,
        help_text=_("Navnet på bedriften eller stedet."),
        error_messages={"required": _("Skriv navnet på stedet.")},
    )
    starts_on = _date_field(_("Fra dato"), required=True, help_text=_("For eksempel 15.03.2025."))
    ends_on = _date_field(_("Til dato"), required=False, help_text=_("La feltet stå tomt hvis du er der nå."))
    tasks = forms.CharField(
        label=_("Hva gjorde du der?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv kort. Du kan la feltet stå tomt."),
    )
    easy_help = {
        "place": _("Skriv navnet på stedet."),
        "starts_on": _("Dag, måned og år. For eksempel 15.03.2025."),
        "ends_on": _("Er du der nå? La det stå tomt."),
        "tasks": _("Skriv kort. Du kan la det stå tomt."),
    }

    @classmethod
    def initial_for(cls, application) -> dict:
        return {}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Til-datoen må være samme dag som fra-datoen, eller senere."))
        return cleaned

    def has_input(self) -> bool:
        return any((self.data.get(self.add_prefix(n)) or "").strip() for n in ("kind", "place", "starts_on"))


DISABILITY_BENEFIT = [
    ("ja", _("Ja, jeg har uføretrygd")),
    ("sokt", _("Jeg har søkt om uføretrygd")),
    ("nei", _("Nei")),
    ("vet_ikke", _("Vet ikke")),
]


class DisabilityBenefitForm(StepForm):
    step_key = "uforetrygd"
    benefit = forms.ChoiceField(
        label=_("Har du uføretrygd?"),
        choices=DISABILITY_BENEFIT,
        widget=forms.RadioSelect,
        help_text=_("NAV spør om dette fordi varig tilrettelagt arbeid som regel krever uføretrygd."),
        error_messages={"required": _("Velg et av svarene. Du kan velge «Vet ikke».")},
    )
    easy_help = {"benefit": _("NAV må vite dette. Vet du ikke? Velg «Vet ikke».")}


class SupportForm(StepForm):
    step_key = "stotte"
    needs = forms.CharField(
        label=_("Hva trenger du hjelp til?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Skriv om det du trenger hjelp til hjemme og på jobb. Det kan være reise, mat, "
            "medisiner eller å forstå beskjeder."
        ),
        error_messages={"required": _("Skriv hva du trenger hjelp til. Skriv «ingenting» hvis det passer.")},
    )
    easy_help = {"needs": _("Skriv hva du vil ha hjelp til. Det kan være buss, mat eller beskjeder.")}


CONTACTS = [
    ("skole", _("Skolen")),
    ("parorende", _("Pårørende eller verge")),
    ("helse", _("Fastlege eller helsetjenesten")),
    ("nav", _("NAV")),
    ("ingen", _("Ingen andre enn meg")),
]


class ContactsForm(StepForm):
    step_key = "kontaktpersoner"
    who = forms.MultipleChoiceField(
        label=_("Hvem kan vi snakke med om søknaden?"),
        choices=CONTACTS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vi spør bare dem du krysser av for. Du kan ombestemme deg senere."),
        error_messages={
            "required": _("Kryss av for minst ett svar. Velg «Ingen andre enn meg» hvis det passer.")
        },
    )
    person_name = forms.CharField(
        label=_("Navn på en kontaktperson"),
        max_length=200,
        required=False,
        help_text=_("For eksempel en lærer eller en i familien. Du kan la feltet stå tomt."),
    )
    person_phone = forms.CharField(
        label=_("Telefon til kontaktpersonen"),
        max_length=30,
        required=False,
    )
    easy_help = {
        "who": _("Vi spør bare dem du velger."),
        "person_name": _("Du kan la det stå tomt."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone else's name and number: the browser must not fill in the user's own.
        self.fields["person_name"].widget.attrs["autocomplete"] = "off"
        self.fields["person_phone"].widget.attrs.update({"autocomplete": "off", "type": "tel"})

    def clean_who(self) -> list[str]:
        who = self.cleaned_data["who"]
        if "ingen" in who and len(who) > 1:
            raise forms.ValidationError(
                _("Du har valgt «Ingen andre enn meg» og noen andre. Velg bare ett av dem.")
            )
        return who


LANGUAGES = [("nb", _("Bokmål")), ("nn", _("Nynorsk")), ("en", _("Engelsk"))]


class ContactForm(StepForm):
    step_key = "kontakt"
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Vi sender kvitteringen hit. Søker du for en annen, kan du skrive din egen e-post."),
        error_messages={
            "required": _("Skriv e-postadressen, så vi kan sende deg kvitteringen."),
            "invalid": _("Skriv e-postadressen slik: navn@eksempel.no"),
        },
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        help_text=_("Du kan la feltet stå tomt."),
    )
    language = forms.ChoiceField(
        label=_("Hvilket språk vil du ha brev og e-post på?"),
        choices=LANGUAGES,
        widget=forms.RadioSelect,
        initial="nb",
        error_messages={"required": _("Velg språk.")},
    )
    easy_help = {
        "email": _("Vi sender svar hit. Søker du for en annen? Skriv din e-post."),
        "phone": _("Du kan la det stå tomt."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})

    @classmethod
    def initial_for(cls, application) -> dict:
        initial = super().initial_for(application)
        initial.setdefault("language", "nb")
        return initial

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 8 or any(not (c.isdigit() or c in " +-()") for c in phone)):
            raise forms.ValidationError(_("Skriv telefonnummeret med åtte siffer, for eksempel 912 34 567."))
        return phone


class AttachmentForm(StepForm):
    step_key = "vedlegg"
    file = forms.FileField(
        label=_("Velg en fil"),
        required=False,
    )
    description = forms.CharField(
        label=_("Hva er vedlegget?"),
        max_length=200,
        required=False,
        help_text=_("Skriv kort hva det er, som «attest fra hospitering»."),
    )
    easy_help = {"description": _("Skriv hva det er. Det kan være en attest.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = settings.INTAKE_MAX_ATTACHMENT_BYTES // (1024 * 1024)
        if self.application.easy_read:
            self.fields["file"].help_text = _("Bilde eller PDF. Ikke mer enn %(mb)s MB.") % {"mb": megabytes}
        else:
            self.fields["file"].help_text = _("PDF, JPG eller PNG, høyst %(mb)s MB.") % {"mb": megabytes}
        self.fields["file"].widget.attrs.update(
            {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        )

    @classmethod
    def initial_for(cls, application) -> dict:
        return {}


# --- sharing with the school ---------------------------------------------------------------------


class ShareWithSchoolForm(AccessibleFormMixin, forms.Form):
    school = forms.ModelChoiceField(
        label=_("Hvilken skole skal hjelpe?"),
        queryset=None,
        empty_label=_("Velg skole"),
        error_messages={"required": _("Velg skolen som skal hjelpe deg.")},
    )
    consent = forms.BooleanField(
        label=_("Jeg sier ja til at lærere og rådgivere på skolen kan se og fylle ut søknaden."),
        help_text=_("Skolen kan ikke sende søknaden. Det gjør du selv. Du kan si nei igjen når du vil."),
        error_messages={"required": _("Kryss av for at skolen kan se søknaden, eller gå tilbake.")},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
