"""Intake rounds: 1 February by default, per municipality when set; late is marked, not refused."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veivalg.directory.tests.factories import municipality
from veivalg.intake import rounds
from veivalg.intake.models import IntakeDeadline

pytestmark = pytest.mark.django_db


def test_autumn_applications_belong_to_next_years_round_with_1_february():
    found = rounds.round_for(municipality("3201"), datetime.date(2026, 11, 25))
    assert (found.year, found.deadline) == (2027, datetime.date(2027, 2, 1))
    assert not found.is_late(datetime.date(2026, 11, 25))


def test_after_the_deadline_until_august_is_late_for_the_same_round():
    found = rounds.round_for(municipality("3201"), datetime.date(2027, 3, 10))
    assert found.year == 2027
    assert found.is_late(datetime.date(2027, 3, 10))
    assert rounds.round_for(municipality("3201"), datetime.date(2027, 8, 1)).year == 2028


def test_a_municipality_can_set_its_own_deadline_for_a_year():
    baerum = municipality("3201")
    IntakeDeadline.objects.create(
        municipality=baerum,
        year=2027,
        deadline=datetime.date(2027, 3, 1),
        answer_by=datetime.date(2027, 5, 15),
    )
    found = rounds.round_for(baerum, datetime.date(2027, 2, 20))
    assert found.deadline == datetime.date(2027, 3, 1) and not found.is_late(datetime.date(2027, 2, 20))
    assert rounds.round_for(municipality("4601"), datetime.date(2027, 2, 20)).is_late(
        datetime.date(2027, 2, 20)
    )


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)))
def test_every_day_belongs_to_a_round_whose_deadline_is_within_a_year_ahead(day):
    found = rounds.round_for(None, day)
    assert found.deadline.year == found.year
    assert -183 <= (found.deadline - day).days <= 366
    assert found.answer_by >= found.deadline


def test_is_late_uses_the_application_municipalitys_own_deadline_and_only_for_municipal_places(
    participant, offers
):
    from veivalg.intake.tests import factories as f

    IntakeDeadline.objects.create(
        municipality=municipality("3201"),
        year=2027,
        deadline=datetime.date(2027, 3, 1),
        answer_by=datetime.date(2027, 5, 15),
    )
    municipal = f.draft(participant, offers=[offers["activity"]])
    assert not rounds.is_late(municipal, datetime.date(2027, 2, 20))
    assert rounds.is_late(municipal, datetime.date(2027, 3, 2))
    nav_only = f.draft(participant, offers=[offers["vta"]])
    assert not rounds.is_late(nav_only, datetime.date(2027, 3, 2))
    answers = {**f.COMPLETE_ANSWERS, "kommune": {"municipality": "3201", "moving_in": True}}
    moving_in = f.draft(participant, offers=[offers["activity"]], answers=answers)
    assert not rounds.is_late(moving_in, datetime.date(2027, 3, 2))
