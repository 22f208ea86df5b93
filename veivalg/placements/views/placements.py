"""Staff pages for places (/ansatt/plasser/): the capacity overview across providers, one offer's
capacity and participants, a placement (change, end, confirm), a new placement, capacity for a
period, the waiting lists with the total need, and a wish registered by staff.

Offices (allocation office, NAV) see the offers and people of the municipalities they serve;
providers see only their own offers and the participants placed there. Anything else answers
404. Every page that shows a person's information writes the read to their access log.
"""

from __future__ import annotations

import datetime

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.accounts.decorators import staff_view
from veivalg.audit.services import log_reads
from veivalg.directory.models import OfferKind
from veivalg.places.models import Municipality

from .. import queries, services
from ..forms import (
    CapacityFilterForm,
    CapacityForm,
    ChangePlacementForm,
    PlacementForm,
    PriorityForm,
    WaitingFilterForm,
    WishForm,
)

WAITING_PAGE_SIZE = 50


def _day(value) -> datetime.date:
    return value or timezone.localdate()


# --- capacity -----------------------------------------------------------------------------------


@staff_view("placements.view_capacity")
def capacity(request: HttpRequest) -> HttpResponse:
    """Offers × places, reserved, occupied, free and waiting, filtered by kind and municipality."""
    offers = queries.offers_for(request.user)
    municipalities = list(
        Municipality.objects.filter(offer_coverage__offer__in=offers).distinct().order_by("name")
    )
    form = CapacityFilterForm(
        request.GET or None,
        kinds=[(k.code, k.local_name) for k in OfferKind.objects.filter(offers__in=offers).distinct()],
        municipalities=[(m.number, m.name) for m in municipalities],
    )
    wanted = form.wanted()
    chosen = next((m for m in municipalities if m.number == wanted.get("kommune")), None)
    day = _day(wanted.get("dato"))
    rows = queries.capacity_overview(offers, day, kind=wanted.get("type", ""), municipality=chosen)
    return render(
        request,
        "placements/staff/capacity.html",
        {
            "form": form,
            "rows": rows,
            "totals": queries.totals(rows),
            "day": day,
            "filtered": bool(request.GET),
            "office": queries.is_office(request.user),
        },
    )


def _offer_or_404(request: HttpRequest, slug: str):
    offer = queries.offer_for(request.user, slug)
    if offer is None:
        raise Http404
    return offer


@staff_view("placements.view_capacity")
def offer(request: HttpRequest, slug: str) -> HttpResponse:
    """One offer: places today with the reservations, the periods, and the participants."""
    offer = _offer_or_404(request, slug)
    today = timezone.localdate()
    placements = queries.placements_in_offer(request.user, offer, today)
    for placement in placements:
        placement.may_confirm = placement.confirmed_by_provider_at is None and rules.test_rule(
            "placements.confirm_placement", request.user, placement
        )
    log_reads(
        user=request.user,
        people_ids=[p.person_id for p in placements],
        what=f"plassliste: {offer.title}",
        once_a_day=True,
    )
    may_manage = queries.offers_in_area(request.user).filter(pk=offer.pk).exists()
    may_set_capacity = rules.test_rule("placements.set_capacity", request.user, offer)
    return render(
        request,
        "placements/staff/offer.html",
        {
            "offer": offer,
            "status": services.capacity_on(offer, today),
            "periods": queries.capacity_periods(offer),
            "placements": placements,
            "may_manage": may_manage,
            "may_set_capacity": may_set_capacity,
            "today": today,
        },
    )


