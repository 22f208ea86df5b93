"""`manage.py load_demo` (what `make demo` runs) loads every part in order; it refuses where demo
data does not belong.

The placements come last and need every part before them, so the one test that loads the whole
demo also checks them: a ten-year history with transitions, wishes and meetings, loaded once.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from veivalg.accounts.models import Person, Relationship
from veivalg.content.models import ArticlePage, AudiencePage
from veivalg.directory.models import Offer
from veivalg.events.models import Event
from veivalg.intake.models import Case
from veivalg.placements.models import Capacity, ChangeWish, FlowMeeting, Placement

pytestmark = pytest.mark.django_db


def test_load_demo_loads_every_part_and_placements_give_history_transitions_and_meetings(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "test-passord-123")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Offer.objects.published().filter(is_demo=True).count() >= 70
    assert AudiencePage.objects.live().count() == 3 and ArticlePage.objects.live().count() >= 12
    assert Event.objects.filter(is_demo=True).count() == 9 * 7
    kari = Person.objects.get(display_name="Kari Demo", is_demo=True)
    assert Relationship.objects.filter(relative=kari).count() == 2
    assert Case.objects.filter(applicant__is_demo=True).count() >= 20
    caseworker = get_user_model().objects.get(username="saksbehandler.baerum")
    assert caseworker.check_password("test-passord-123")
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()

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
    call_command("load_demo_placements", stdout=out)
    assert Placement.objects.filter(person__is_demo=True).count() == count


def test_load_demo_refuses_on_a_production_server_and_loads_nothing(settings):
    settings.DEBUG = False
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Offer.objects.exists()
    assert not Person.objects.exists()
