"""The statistics' numbers: a few aggregate queries over placements, capacity, waiting lists
and applications. Nothing here loops over people in Python; each figure is one GROUP BY with
one conditional count per year (portable SQL through the ORM, the same on SQLite and
PostgreSQL). The stats app only reads other apps' tables.

Definitions (also shown on the pages):
- **At year end**: on 31 December of the year; for the current year, today.
- **Capacity**: places in the offers' capacity periods in force on that day (`Capacity`).
- **Occupied**: people with a placement in force on that day (someone with two placements of
  the same group on that day counts once).
- **Waiting**: people on a waiting list on that day (on the list since then, not yet left).
- **Waiting time**: days from joining to leaving the list, for those who left it in the year;
  the median (half waited shorter, half longer).
- **Transition**: a placement that starts in the year, in another offer kind than the same
  person's placement that started before it (the one just before).
- **Young people leaving TO**: there is no school register, so: people aged 19–21 at the end
  of year Y (from their birth date) with an application submitted in the intake round of Y,
  and how many of them had a placement in force on 1 October Y. Applications answer whether
  the person had adapted education (TO); how many answered yes is shown beside.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractYear, Lag
from django.utils import timezone

from veivalg.accounts.models import Person
from veivalg.core.page_cache import cache_get, cache_set
from veivalg.directory.models import OfferKind, Organization
from veivalg.intake.models import Application, ApplicationStatus
from veivalg.placements.models import Capacity, Placement, WaitingListEntry
from veivalg.places.models import Municipality

BY_KIND = "type"
BY_PROVIDER = "tilbyder"
BY_MUNICIPALITY = "kommune"

# Which field holds the group, per breakdown and table. Capacity belongs to the offer's
# municipality; people to the municipality they live in.
GROUP_FIELDS = {
    BY_KIND: {"capacity": "offer__kind", "placement": "offer__kind", "waiting": "kind"},
    BY_PROVIDER: {
        "capacity": "offer__organization",
        "placement": "offer__organization",
        "waiting": "offer__organization",
    },
    BY_MUNICIPALITY: {
        "capacity": "offer__owner_municipality",
        "placement": "municipality",
        "waiting": "municipality",
    },
}
MUNICIPALITY_FIELDS = {
    "capacity": "offer__owner_municipality",
    "placement": "municipality",
    "waiting": "municipality",
}
KIND_FIELDS = {"capacity": "offer__kind", "placement": "offer__kind", "waiting": "kind"}
TO_AGES = (19, 20, 21)
AUTUMN = (10, 1)  # 1 October


@dataclass(frozen=True)
class Scope:
    """What the figures cover: municipalities (None = all), one offer kind (None = all), years."""

    years: tuple[int, ...]
    municipalities: tuple[int, ...] | None = None
    kind: int | None = None

    def filter(self, queryset, table: str):
        if self.municipalities is not None:
            queryset = queryset.filter(**{f"{MUNICIPALITY_FIELDS[table]}__in": self.municipalities})
        if self.kind is not None:
            queryset = queryset.filter(**{KIND_FIELDS[table]: self.kind})
        return queryset


def year_end(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


@dataclass
class Series:
    """Rows of (group id, label, one number per year) and the totals per year."""

    years: tuple[int, ...]
    rows: list[tuple[object, str, list[int]]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)


def _in_force(day: datetime.date, *, left_field: str = "ends_on", since_field: str = "starts_on") -> Q:
    ends = Q(**{f"{left_field}__isnull": True}) | Q(**{f"{left_field}__gte": day})
    return Q(**{f"{since_field}__lte": day}) & ends


def _waiting_on(day: datetime.date) -> Q:
    # Left on the day = no longer waiting that evening.
    return Q(since__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _yearly(queryset, group: str | None, measure, condition, years, today) -> tuple[dict, list[int]]:
    """One query: per group, one conditional aggregate per year. Returns {group: [...]}, totals."""
    columns = {f"y{y}": measure(filter=condition(year_end(y, today))) for y in years}
    by_group = {}
    if group is not None:
        for row in queryset.values(group).annotate(**columns).order_by():
            by_group[row[group]] = [row[f"y{y}"] or 0 for y in years]
    total_row = queryset.aggregate(**columns)
    return by_group, [total_row[f"y{y}"] or 0 for y in years]


def _people(filter):
    return Count("person", distinct=True, filter=filter)


def _places(filter):
    return Sum("places", filter=filter)


def capacity_series(scope: Scope, by: str, today=None) -> tuple[dict, list[int]]:
    queryset = scope.filter(Capacity.objects.all(), "capacity")
    return _yearly(queryset, GROUP_FIELDS[by]["capacity"], _places, _in_force, scope.years, today)


def occupied_series(scope: Scope, by: str, today=None) -> tuple[dict, list[int]]:
    queryset = scope.filter(Placement.objects.all(), "placement")
    return _yearly(queryset, GROUP_FIELDS[by]["placement"], _people, _in_force, scope.years, today)


def waiting_series(scope: Scope, by: str, today=None) -> tuple[dict, list[int]]:
    queryset = scope.filter(WaitingListEntry.objects.all(), "waiting")
    return _yearly(queryset, GROUP_FIELDS[by]["waiting"], _people, _waiting_on, scope.years, today)


def labels(by: str, ids) -> dict:
    ids = [i for i in ids if i is not None]
    if by == BY_KIND:
        return {k.pk: k.local_name for k in OfferKind.objects.filter(pk__in=ids)}
    if by == BY_PROVIDER:
        return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {m.pk: m.local_name for m in Municipality.objects.filter(pk__in=ids)}


@dataclass
class Overview:
    """Capacity, occupied and waiting per group and year, in the same group order."""

    years: tuple[int, ...]
    groups: list[tuple[object, str]]
    capacity: dict
    occupied: dict
    waiting: dict
    capacity_totals: list[int]
    occupied_totals: list[int]
    waiting_totals: list[int]


def overview(scope: Scope, by: str, today=None) -> Overview:
    capacity, capacity_totals = capacity_series(scope, by, today)
    occupied, occupied_totals = occupied_series(scope, by, today)
    waiting, waiting_totals = waiting_series(scope, by, today)
    keys = set(capacity) | set(occupied) | set(waiting)
    names = labels(by, keys)
    unnamed = str(_no_offer_label())
    groups = sorted(
        ((key, names.get(key, unnamed)) for key in keys),
        key=lambda group: (group[0] is None, group[1].lower()),
    )
    zeros = [0] * len(scope.years)
    return Overview(
        years=scope.years,
        groups=groups,
        capacity={k: capacity.get(k, zeros) for k, _ in groups},
        occupied={k: occupied.get(k, zeros) for k, _ in groups},
        waiting={k: waiting.get(k, zeros) for k, _ in groups},
        capacity_totals=capacity_totals,
        occupied_totals=occupied_totals,
        waiting_totals=waiting_totals,
    )


def _no_offer_label():
    from django.utils.translation import gettext

    return gettext("Ikke knyttet til et bestemt tilbud")


# --- waiting time ---------------------------------------------------------------------------


def median_from_counts(counts: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}, without listing them one by one."""
    n = sum(counts.values())
    if n == 0:
        return None
    middle = ((n - 1) // 2, n // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen_before, seen = seen, seen + counts[value]
        for position in middle:
            if seen_before <= position < seen:
                found.append(value)
    return (found[0] + found[1]) / 2


def _days_waited():
    return ExpressionWrapper(F("left_on") - F("since"), output_field=DurationField())


def waiting_times(scope: Scope) -> dict:
    """For those who left a waiting list in each year (and per kind over all the years): how
    many, and the median days waited. Counted as {days: n} in SQL; the median is taken from it."""
    first, last = min(scope.years), max(scope.years)
    left = scope.filter(WaitingListEntry.objects.all(), "waiting").filter(
        left_on__gte=datetime.date(first, 1, 1), left_on__lte=datetime.date(last, 12, 31)
    )
    left = left.annotate(days=_days_waited(), left_year=ExtractYear("left_on"))
    per_year: dict[int, dict[int, int]] = defaultdict(dict)
    for row in left.values("left_year", "days").annotate(n=Count("id")).order_by():
        per_year[row["left_year"]][row["days"].days] = row["n"]
    per_kind: dict[int, dict[int, int]] = defaultdict(dict)
    for row in left.values("kind", "days").annotate(n=Count("id")).order_by():
        per_kind[row["kind"]][row["days"].days] = row["n"]
    names = labels(BY_KIND, per_kind)
    return {
        "years": [(y, sum(per_year[y].values()), median_from_counts(per_year[y])) for y in scope.years],
        "kinds": sorted(
            (
                (names.get(kind, ""), sum(counts.values()), median_from_counts(counts))
                for kind, counts in per_kind.items()
            ),
            key=lambda row: row[0].lower(),
        ),
    }


# --- transitions between offer kinds ---------------------------------------------------------


def transitions(scope: Scope) -> dict:
    """People per (from kind, to kind): placements starting in the years whose person's previous
    placement (the latest that started before) was of another kind.

    The previous kind comes from a window function (LAG over each person's placements in start
    order), one pass over the placements instead of a lookup per placement; the years and the
    kind are applied to the result, so a move in the first year still sees the placement before.
    """
    first, last = min(scope.years), max(scope.years)
    placements = Placement.objects.all()
    if scope.municipalities is not None:
        placements = placements.filter(municipality__in=scope.municipalities)
    rows = placements.annotate(
        from_kind=Window(
            Lag("offer__kind"),
            partition_by=[F("person")],
            order_by=[F("starts_on").asc(), F("created_at").asc()],
        ),
        to_kind=F("offer__kind"),
    ).values_list("person", "starts_on", "from_kind", "to_kind")
    people: dict[tuple[int, int], set] = defaultdict(set)
    for person, starts_on, from_kind, to_kind in rows.iterator(chunk_size=5000):
        if from_kind is None or from_kind == to_kind or not first <= starts_on.year <= last:
            continue
        if scope.kind is not None and scope.kind not in (from_kind, to_kind):
            continue
        people[(from_kind, to_kind)].add(person)
    counts = {pair: len(who) for pair, who in people.items()}
    kinds = sorted({k for pair in counts for k in pair})
    names = labels(BY_KIND, kinds)
    order = sorted(kinds, key=lambda k: names.get(k, "").lower())
    return {"kinds": [(k, names.get(k, "")) for k in order], "counts": counts}


# --- young people leaving adapted education (TO) -----------------------------------------------


def school_leavers(scope: Scope) -> list[dict]:
    """Per year: applicants aged 19–21 with an application in that year's round, how many had a
    placement in force on 1 October, and how many answered that they had TO."""
    years = scope.years
    round_of = Coalesce("round_year", ExtractYear("submitted_at"))
    applications = Application.objects.filter(status=ApplicationStatus.SUBMITTED)
    if scope.municipalities is not None:
        applications = applications.filter(municipality__in=scope.municipalities)
    applications = applications.annotate(
        round_of=round_of, age=round_of - ExtractYear("applicant__birth_date")
    ).filter(round_of__in=years, age__gte=min(TO_AGES), age__lte=max(TO_AGES))
    autumn = Case(
        *[When(round_of=y, then=Value(datetime.date(y, *AUTUMN))) for y in years],
        output_field=DateField(),
    )
    placed = Placement.objects.filter(person=OuterRef("applicant"), starts_on__lte=OuterRef("autumn")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("autumn"))
    )
    applications = applications.annotate(autumn=autumn, placed=Exists(placed))
    rows = {
        row["round_of"]: row
        for row in applications.values("round_of")
        .annotate(
            applicants=Count("applicant", distinct=True),
            placed_by_autumn=Count("applicant", distinct=True, filter=Q(placed=True)),
            said_to=Count("applicant", distinct=True, filter=Q(answers__skole__adapted_education="ja")),
        )
        .order_by()
    }
    result = []
    for y in years:
        row = rows.get(y, {})
        applicants = row.get("applicants", 0)
        placed_n = row.get("placed_by_autumn", 0)
        result.append(
            {
                "year": y,
                "applicants": applicants,
                "placed": placed_n,
                "not_placed": applicants - placed_n,
                "said_to": row.get("said_to", 0),
            }
        )
    return result