@staff_view("placements.manage_places")
def set_capacity(request: HttpRequest, slug: str) -> HttpResponse:
    """Places for an offer from a date, with places reserved for a municipality or a group. Only
    the offices of the owner municipality; a covering neighbour reads the offer but gets 404 here."""
    offer = queries.offer_for(request.user, slug)
    if offer is None or not rules.test_rule("placements.set_capacity", request.user, offer):
        raise Http404
    # Reservations by agreement are for the neighbours: the county's municipalities, and any
    # municipality the offer serves.
    municipalities = list(
        Municipality.objects.filter(
            Q(county=offer.owner_municipality.county_id) | Q(offer_coverage__offer=offer)
        )
        .distinct()
        .order_by("name")
    )
    form = CapacityForm(
        request.POST or None,
        municipalities=municipalities,
        initial={
            "starts_on": timezone.localdate(),
            "places": services.capacity_on(offer, timezone.localdate())["places"],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_capacity(
                offer=offer,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                places=data["places"],
                note=data["note"],
                reservations=form.reservations(),
                by=request.user,
            )
        except services.ReservedTooMany as error:
            form.add_error(
                "places",
                _(
                    "Det er reservert %(reserved)s plasser, flere enn plassene i alt. Øk tallet eller reserver færre."
                )
                % {"reserved": error.args[0]},
            )
        else:
            messages.success(request, _("Kapasiteten er lagret."))
            return redirect("placements:offer", slug=offer.slug)
    return render(
        request,
        "placements/staff/set_capacity.html",
        {"offer": offer, "form": form},
        status=400 if form.errors else 200,
    )


# --- one placement ------------------------------------------------------------------------------


def _placement_or_404(request: HttpRequest, placement_id):
    placement = queries.placement_for(request.user, placement_id)
    if placement is None or not rules.test_rule("placements.view_placement", request.user, placement):
        raise Http404
    return placement


STALE = gettext_lazy(
    "Plasseringen ble endret av noen andre, eller i en annen fane, etter at du åpnet den. "
    "Ingenting er lagret. Se hvordan den er nå, og prøv igjen."
)


def _week_overfull(total) -> str:
    return _(
        "Da blir uka %(total)s dager med de andre plassene deltakeren har samtidig. "
        "En uke har fem dager. Skriv færre dager, eller endre de andre plassene først."
    ) % {"total": number_format(total)}


@staff_view()
def placement(request: HttpRequest, placement_id) -> HttpResponse:
    """A placement: the office changes the extent or ends it (POST action=endre), the provider
    confirms the participant has started (POST action=bekreft)."""
    placement = _placement_or_404(request, placement_id)
    may_change = rules.test_rule("placements.change_placement", request.user, placement)
    may_confirm = placement.confirmed_by_provider_at is None and rules.test_rule(
        "placements.confirm_placement", request.user, placement
    )
    action = request.POST.get("action")
    form = ChangePlacementForm(
        request.POST if action == "endre" else None,
        initial={"version": placement.version, "days_per_week": placement.days_per_week},
    )
    error, status = "", 200
    if request.method == "POST":
        if action == "bekreft" and rules.test_rule("placements.confirm_placement", request.user, placement):
            services.confirm_placement(placement=placement, by=request.user)
            messages.success(request, _("Takk. Kontoret ser at deltakeren har begynt."))
            return redirect("placements:placement", placement_id=placement.pk)
        if action != "endre" or not may_change:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_placement(
                    placement=placement,
                    version=data["version"],
                    by=request.user,
                    days_per_week=data["days_per_week"],
                    ends_on=data["ends_on"],
                )
            except services.StaleVersion:
                placement = _placement_or_404(request, placement_id)
                form = ChangePlacementForm(
                    initial={
                        "version": placement.version,
                        "days_per_week": data["days_per_week"],
                        "ends_on": data["ends_on"],
                    }
                )
                error, status = STALE, 409
            except services.WeekOverfull as full:
                form.add_error("days_per_week", _week_overfull(full.total))
            except services.NotAllowed:
                form.add_error(
                    "ends_on", _("Plassen kan ikke slutte før den begynner. Skriv en senere dato.")
                )
            else:
                messages.success(request, _("Plasseringen er endret."))
                return redirect("placements:placement", placement_id=placement.pk)
        if form.errors:
            status = 400
    log_reads(
        user=request.user, people_ids=[placement.person_id], what=f"plassering: {placement.offer.title}"
    )
    return render(
        request,
        "placements/staff/placement.html",
        {
            "placement": placement,
            "others": queries.other_placements(request.user, placement),
            "wishes": placement.wishes.all(),
            "form": form,
            "may_change": may_change,
            "may_confirm": may_confirm,
            "error": error,
        },
        status=status,
    )


@staff_view()
def placement_wish(request: HttpRequest, placement_id) -> HttpResponse:
    """The provider (or the office) registers a wish for change on the participant's behalf."""
    placement = _placement_or_404(request, placement_id)
    form = WishForm(request.POST or None, staff=True)
    if request.method == "POST" and form.is_valid():
        services.register_wish(
            person=placement.person,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            goals=form.cleaned_data["goals"],
            placement=placement,
            by_user=request.user,
        )
        messages.success(
            request, _("Ønsket er registrert. Det kommer med på neste flytmøte, og deltakeren kan følge det.")
        )
        return redirect("placements:placement", placement_id=placement.pk)
    log_reads(
        user=request.user, people_ids=[placement.person_id], what=f"plassering: {placement.offer.title}"
    )
    return render(
        request,
        "placements/staff/wish.html",
        {"placement": placement, "form": form},
        status=400 if form.errors else 200,
    )


# --- a new placement ----------------------------------------------------------------------------


@staff_view("placements.manage_places")
def new_placement(request: HttpRequest) -> HttpResponse:
    """Place a participant; from a waiting-list entry (?venter=<id>) the form starts filled in and
    the person leaves the lists for the kind. Over capacity only with a reason; never more than
    a five-day week across the person's placements."""
    entry_id = request.POST.get("venter") or request.GET.get("venter") or ""
    try:
        entry = queries.entry_for(request.user, entry_id) if entry_id else None
    except (ValidationError, ValueError):  # a malformed id is no entry
        entry = None
    municipalities = list(queries.office_municipalities(request.user).order_by("name"))
    people = list(queries.people_to_place(request.user))
    form = PlacementForm(
        request.POST or None,
        people=people,
        offers=list(queries.offers_in_area(request.user).order_by("title")),
        municipalities=municipalities,
        initial=_placement_initial(request, entry),
    )
    if request.method == "POST" and form.is_valid():
        arguments = form.place_arguments()
        try:
            placement = services.place_from_waiting_list(
                entry=entry if entry is not None and entry.person_id == arguments["person"].pk else None,
                by=request.user,
                **arguments,
            )
        except services.WeekOverfull as full:
            form.add_error("days_per_week", _week_overfull(full.total))
        except services.OverCapacity:
            form.add_error(
                "over_capacity_reason",
                _(
                    "Tilbudet har ingen ledige plasser fra denne datoen. Skriv hvorfor deltakeren "
                    "likevel skal ha plass, så blir plassen merket som over kapasitet."
                ),
            )
        else:
            messages.success(request, _("%(name)s har fått plass.") % {"name": placement.person.name})
            return redirect("placements:placement", placement_id=placement.pk)
    if entry is not None:
        log_reads(user=request.user, people_ids=[entry.person_id], what="venteliste")
    # The picker lists everyone the office may place by name: each of them gets a read.
    log_reads(
        user=request.user,
        people_ids=[person.pk for person in people],
        what="ny plassering: personliste",
        once_a_day=True,
    )
    return render(
        request,
        "placements/staff/new_placement.html",
        {"form": form, "entry": entry},
        status=400 if form.errors else 200,
    )


def _placement_initial(request: HttpRequest, entry) -> dict:
    initial: dict = {"starts_on": timezone.localdate()}
    if entry is not None:
        initial.update(person=str(entry.person_id), municipality=entry.municipality.number)
        if entry.offer_id:
            initial["offer"] = str(entry.offer_id)
    offer = queries.offers_in_area(request.user).filter(slug=request.GET.get("tilbud", "")).first()
    if offer is not None:
        initial["offer"] = str(offer.pk)
    return initial


# --- waiting lists ------------------------------------------------------------------------------


@staff_view("placements.view_waiting_lists")
def waiting_lists(request: HttpRequest) -> HttpResponse:
    """Everyone waiting from the office's municipalities (NAV's and the municipality's lists), by
    priority and date, and the total need per kind and municipality."""
    form = WaitingFilterForm(request.GET or None, options=queries.waiting_options(request.user))
    wanted = form.wanted()
    page = Paginator(queries.waiting_list(request.user, wanted), WAITING_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    today = timezone.localdate()
    for entry in page.object_list:
        entry.days = entry.days_waiting(today)
    log_reads(
        user=request.user,
        people_ids=[e.person_id for e in page.object_list],
        what="venteliste",
        once_a_day=True,
    )
    params = request.GET.copy()
    params.pop("side", None)
    need = queries.total_need(request.user, wanted)
    return render(
        request,
        "placements/staff/waiting_lists.html",
        {
            "form": form,
            "page": page,
            "need": need,
            "need_total": {
                "nav": sum(r["nav"] for r in need),
                "municipal": sum(r["municipal"] for r in need),
                "people": sum(r["people"] for r in need),
            },
            "querystring": params.urlencode(),
            "filtered": bool(params),
        },
    )


STALE_ENTRY = gettext_lazy(
    "Noen andre, eller du i en annen fane, har lagret prioriteten eller ønskene etter at du åpnet "
    "siden. Ingenting av det du skrev er lagret. Se over hva som er lagret nå. Det du skrev står "
    "fortsatt i skjemaet: rett det og lagre på nytt."
)


@staff_view("placements.view_waiting_lists")
def waiting_entry(request: HttpRequest, entry_id) -> HttpResponse:
    """One person on a list: since when, preferences, priority; the office that keeps the list
    sets the priority with reasons and the preferences (version-checked, like a placement)."""
    entry = queries.entry_for(request.user, entry_id)
    if entry is None:
        raise Http404
    may_prioritise = rules.test_rule("placements.set_priority", request.user, entry)
    form = PriorityForm(
        request.POST or None,
        initial={
            "version": entry.version,
            "priority": entry.priority,
            "reasons": entry.priority_reasons,
            "preferences": entry.preferences,
        },
    )
    error = ""
    if request.method == "POST":
        if not may_prioritise:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_priority(
                    entry=entry,
                    version=data["version"],
                    priority=data["priority"],
                    reasons=data["reasons"],
                    preferences=data["preferences"],
                    by=request.user,
                )
            except services.NotAllowed:
                error = _("Personen står ikke lenger på listen. Ingenting er endret.")
            except services.StaleVersion:
                # Show what is saved now, and keep what was typed under the new version, so a
                # second save is a deliberate choice to overwrite.
                entry = queries.entry_for(request.user, entry_id)
                if entry is None:
                    raise Http404 from None
                form = PriorityForm(
                    initial={
                        "version": entry.version,
                        "priority": data["priority"],
                        "reasons": data["reasons"],
                        "preferences": data["preferences"],
                    }
                )
                error = STALE_ENTRY
            else:
                messages.success(request, _("Prioriteten og ønskene er lagret."))
                return redirect("placements:waiting_entry", entry_id=entry.pk)
    log_reads(user=request.user, people_ids=[entry.person_id], what="venteliste")
    return render(
        request,
        "placements/staff/waiting_entry.html",
        {
            "entry": entry,
            "days": entry.days_waiting(),
            "form": form,
            "may_prioritise": may_prioritise,
            "error": error,
        },
        status=409 if error else 400 if form.errors else 200,
    )
