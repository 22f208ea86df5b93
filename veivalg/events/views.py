import datetime
import math
from dataclasses import dataclass, field

import rules
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veivalg.core.csv_export import csv_download
from veivalg.core.page_cache import cache_anonymous_page
from veivalg.places.models import Municipality

from .caching import events_version, wheel_parts
from .forms import EventFilterForm, RegistrationForm
from .ical import build_calendar
from .models import Audience, Event, Registration, RegistrationStatus, school_year_bounds, school_year_of
from .services import (
    ConfirmationExpired,
    RegistrationRefused,
    cancel_registration,
    confirm_registration,
    participants_for,
    refusal_reason,
    register_for_event,
)

PAGE_SIZE = 20
RECEIPT_SESSION_KEY = "events_receipt"


def event_list(request: HttpRequest) -> HttpResponse:
    upcoming = Event.objects.upcoming().attendable()
    municipalities = Municipality.objects.filter(pk__in=upcoming.values("municipality_id"))
    form = EventFilterForm(request.GET or None, municipalities=municipalities)
    events = upcoming.with_related()
    if form.is_bound and form.is_valid():
        if form.cleaned_data["kommune"]:
            events = events.filter(municipality=form.cleaned_data["kommune"])
        if form.cleaned_data["malgruppe"]:
            events = events.for_audience(form.cleaned_data["malgruppe"])
    raw_page = request.GET.get("side", "1")
    page = Paginator(events, PAGE_SIZE).get_page(raw_page if raw_page.isdigit() else 1)
    params = request.GET.copy()
    params.pop("side", None)
    context = {"form": form, "page": page, "querystring": params.urlencode()}
    return render(request, "events/event_list.html", context)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_related(), slug=slug)
    context = {
        "event": event,
        "places_left": event.places_left(),
        "refusal": refusal_reason(event),
        "may_see_participants": rules.test_rule("events.view_participants", request.user, event),
    }
    return render(request, "events/event_detail.html", context)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_related(), slug=slug)
    form = RegistrationForm(request.POST or None)
    refusal = refusal_reason(event)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            outcome = register_for_event(event=event, **form.cleaned_data)
        except RegistrationRefused as refused:
            refusal = str(refused)
        else:
            # Only what this person typed: the page must not tell whether the address had
            # signed up before (the e-mail says what happened).
            request.session[RECEIPT_SESSION_KEY] = {
                "event": event.pk,
                "email": outcome.registration.email,
            }
            return redirect("events:receipt", slug=event.slug)
    places_left = event.places_left()
    context = {
        "event": event,
        "form": form,
        "refusal": refusal,
        "places_left": places_left,
        "full": places_left == 0,
        "retention_days": settings.EVENT_REGISTRATION_RETENTION_DAYS,
        "confirmation_hours": settings.EVENT_CONFIRMATION_HOURS,
    }
    return render(
        request, "events/register.html", context, status=409 if refusal and request.method == "POST" else 200
    )


