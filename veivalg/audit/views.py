"""The person's own access log, and staff opening a person's record."""

from __future__ import annotations

import rules
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from veivalg.accounts.decorators import person_view
from veivalg.accounts.models import Person

from .forms import ReasonForm
from .models import AccessLogEntry
from .services import ReasonRequired, needs_reason, open_person_record


@person_view("audit.view_access_log")
def access_log(request: HttpRequest, person: Person) -> HttpResponse:
    """ "Hvem har sett opplysningene mine": newest first, a page at a time."""
    entries = AccessLogEntry.objects.for_person(person)
    paginator = Paginator(entries, settings.ACCESS_LOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("side"))
    return render(request, "audit/access_log.html", {"person": person, "page": page})


def open_record(request: HttpRequest, person_id) -> HttpResponse:
    """Staff open a person's record; outside their caseload they must give a reason first."""
    if not rules.test_rule("audit.open_person_record", request.user):
        raise Http404
    person = get_object_or_404(Person, pk=person_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
    elif not needs_reason(request.user, person) and request.method == "GET":
        reason = ""
    else:
        return render(request, "audit/reason.html", {"form": form}, status=200)
    try:
        entry = open_person_record(user=request.user, person=person, what="personopplysninger", reason=reason)
    except ReasonRequired:
        return render(request, "audit/reason.html", {"form": form})
    return render(request, "audit/record.html", {"person": person, "entry": entry})
