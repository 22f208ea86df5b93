"""Statistics pages: the staff dashboard (/ansatt/statistikk/, exact figures for the user's
municipalities) and the public page (/statistikk/, the same tables with small counts hidden),
each with a CSV file per table."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from veivalg.accounts.decorators import staff_view
from veivalg.accounts.models import StaffRoleKind
from veivalg.accounts.services import municipalities_served
from veivalg.core.csv_export import csv_download

from . import report
from .forms import BREAKDOWNS, PUBLIC_BREAKDOWNS, StatisticsFilter
from .suppression import THRESHOLD

STATS_ROLES = (StaffRoleKind.ANALYST, StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR)


def _staff_filter(request: HttpRequest) -> StatisticsFilter:
    user = request.user
    area = None if user.is_superuser else municipalities_served(user, *STATS_ROLES)
    return StatisticsFilter(request.GET or None, municipalities=area, breakdowns=BREAKDOWNS)


def _public_filter(request: HttpRequest) -> StatisticsFilter:
    return StatisticsFilter(request.GET or None, breakdowns=PUBLIC_BREAKDOWNS)


def _page(request: HttpRequest, form: StatisticsFilter, *, public: bool) -> HttpResponse:
    built = report.build(form.scope(), form.breakdown(), public=public)
    query = request.GET.copy()
    query.pop("tabell", None)
    return render(
        request,
        "stats/dashboard.html",
        {
            "form": form,
            "report": built,
            "public": public,
            "area": form.area_label(),
            "threshold": THRESHOLD,
            "cache_minutes": settings.STATS_CACHE_SECONDS // 60,
            "query": query.urlencode(),
            "tables": [built.tables[slug] for slug in report.TABLES],
        },
    )


def _csv(request: HttpRequest, form: StatisticsFilter, *, public: bool) -> HttpResponse:
    slug = request.GET.get("tabell") or report.TABLES[0]
    if slug not in report.TABLES:
        raise Http404
    table = report.build(form.scope(), form.breakdown(), public=public).tables[slug]
    years = form.scope().years
    # Group labels are names typed by providers and offices: the writer escapes formulas.
    response, writer = csv_download(f"veivalg-statistikk-{slug}-{years[0]}-{years[-1]}.csv")
    writer.writerow([table.title])
    writer.writerows(report.csv_rows(table))
    if public:
        writer.writerow([_("Tall under %(n)s er skjult, så ingen kan kjennes igjen.") % {"n": THRESHOLD}])
    return response


@staff_view("stats.view_statistics")
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request, _staff_filter(request), public=False)


@staff_view("stats.view_statistics")
def staff_csv(request: HttpRequest) -> HttpResponse:
    return _csv(request, _staff_filter(request), public=False)


def public_dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request, _public_filter(request), public=True)


def public_csv(request: HttpRequest) -> HttpResponse:
    return _csv(request, _public_filter(request), public=True)