def receipt(request: HttpRequest, slug: str) -> HttpResponse:
    """«Sjekk e-posten din»: the same page whether the address is new, pending or signed up."""
    event = get_object_or_404(Event.objects.with_related(), slug=slug)
    saved = request.session.get(RECEIPT_SESSION_KEY) or {}
    if saved.get("event") != event.pk:
        return redirect(event)
    context = {
        "event": event,
        "email": saved.get("email", ""),
        "confirmation_hours": settings.EVENT_CONFIRMATION_HOURS,
    }
    return render(request, "events/receipt.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the first e-mail: GET asks (mail scanners open links), POST confirms; after
    that the same address shows the registration: a place, the waiting list, or cancelled."""
    registration = (
        Registration.objects.select_related("event__municipality").filter(confirm_token=token).first()
    )
    if registration is None:
        return _confirmation_refused(request, None, status=404)
    event = registration.event
    refusal = ""
    if registration.status == RegistrationStatus.PENDING:
        if registration.confirmation_expired():
            return _confirmation_refused(request, event, status=410)
        if request.method == "POST":
            try:
                confirm_registration(token=token)
            except ConfirmationExpired:
                return _confirmation_refused(request, event, status=410)
            except RegistrationRefused as refused:
                refusal = str(refused)
            else:
                return redirect("events:confirm", token=token)
        response = render(
            request,
            "events/confirm.html",
            {"event": event, "refusal": refusal},
            status=409 if refusal else 200,
        )
    else:
        context = {
            "event": event,
            "registration": registration,
            "position": registration.waiting_position(),
        }
        response = render(request, "events/confirmed.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _confirmation_refused(request: HttpRequest, event: Event | None, *, status: int) -> HttpResponse:
    """An unknown link (404) or one past EVENT_CONFIRMATION_HOURS (410), in plain words."""
    context = {"event": event, "confirmation_hours": settings.EVENT_CONFIRMATION_HOURS}
    return render(request, "events/confirm_expired.html", context, status=status)


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("event"), cancel_token=token)
    if request.method == "POST":
        outcome = cancel_registration(token=token)
        return render(
            request,
            "events/cancelled.html",
            {"event": registration.event, "already": outcome.already_cancelled},
        )
    return render(request, "events/cancel.html", {"registration": registration, "event": registration.event})


def _organised_event(request: HttpRequest, slug: str) -> Event:
    """The event, if the user organises it; 404 for everyone else, so lists cannot be probed."""
    event = get_object_or_404(Event.objects.with_related(), slug=slug)
    if not rules.test_rule("events.view_participants", request.user, event):
        raise Http404
    return event


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event(request, slug)
    confirmed, waiting = participants_for(event=event, viewer=request.user)
    context = {
        "event": event,
        "confirmed": confirmed,
        "waiting": waiting,
        "unconfirmed": event.registrations.pending().count(),
    }
    response = render(request, "events/participants.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


CSV_COLUMNS = [
    ("reference", "Referanse"),
    ("status", "Status"),
    ("name", "Navn"),
    ("email", "E-post"),
    ("phone", "Telefon"),
    ("needs", "Behov"),
    ("registered", "Påmeldt"),
]


def participants_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event(request, slug)
    confirmed, waiting = participants_for(event=event, viewer=request.user)
    response, writer = csv_download(f"deltakere-{event.slug}.csv")
    response["Cache-Control"] = "private, no-store"
    writer.writerow([heading for _, heading in CSV_COLUMNS])
    for registration in [*confirmed, *waiting]:
        writer.writerow(
            (
                registration.reference,
                registration.get_status_display(),
                registration.name,
                registration.email,
                registration.phone,
                "; ".join(registration.needs),
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    return response


# --- the annual wheel (årshjul) ------------------------------------------------------------------

MONTH_NAMES = {
    1: "januar",
    2: "februar",
    3: "mars",
    4: "april",
    5: "mai",
    6: "juni",
    7: "juli",
    8: "august",
    9: "september",
    10: "oktober",
    11: "november",
    12: "desember",
}


@dataclass
class WheelItem:
    number: int
    event: Event
    x: str = "0"
    y: str = "0"


@dataclass
class WheelMonth:
    year: int
    month: int
    items: list[WheelItem] = field(default_factory=list)
    path: str = ""
    label_x: str = "0"
    label_y: str = "0"
    shaded: bool = False

    @property
    def name(self) -> str:
        return _(MONTH_NAMES[self.month])

    @property
    def short_name(self) -> str:
        return self.name[:3].capitalize()


WHEEL_CENTRE = 160
WHEEL_OUTER = 150
WHEEL_INNER = 70


def _point(angle: float, radius: float) -> tuple[str, str]:
    """SVG coordinates as strings: the template must not localise them to "12,5"."""
    radians = math.radians(angle - 90)  # 0° is at the top, clockwise
    return (
        f"{WHEEL_CENTRE + radius * math.cos(radians):.1f}",
        f"{WHEEL_CENTRE + radius * math.sin(radians):.1f}",
    )


def _sector(start: float, end: float) -> str:
    x1, y1 = _point(start, WHEEL_OUTER)
    x2, y2 = _point(end, WHEEL_OUTER)
    x3, y3 = _point(end, WHEEL_INNER)
    x4, y4 = _point(start, WHEEL_INNER)
    return (
        f"M{x1} {y1} A{WHEEL_OUTER} {WHEEL_OUTER} 0 0 1 {x2} {y2} "
        f"L{x3} {y3} A{WHEEL_INNER} {WHEEL_INNER} 0 0 0 {x4} {y4} Z"
    )


def build_wheel(events: list[Event], year: int) -> list[WheelMonth]:
    """Twelve months from August, each with its numbered items and the geometry of the drawing."""
    start, end = school_year_bounds(year)
    total = (end - start).total_seconds()
    months = [WheelMonth(year if m >= 8 else year + 1, m) for m in (*range(8, 13), *range(1, 8))]
    by_month = {(m.year, m.month): m for m in months}
    for index, month in enumerate(months):
        month.path = _sector(index * 30, (index + 1) * 30)
        month.label_x, month.label_y = _point(index * 30 + 15, WHEEL_OUTER - 16)
        month.shaded = index % 2 == 0
    same_place: dict[int, int] = {}
    for number, event in enumerate(events, start=1):
        local = timezone.localtime(event.starts_at)
        item = WheelItem(number, event)
        angle = (event.starts_at - start).total_seconds() / total * 360
        slot = round(angle / 6)  # items less than ~6° apart are drawn further in
        depth = same_place.get(slot, 0)
        same_place[slot] = depth + 1
        item.x, item.y = _point(angle, WHEEL_OUTER - 44 - (depth % 3) * 14)
        by_month[(local.year, local.month)].items.append(item)
    return months


def _school_year(request: HttpRequest, events) -> int:
    raw = request.GET.get("ar", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    today = timezone.localdate()
    current = school_year_of(today)
    if not events.in_school_year(current).exists():
        next_item = events.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
        if next_item is not None:
            return school_year_of(timezone.localtime(next_item.starts_at).date())
    return current


@cache_anonymous_page("wheel", version=events_version, parts=wheel_parts, query=("ar",))
def annual_wheel(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    all_events = Event.objects.filter(municipality=municipality)
    year = _school_year(request, all_events)
    events = list(all_events.in_school_year(year).with_related())
    months = build_wheel(events, year)
    host = request.get_host()
    feed_path = request.build_absolute_uri(f"{municipality.get_absolute_url()}arshjul.ics").split("://", 1)[1]
    feeds = [
        {
            "label": label,
            "https": f"{request.scheme}://{feed_path}" + (f"?malgruppe={value}" if value else ""),
            "webcal": f"webcal://{feed_path}" + (f"?malgruppe={value}" if value else ""),
        }
        for value, label in [("", _("Alle")), *Audience.choices]
    ]
    context = {
        "municipality": municipality,
        "year": year,
        "months": months,
        "filled_months": [m for m in months if m.items],
        "item_count": len(events),
        "feeds": feeds,
        "host": host,
        "previous_year": year - 1,
        "next_year": year + 1,
        "size": WHEEL_CENTRE * 2,
        "centre": WHEEL_CENTRE,
        "inner": WHEEL_INNER,
    }
    return render(request, "events/annual_wheel.html", context)


@cache_anonymous_page("wheel-feed", version=events_version, parts=wheel_parts, query=("malgruppe",))
def annual_wheel_feed(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    audience = request.GET.get("malgruppe", "")
    events = Event.objects.filter(municipality=municipality)
    if audience:
        if audience not in Audience.values:
            return HttpResponseBadRequest(
                _("Ukjent målgruppe. Bruk ung, parorende eller fagfolk."),
                content_type="text/plain; charset=utf-8",
            )
        events = events.for_audience(audience)
    since = timezone.now() - datetime.timedelta(days=365)
    events = events.filter(starts_at__gte=since).with_related()
    name = _("Årshjul for %(municipality)s") % {"municipality": municipality.local_name}
    if audience:
        name = f"{name} – {Audience(audience).label}"
    response = HttpResponse(build_calendar(events, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="arshjul-{municipality.slug}.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