# --- what the filters offer ------------------------------------------------------------------


def data_years(today: datetime.date | None = None) -> tuple[int, int]:
    """The first year with a placement or a waiting-list entry, and this year."""
    today = today or timezone.localdate()
    first = [
        Placement.objects.order_by("starts_on").values_list("starts_on", flat=True).first(),
        WaitingListEntry.objects.order_by("since").values_list("since", flat=True).first(),
    ]
    years = [d.year for d in first if d is not None]
    return (min(years) if years else today.year, today.year)


def people_in_scope(scope: Scope) -> int:
    """How many people the figures are about (placed or waiting at some time), for the page."""
    placed = scope.filter(Placement.objects.all(), "placement").values("person")
    waiting = scope.filter(WaitingListEntry.objects.all(), "waiting").values("person")
    return Person.objects.filter(Q(pk__in=placed) | Q(pk__in=waiting)).count()


# --- a short cache in front of the heavy aggregates ----------------------------------------------


def cached(name: str, scope: Scope, *extra, compute):
    """The figures are aggregates over years; a few minutes old is fine (the page says when they
    were made), and the dashboard then answers from the cache while the same filter is in use.
    The key holds everything the result depends on: scope, breakdown, language and the day."""
    import hashlib

    from django.conf import settings
    from django.utils.translation import get_language

    seconds = getattr(settings, "STATS_CACHE_SECONDS", 300)
    if not seconds:
        return compute()
    raw = repr(
        (name, scope.years, scope.municipalities, scope.kind, extra, get_language(), timezone.localdate())
    )
    key = "stats:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache_get(key)
    if found is None:
        found = compute()
        cache_set(key, found, seconds)
    return found
