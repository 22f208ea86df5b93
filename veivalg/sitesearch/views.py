"""One search across offers, information pages and events, with the directory's Norwegian search.

Each kind is ranked on its own (offers, articles, events) and shown as a section; a type filter
shows one kind with pages. The offers search at /sok/ keeps its own filters.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veivalg.content.models import ArticlePage
from veivalg.core.forms import AccessibleFormMixin
from veivalg.directory.analysis import words
from veivalg.directory.models import Offer
from veivalg.directory.search import search_offers
from veivalg.events.models import Event

KINDS = [
    ("alle", _("Alt")),
    ("tilbud", _("Tilbud")),
    ("informasjon", _("Informasjon")),
    ("arrangementer", _("Arrangementer")),
]
SECTION_SIZE = 5


class SiteSearchForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Søk i hele Veivalg"),
        max_length=settings.SEARCH_MAX_QUERY_LENGTH,
        error_messages={
            "required": _("Skriv hva du leter etter."),
            "max_length": _("Søket kan ha høyst %(limit_value)d tegn. Du skrev %(show_value)d."),
        },
    )
    hva = forms.ChoiceField(label=_("Vis"), choices=KINDS, required=False)

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        if not words(q):
            raise forms.ValidationError(_("Skriv minst ett ord med bokstaver eller tall."))
        return q


def querysets() -> dict:
    return {
        "tilbud": Offer.objects.published(),
        "informasjon": ArticlePage.objects.live().public(),
        "arrangementer": Event.objects.filter(starts_at__gte=timezone.now() - timezone.timedelta(days=1)),
    }


def search_all(request: HttpRequest) -> HttpResponse:
    form = SiteSearchForm(request.GET or None)
    context: dict = {"form": form, "kinds": KINDS}
    if form.is_bound and form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["hva"] or "alle"
        results = {name: search_offers(query, qs).results for name, qs in querysets().items()}
        context.update(query=query, kind=kind, counts={name: r.count() for name, r in results.items()})
        if kind == "alle":
            context["sections"] = [(name, results[name][:SECTION_SIZE]) for name, _ in KINDS[1:]]
        else:
            page = Paginator(results[kind], settings.SEARCH_PAGE_SIZE).get_page(request.GET.get("side"))
            context["page"] = page
            context["sections"] = [(kind, list(page.object_list))]
    return render(request, "sitesearch/search.html", context)
