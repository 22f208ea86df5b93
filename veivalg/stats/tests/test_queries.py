"""The statistics' figures, counted by hand on the world in conftest.py."""

import datetime

import pytest

from veivalg.stats import queries
from veivalg.stats.queries import BY_KIND, BY_MUNICIPALITY, BY_PROVIDER, Scope

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)


def test_capacity_occupied_and_waiting_at_each_year_end_per_offer_kind(world):
    baerum = Scope(years=(2022, 2023), municipalities=(world["baerum"].pk,))
    result = queries.overview(baerum, BY_KIND, TODAY)
    day, vta = world["day"].pk, world["vta"].pk
    assert result.capacity == {day: [10, 10], vta: [0, 20]}
    assert result.occupied == {day: [4 + 3, 4 + 2], vta: [0, 3]}
    assert result.occupied_totals == [7, 9]
    assert result.waiting[vta] == [5, 3]
    assert result.waiting_totals == [5, 3]


def test_people_count_where_they_live_and_capacity_where_the_offer_belongs(world):
    result = queries.overview(Scope(years=(2023,)), BY_MUNICIPALITY, TODAY)
    assert result.occupied == {world["baerum"].pk: [9], world["bergen"].pk: [6]}
    assert result.capacity == {world["baerum"].pk: [30], world["bergen"].pk: [8]}


def test_per_provider(world):
    result = queries.overview(Scope(years=(2023,), kind=world["vta"].pk), BY_PROVIDER, TODAY)
    assert [label for _key, label in result.groups] == ["Verkstedet"]
    assert list(result.occupied.values()) == [[3]]


def test_the_current_year_is_counted_today():
    assert queries.year_end(2025, TODAY) == TODAY
    assert queries.year_end(2024, TODAY) == datetime.date(2024, 12, 31)


def test_waiting_time_is_the_median_days_of_those_who_left(world):
    times = queries.waiting_times(Scope(years=(2022, 2023)))
    assert times["years"] == [(2022, 0, None), (2023, 2, 365.0)]
    assert times["kinds"] == [("Varig tilrettelagt arbeid (VTA)", 2, 365.0)]


@pytest.mark.parametrize(
    ("counts", "median"),
    [({}, None), ({5: 1}, 5), ({1: 1, 3: 1}, 2), ({1: 2, 10: 1}, 1), ({1: 1, 2: 1, 9: 2}, 5.5)],
)
def test_median_from_counts(counts, median):
    assert queries.median_from_counts(counts) == median


def test_transitions_are_a_new_kind_after_the_previous_placement(world):
    moves = queries.transitions(Scope(years=(2022, 2023)))
    assert moves["counts"] == {(world["day"].pk, world["vta"].pk): 3}
    assert queries.transitions(Scope(years=(2022,)))["counts"] == {}
    assert queries.transitions(Scope(years=(2023,), municipalities=(world["bergen"].pk,)))["counts"] == {}


def test_school_leavers_and_how_many_have_a_place_by_autumn(world):
    rows = queries.school_leavers(Scope(years=(2022, 2023)))
    assert rows[1] == {"year": 2023, "applicants": 6, "placed": 2, "not_placed": 4, "said_to": 5}
    assert rows[0]["applicants"] == 0
    # Aged 19–21 only: the same people are 22 in 2025.
    assert queries.school_leavers(Scope(years=(2025,)))[0]["applicants"] == 0


def test_the_figures_are_cached_for_a_while_per_filter_and_language(world, settings):
    from django.core.cache import cache
    from django.utils import translation

    settings.STATS_CACHE_SECONDS = 300
    cache.clear()
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    scope = queries.Scope(years=(2024, 2025))
    assert queries.cached("t", scope, compute=compute) == {"n": 1}
    assert queries.cached("t", scope, compute=compute) == {"n": 1}
    assert queries.cached("t", queries.Scope(years=(2025,)), compute=compute) == {"n": 2}
    with translation.override("nn"):
        assert queries.cached("t", scope, compute=compute) == {"n": 3}
    settings.STATS_CACHE_SECONDS = 0
    assert queries.cached("t", scope, compute=compute) == {"n": 4}
    cache.clear()
