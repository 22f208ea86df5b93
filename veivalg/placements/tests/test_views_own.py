"""«Mine plasser»: the participant's placements, waiting and wishes; a relative acting for her;
registering and withdrawing a wish; never anyone else's information."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from veivalg.accounts.tests import conftest as people
from veivalg.audit.models import AccessLogEntry
from veivalg.directory.tests.factories import municipality
from veivalg.intake import services as intake
from veivalg.intake.states import PartStatus
from veivalg.placements import services
from veivalg.placements.models import ChangeWish

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# A relative on the participant's consent, and a parent with a child under 18 (accounts' cast).
consent_relative = people.consent_relative
child = people.child
parent = people.parent


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def placed(participant, offers):
    return services.place(
        person=participant,
        offer=offers["activity"],
        municipality=municipality("3201"),
        starts_on=TODAY - datetime.timedelta(days=20),
        days_per_week=Decimal(3),
    )


@pytest.fixture
def waiting(case, nav_counsellor, offers):
    part = case.parts.get(route="nav")
    intake.move_part(part=part, to=PartStatus.READY, by=nav_counsellor)
    intake.decide(
        part=part,
        outcome=PartStatus.WAITING_LIST,
        by=nav_counsellor,
        reasons="Ingen ledig plass nå.",
        legal_basis="§",
        offer=offers["vta"],
    )


def acting(client, guardian, participant):
    client.force_login(guardian.user)
    assert client.post("/min-side/handle-for/", {"person": str(participant.pk)}).status_code == 302


def test_participant_sees_placement_and_that_she_waits_since_when(client, participant, placed, waiting):
    client.force_login(participant.user)
    page = text(client.get("/min-side/plasser/"))
    assert "Dagtilbud på Gården" in page and "3 dager i uka" in page
    assert f"Du venter på Varig tilrettelagt arbeid (VTA) siden {timezone.localdate().day}." in page
    assert "Det er 0 dager." in page and "NAV Bærum" in page
    assert "Ingen ledig plass" not in page  # the office's reasons stay with the office


def test_nobody_elses_places_show(client, outsider, placed, waiting):
    client.force_login(outsider.user)
    page = text(client.get("/min-side/plasser/"))
    assert "Du har ingen plass nå." in page and "Du står ikke på noen venteliste." in page
    assert "Gården" not in page


def test_participant_registers_a_wish_and_follows_it(client, participant, placed):
    client.force_login(participant.user)
    response = client.post(
        "/min-side/plasser/onske/",
        {"kind": "more", "placement": str(placed.pk), "reason": "Jeg vil jobbe fire dager."},
    )
    assert response.status_code == 302
    wish = ChangeWish.objects.get()
    assert (wish.placement, wish.registered_by_person) == (placed, participant)
    page = text(client.get("/min-side/plasser/"))
    assert "Mer tid (Dagtilbud på Gården)" in page and "Status: registrert" in page


def test_a_wish_without_kind_or_reason_keeps_what_was_typed(client, participant):
    client.force_login(participant.user)
    response = client.post("/min-side/plasser/onske/", {"goals": "Jobbe i butikk."})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_kind_0"' in page and 'href="#id_reason"' in page
    assert "Jobbe i butikk." in page


def test_relative_registers_a_wish_for_her_and_the_read_is_logged(client, participant, guardian):
    acting(client, guardian, participant)
    page = client.get("/min-side/plasser/onske/")
    assert "Du sender ønsket for Ola Deltaker" in text(page)
    response = client.post("/min-side/plasser/onske/", {"kind": "stop", "reason": "Hun er sliten."})
    assert response.status_code == 302
    wish = ChangeWish.objects.get()
    assert (wish.person, wish.registered_by_person) == (participant, guardian)
    assert AccessLogEntry.objects.filter(person=participant, actor_person=guardian).exists()


def test_relative_on_consent_sees_the_wishes_but_cannot_register_or_withdraw_one(
    client, participant, consent_relative, placed
):
    """Acting on Ola's consent, Sara may look, not decide (issue 12, finding 3)."""
    wish = services.register_wish(
        person=participant, kind=ChangeWish.Kind.LESS, reason="For mye.", by_person=participant
    )
    acting(client, consent_relative, participant)
    page = client.get("/min-side/plasser/").content.decode()
    assert "Dagtilbud på Gården" in page and wish.get_kind_display().capitalize() in page
    assert "Du kan se dette, men ikke bestemme" in page
    assert 'href="/min-side/plasser/onske/"' not in page and f"/onske/{wish.pk}/trekk/" not in page

    assert client.get("/min-side/plasser/onske/").status_code == 404
    response = client.post(
        "/min-side/plasser/onske/", {"kind": "stop", "placement": str(placed.pk), "reason": "Sara vil det."}
    )
    assert response.status_code == 404
    assert client.get(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 404
    assert client.post(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 404
    assert list(ChangeWish.objects.values_list("pk", "status")) == [(wish.pk, ChangeWish.Status.OPEN)]


def test_parent_of_a_minor_registers_and_withdraws_a_wish_for_her(client, parent, child):
    acting(client, parent, child)
    assert 'href="/min-side/plasser/onske/"' in client.get("/min-side/plasser/").content.decode()
    assert (
        client.post("/min-side/plasser/onske/", {"kind": "more", "reason": "Hun vil mer."}).status_code == 302
    )
    wish = ChangeWish.objects.get(person=child)
    assert wish.registered_by_person == parent
    assert client.post(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 302
    wish.refresh_from_db()
    assert wish.status == ChangeWish.Status.WITHDRAWN


def test_participant_withdraws_an_open_wish(client, participant):
    wish = services.register_wish(
        person=participant, kind=ChangeWish.Kind.LESS, reason="For mye.", by_person=participant
    )
    client.force_login(participant.user)
    assert client.get(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 200
    assert client.post(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 302
    wish.refresh_from_db()
    assert wish.status == ChangeWish.Status.WITHDRAWN
    assert client.get(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 302


def test_another_persons_wish_cannot_be_withdrawn(client, participant, outsider):
    wish = services.register_wish(
        person=participant, kind=ChangeWish.Kind.LESS, reason="For mye.", by_person=participant
    )
    client.force_login(outsider.user)
    assert client.post(f"/min-side/plasser/onske/{wish.pk}/trekk/").status_code == 404
    wish.refresh_from_db()
    assert wish.status == ChangeWish.Status.OPEN


def test_staff_and_anonymous_are_refused(client, caseworker):
    assert client.get("/min-side/plasser/").status_code == 302
    client.force_login(caseworker)
    assert client.get("/min-side/plasser/").status_code == 404
    assert client.get("/min-side/plasser/onske/").status_code == 404


def test_my_pages_link_to_mine_plasser(client, participant):
    client.force_login(participant.user)
    assert 'href="/min-side/plasser/"' in client.get("/min-side/").content.decode()
