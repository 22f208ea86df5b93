"""The demo school year: every demo municipality gets its events and milestones, once."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from veivalg.events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_events_cover_a_school_year_for_each_demo_municipality_and_reload_cleanly():
    call_command("load_demo_events")
    call_command("load_demo_events")
    numbers = ["3201", "3203", "4601", "4621", "4627", "4614", "4640"]
    for number in numbers:
        events = Event.objects.filter(municipality__number=number)
        kinds = set(events.values_list("kind", flat=True))
        assert {
            "informasjonsmote",
            "apen-dag",
            "jobbmesse",
            "soknadsfrist",
            "vedtaksbrev",
            "oppstart",
        } <= kinds
        deadline = events.get(kind="soknadsfrist")
        assert timezone.localtime(deadline.starts_at).date() == datetime.date(2027, 2, 1)
        meeting = events.get(kind="informasjonsmote")
        assert timezone.localtime(meeting.starts_at).isocalendar().week == 39
    assert Event.objects.count() == 9 * len(numbers)
    assert not Event.objects.filter(is_demo=False).exists()
