"""Demo places and flow: a ten-year history with transitions, wishes and meetings; loads once."""

import pytest
from django.core.management import call_command

from veivalg.placements.models import Capacity, ChangeWish, FlowMeeting, Placement

pytestmark = pytest.mark.django_db


def test_demo_placements_give_history_transitions_and_meetings(settings):
    settings.DEBUG = True
    quiet = open("/dev/null", "w")
    for command in ("load_demo_data", "load_demo_people", "load_demo_intake", "load_demo_placements"):
        call_command(command, stdout=quiet)
    assert Capacity.objects.exists()
    placements = Placement.objects.filter(person__is_demo=True)
    assert placements.count() > 150
    years = {p.starts_on.year for p in placements}
    assert min(years) <= 2017 and max(years) >= 2025
    moved = {
        tuple(placements.filter(person=person).values_list("offer__kind__code", flat=True).distinct())
        for person in {p.person for p in placements}
    }
    assert any(len(kinds) > 1 for kinds in moved)
    assert ChangeWish.objects.count() >= 5
    assert FlowMeeting.objects.filter(status="planned").count() == 1
    count = placements.count()
    call_command("load_demo_placements", stdout=quiet)
    assert Placement.objects.filter(person__is_demo=True).count() == count
