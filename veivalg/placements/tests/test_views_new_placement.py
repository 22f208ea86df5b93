"""The new-placement page lists everyone the office may place, by name: each person listed gets
one read in their access log (once a day, however often the page is opened)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from veivalg.accounts.tests.factories import PersonFactory
from veivalg.audit.models import AccessLogEntry
from veivalg.directory.tests.factories import municipality
from veivalg.placements import services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def placed_in_baerum(offers):
    """Three people placed in Bærum: the picker of Bærum's offices lists them."""
    people = [PersonFactory(display_name=f"Plassert {n}") for n in range(3)]
    for person in people:
        services.place(
            person=person,
            offer=offers["activity"],
            municipality=municipality("3201"),
            starts_on=TODAY - datetime.timedelta(days=5),
            days_per_week=Decimal(2),
        )
    return people


def test_caseworker_opening_the_picker_writes_one_read_per_person_listed(
    client, caseworker, placed_in_baerum
):
    client.force_login(caseworker)
    page = client.get("/ansatt/plasser/ny/").content.decode()
    for person in placed_in_baerum:
        assert person.name in page
        entry = AccessLogEntry.objects.get(person=person, actor_user=caseworker)
        assert entry.action == AccessLogEntry.Action.READ and entry.what == "ny plassering: personliste"
    client.get("/ansatt/plasser/ny/")
    assert AccessLogEntry.objects.filter(actor_user=caseworker).count() == len(placed_in_baerum)


def test_a_caseworker_elsewhere_lists_and_logs_no_one_from_baerum(client, other_caseworker, placed_in_baerum):
    client.force_login(other_caseworker)
    page = client.get("/ansatt/plasser/ny/").content.decode()
    assert "Plassert 0" not in page
    assert not AccessLogEntry.objects.filter(person__in=placed_in_baerum).exists()
