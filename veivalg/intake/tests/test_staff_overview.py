"""The office overview (status by kind, time to decision, weekly count without an answer) and
the coordination lists for the meetings of step one and step two."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from veivalg.audit.models import AccessLogEntry
from veivalg.intake import selectors, services
from veivalg.intake.models import CasePart
from veivalg.intake.states import PartStatus

from . import factories as f

pytestmark = pytest.mark.django_db


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_the_90th_percentile_is_a_value_that_at_least_90_percent_reach(values):
    p90 = selectors.percentile(values, 0.9)
    assert p90 in values
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)
    assert sum(v < p90 for v in values) < 0.9 * len(values)


def test_percentile_of_nothing_is_none():
    assert selectors.percentile([], 0.9) is None


def decided(part, caseworker, days: int):
    services.move_part(part=part, to=PartStatus.READY, by=caseworker, why="Klar")
    services.decide(
        part=part, outcome=PartStatus.REFUSED, by=caseworker, reasons="Ikke behov", legal_basis="§"
    )
    CasePart.objects.filter(pk=part.pk).update(decided_at=part.received_at + datetime.timedelta(days=days))


def test_overview_counts_by_kind_and_status_and_times_decisions(offices, caseworker, participant, offers):
    parts = [f.submitted_case(participant, [offers["activity"]]).parts.get() for _ in range(4)]
    for part, days in zip(parts[:3], (10, 20, 40), strict=True):
        decided(part, caseworker, days)
    year = parts[0].round_year
    stats = selectors.overview(offices["allocation"], year, now=timezone.now() + datetime.timedelta(days=60))
    assert stats.total == 4
    assert stats.decided == 3
    assert stats.median_days == 20
    assert stats.p90_days == 40
    assert stats.without_answer_now == 1
    assert stats.by_kind == [("Dagtilbud", [1, 3], 4)]
    assert [value for value, _label in stats.statuses] == ["received", "refused"]


def test_weekly_count_runs_to_the_target_date_and_leaves_future_weeks_empty(offices, participant, offers):
    f.submitted_case(participant, [offers["activity"]])
    part = CasePart.objects.get()
    stats = selectors.overview(offices["allocation"], part.round_year)
    assert stats.weeks[-1].monday <= stats.answer_by < stats.weeks[-1].monday + datetime.timedelta(days=7)
    past = [w for w in stats.weeks if w.without_answer is not None]
    assert past and past[-1].without_answer == 1
    assert all(w.without_answer is None for w in stats.weeks if w.monday > timezone.localdate())


def test_overview_takes_a_fixed_number_of_queries(offices, participant, offers, django_assert_num_queries):
    # The office's municipality, its deadline row, the parts (one query) and the offer kinds.
    f.submitted_case(participant, [offers["activity"]])
    year = CasePart.objects.get().round_year
    for _ in range(5):
        f.submitted_case(participant, [offers["activity"]])
    with django_assert_num_queries(4):
        selectors.overview(offices["allocation"], year)


def test_caseworker_opens_the_overview(client, caseworker, case):
    client.force_login(caseworker)
    response = client.get(reverse("intake:overview"))
    assert response.status_code == 200
    assert "Tildelingskontoret i Bærum" in response.content.decode()


def test_outsider_cannot_open_the_overview(client, outsider, provider_staff):
    for user in (outsider.user, provider_staff):
        client.force_login(user)
        assert client.get(reverse("intake:overview")).status_code == 404


def test_step_one_lists_applicants_for_activity_and_step_two_for_work(
    client, caseworker, nav_counsellor, case
):
    services.move_part(
        part=case.parts.get(route="vedtak"), to=PartStatus.CLARIFICATION, by=caseworker, why="x"
    )
    services.move_part(part=case.parts.get(route="nav"), to=PartStatus.READY, by=nav_counsellor, why="x")
    client.force_login(caseworker)
    step_one = client.get(reverse("intake:coordination"), {"steg": "1"})
    assert [p.route for row in step_one.context["rows"] for p in row.parts] == ["vedtak"]
    step_two = client.get(reverse("intake:coordination"), {"steg": "2"})
    page = step_two.content.decode()
    assert [p.route for row in step_two.context["rows"] for p in row.parts] == ["nav"]
    assert "Varig tilrettelagt arbeid på Verkstedet" in page
    assert "Ola Deltaker" in page
    # Each list shown is in Ola's access log, once a day per list however often it is opened.
    client.get(reverse("intake:coordination"), {"steg": "2"})
    reads = AccessLogEntry.objects.filter(
        person=case.applicant, actor_user=caseworker, action=AccessLogEntry.Action.READ
    )
    assert sorted(reads.values_list("what", flat=True)) == [
        "samordningsmøte trinn 1: søkerliste",
        "samordningsmøte trinn 2: søkerliste",
    ]


def test_coordination_leaves_out_parts_just_received(client, caseworker, case):
    client.force_login(caseworker)
    assert client.get(reverse("intake:coordination")).context["rows"] == []


def test_outsider_cannot_open_the_coordination_list(client, outsider, caseworker, other_caseworker, case):
    client.force_login(outsider.user)
    assert client.get(reverse("intake:coordination")).status_code == 404
    services.move_part(
        part=case.parts.get(route="vedtak"), to=PartStatus.CLARIFICATION, by=caseworker, why="x"
    )
    client.force_login(other_caseworker)
    assert client.get(reverse("intake:coordination")).context["rows"] == []
