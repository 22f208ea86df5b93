"""Flow meetings in the staff back office (/ansatt/flytmoter/).

The list shows the meetings the user's offices organise or are invited to, or the user's
provider is invited to (placements.use_meetings); a meeting needs placements.view_meeting, an
item placements.view_meeting_item (an invited provider: only items about its own offers and
participants), the minutes PDF placements.download_minutes (the offices only: it holds
everyone), and changing anything (plan, build the agenda, record an outcome, close)
placements.plan_meetings or placements.run_meeting: the offices, the organising office. Any
refusal answers 404. Reads of people's data are logged as services/meetings.py describes: per
person shown on an agenda page (in bulk), per item opened, per minutes download.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.accounts.decorators import staff_view

from .. import selectors, services
from ..forms_meetings import ItemOutcomeForm, PlanMeetingsForm
from ..models import FlowMeeting, MeetingItem
from ..services import meetings
from ..tasks import private_storage


def _meeting(request: HttpRequest, meeting_id, rule: str = "placements.view_meeting") -> FlowMeeting:
    meeting = FlowMeeting.objects.select_related("organiser").filter(pk=meeting_id).first()
    if meeting is None or not rules.test_rule(rule, request.user, meeting):
        raise Http404
    return meeting


def _error_message(error: services.PlacementError) -> str:
    if isinstance(error, services.MeetingClosed):
        return _("Møtet er lukket, og kan ikke endres lenger. Ingenting er lagret.")
    if isinstance(error, services.StaleVersion):
        return _(
            "Noen andre har lagret denne saken etter at du åpnet den. Ingenting av ditt er lagret. "
            "Se hva som er lagret nå, og lagre på nytt hvis det du skrev fortsatt stemmer."
        )
    if isinstance(error, services.OutcomeConflict):
        if error.reason == "case_opened":
            return _(
                "Det er allerede startet en ny sak (%(reference)s, %(status)s) fra denne saken i møtet. "
                "Utfallet kan ikke endres mens den saken er åpen; trekk den i saksbehandlingen først. "
                "Referatet kan du endre ved å velge «nytt eller endret vedtak/tilsagn» igjen."
            ) % {"reference": error.reference, "status": error.status}
        if error.reason == "open_case":
            return _(
                "Personen har allerede en åpen sak om dette tilbudet (%(reference)s, %(status)s). "
                "Behandle den saken i stedet, eller velg et annet tilbud. Ingenting er lagret."
            ) % {"reference": error.reference, "status": error.status}
        return _(
            "Det finnes ikke noe kontor som behandler dette tilbudet i kommunen. "
            "Velg et annet tilbud. Ingenting er lagret."
        )
    return _("Det går ikke med saken slik den er nå. Ingenting er lagret.")


# --- the list and planning ----------------------------------------------------------------------


@staff_view("placements.use_meetings")
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = list(selectors.meetings_for(request.user))
    return render(
        request,
        "placements/meetings/list.html",
        {
            "upcoming": [m for m in found if m.held_on >= today and not m.is_closed][::-1],
            "earlier": [m for m in found if m.held_on < today or m.is_closed],
            "may_plan": rules.test_rule("placements.plan_meetings", request.user),
        },
    )


@staff_view("placements.plan_meetings")
def plan_meetings(request: HttpRequest) -> HttpResponse:
    offices = list(selectors.offices_of(request.user))
    if not offices:
        raise Http404
    chosen = request.POST.get("kontor") or request.GET.get("kontor")
    organiser = next((o for o in offices if str(o.pk) == chosen), offices[0])
    form = PlanMeetingsForm(
        request.POST if request.method == "POST" else None,
        organiser=organiser,
        default_dates=selectors.next_meeting_dates(),
        invitable=selectors.invitable(organiser),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                planned = meetings.plan_meetings(
                    organiser=organiser,
                    municipalities=data["municipalities"],
                    dates=data["all_dates"],
                    invited=data["invited"],
                    title=data["title"],
                )
            except services.AlreadyPlanned as taken:
                form.add_error(
                    "dates" if not data.get("other_date") else "other_date",
                    _("%(office)s har allerede et møte %(days)s. Velg en annen dag.")
                    % {
                        "office": organiser.name,
                        "days": ", ".join(formats.date_format(d, "j.n.Y") for d in taken.dates),
                    },
                )
            else:
                messages.success(
                    request,
                    _("Planlagt: %(meetings)s.") % {"meetings": ", ".join(str(m) for m in planned)},
                )
                return redirect("placements:meetings")
        status = 400
    return render(
        request,
        "placements/meetings/plan.html",
        {"form": form, "offices": offices, "organiser": organiser},
        status=status,
    )


# --- one meeting --------------------------------------------------------------------------------


@staff_view("placements.use_meetings")
def meeting_detail(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    sources = dict(MeetingItem.Source.choices)
    source = request.GET.get("kilde", "")
    if source not in sources:
        source = ""
    shown = selectors.visible_items(meeting, request.user)
    page = Paginator(selectors.agenda(meeting, source, items=shown), selectors.AGENDA_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    items = list(page.object_list)
    meetings.log_agenda_read(user=request.user, meeting=meeting, people_ids=[i.person_id for i in items])
    counts = selectors.agenda_counts(meeting, items=shown)
    return render(
        request,
        "placements/meetings/meeting.html",
        {
            "meeting": meeting,
            "page": page,
            "items": items,
            "counts": [(s, sources[s], counts[s]) for s in selectors.SOURCE_ORDER],
            "total": sum(counts.values()),
            "source": source,
            "querystring": f"kilde={source}" if source else "",
            "may_run": rules.test_rule("placements.run_meeting", request.user, meeting),
            "whole_agenda": rules.test_rule("placements.view_whole_agenda", request.user, meeting),
            "municipalities": meeting.municipalities.all(),
            "invited": meeting.invited.all(),
        },
    )


@require_POST
@staff_view("placements.use_meetings")
def build_agenda(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _meeting(request, meeting_id, "placements.run_meeting")
    try:
        added = meetings.build_agenda(meeting=meeting, by=request.user)
    except services.PlacementError as error:
        messages.error(request, _error_message(error))
    else:
        if added:
            messages.success(request, _("%(count)s nye saker er satt opp på sakslisten.") % {"count": added})
        else:
            messages.success(request, _("Sakslisten var oppdatert. Ingen nye saker."))
    return redirect("placements:meeting", meeting_id=meeting.pk)


@staff_view("placements.use_meetings")
def close_meeting(request: HttpRequest, meeting_id) -> HttpResponse:
    """Check, then close: how many items have no outcome yet, and what happens to them."""
    meeting = _meeting(request, meeting_id, "placements.run_meeting")
    error = ""
    if request.method == "POST":
        try:
            meetings.close_meeting(meeting=meeting, by=request.user)
        except services.PlacementError as refused:
            error = _error_message(refused)
        else:
            messages.success(
                request, _("Møtet er lukket. Referatet lages som PDF nå; det kan lastes ned fra møtesiden.")
            )
            return redirect("placements:meeting", meeting_id=meeting.pk)
    counts = meeting.items.values_list("outcome", flat=True)
    undecided = sum(1 for outcome in counts if not outcome)
    return render(
        request,
        "placements/meetings/close.html",
        {"meeting": meeting, "undecided": undecided, "total": len(counts), "error": error},
        status=409 if error else 200,
    )


@staff_view("placements.use_meetings")
def minutes_pdf(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _meeting(request, meeting_id, "placements.download_minutes")
    if not meeting.is_closed or not meeting.minutes_pdf:
        raise Http404
    storage = private_storage()
    if not storage.exists(meeting.minutes_pdf.name):
        raise Http404
    meetings.log_minutes_read(user=request.user, meeting=meeting)
    response = FileResponse(
        storage.open(meeting.minutes_pdf.name, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"flytmote-{meeting.held_on:%Y-%m-%d}.pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- one item -----------------------------------------------------------------------------------


def _item_page(
    request: HttpRequest, item: MeetingItem, form=None, error: str = "", status: int = 200, typed: str = ""
) -> HttpResponse:
    """The item with its form; `typed` is minutes that could not be saved (a closed meeting),
    shown so nothing is lost."""
    may_run = (
        rules.test_rule("placements.run_meeting", request.user, item.meeting) and not item.meeting.is_closed
    )
    if may_run and form is None:
        form = ItemOutcomeForm(
            initial={
                "version": item.version,
                "outcome": item.outcome or None,
                "minutes": item.minutes,
                "new_offer": item.new_part and next((c.offer_id for c in item.new_part.choices), None),
            },
            offers=selectors.offers_for_item(item),
            case_opened=item.new_part_id is not None,
        )
    meetings.log_item_read(user=request.user, item=item)
    return render(
        request,
        "placements/meetings/item.html",
        {
            "item": item,
            "meeting": item.meeting,
            "form": form if may_run else None,
            "whole_agenda": rules.test_rule("placements.view_whole_agenda", request.user, item.meeting),
            "error": error,
            "typed": typed,
        },
        status=status,
    )


@staff_view("placements.use_meetings")
def meeting_item(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.item_in_meeting(item_id)
    if item is None or not rules.test_rule("placements.view_meeting_item", request.user, item):
        raise Http404
    if request.method != "POST":
        return _item_page(request, item)
    if not rules.test_rule("placements.run_meeting", request.user, item.meeting):
        raise Http404
    offers = selectors.offers_for_item(item)
    form = ItemOutcomeForm(request.POST, offers=offers, case_opened=item.new_part_id is not None)
    if item.meeting.is_closed:
        typed = request.POST.get("minutes", "")
        return _item_page(
            request, item, error=_error_message(services.MeetingClosed()), status=409, typed=typed
        )
    if not form.is_valid():
        return _item_page(request, item, form=form, status=400)
    data = form.cleaned_data
    try:
        meetings.record_item_outcome(
            item=item,
            outcome=data["outcome"],
            minutes=data["minutes"],
            version=data["version"],
            by=request.user,
            new_offer=data["new_offer"],
        )
    except services.PlacementError as error:
        item = selectors.item_in_meeting(item_id)
        if item.meeting.is_closed:
            return _item_page(request, item, error=_error_message(error), status=409, typed=data["minutes"])
        # A fresh form at the current version, keeping what was typed.
        fresh = ItemOutcomeForm(
            initial={
                "version": item.version,
                "outcome": data["outcome"],
                "minutes": data["minutes"],
                "new_offer": data["new_offer"].pk if data["new_offer"] else None,
            },
            offers=offers,
            case_opened=item.new_part_id is not None,
        )
        return _item_page(request, item, form=fresh, error=_error_message(error), status=409)
    messages.success(request, _("Utfallet for %(name)s er lagret.") % {"name": item.person.name})
    return redirect(reverse("placements:meeting", kwargs={"meeting_id": item.meeting_id}) + f"#sak-{item.pk}")
