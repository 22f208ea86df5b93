"""Flow meetings in a real browser: the caseworker at Bærum's allocation office opens the
meeting list, builds the agenda, records an outcome with the keyboard only, is told when her
copy is stale without losing what she typed, and closes the meeting; every page passes axe on
desktop and phone. A provider invited to the meeting reads the item of its own participant with
the keyboard, and sees nobody else's."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from .conftest import assert_accessible_at_all_widths, assert_no_axe_violations, tab_to, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(base_url):
    from decimal import Decimal

    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.directory.tests.factories import municipality
    from veivalg.intake.tests import factories as f
    from veivalg.placements import services
    from veivalg.placements.models import ChangeWish

    offices = f.baerum_offices()
    offers = f.applicable_offers()
    caseworker = f.caseworker(offices["allocation"])
    person = PersonFactory(display_name="Ola Deltaker")
    placement = services.place(
        person=person,
        offer=offers["activity"],
        municipality=municipality("3201"),
        starts_on=datetime.date(2026, 8, 17),
        days_per_week=Decimal(3),
    )
    services.register_wish(
        person=person,
        kind=ChangeWish.Kind.ORDINARY,
        reason="Vil prøve en vanlig jobb.",
        placement=placement,
        by_person=person,
    )
    meeting = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality("3201")],
        held_on=datetime.date.today() + datetime.timedelta(days=30),
        title="Flytmøte uke 41",
        invited=[offices["nav"]],
    )
    return {"caseworker": caseworker, "meeting": meeting, "person": person}


def signed_in(tabs, base_url, user):
    for tab in tabs:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        tab.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def test_flow_meeting_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    from veivalg.placements import services

    signed_in((page, mobile_page), base_url, cast["caseworker"])
    meeting = cast["meeting"]
    services.build_agenda(meeting)
    item = meeting.items.get()
    for path in (
        "/ansatt/flytmoter/",
        "/ansatt/flytmoter/planlegg/",
        f"/ansatt/flytmoter/{meeting.pk}/",
        f"/ansatt/flytmoter/sak/{item.pk}/",
        f"/ansatt/flytmoter/{meeting.pk}/lukk/",
    ):
        assert_accessible_at_all_widths(page, mobile_page, path)


def test_caseworker_records_an_outcome_with_the_keyboard_and_closes(page, base_url, cast):
    from veivalg.placements import services
    from veivalg.placements.models import FlowMeeting, MeetingItem

    signed_in((page,), base_url, cast["caseworker"])
    meeting = cast["meeting"]
    visit(page, f"/ansatt/flytmoter/{meeting.pk}/")
    page.get_by_role("button", name="Lag sakslisten").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("1 nye saker")
    assert_no_axe_violations(page, "agenda built")

    page.get_by_role("link", name="Ola Deltaker").click()
    page.wait_for_load_state()
    item = MeetingItem.objects.get()
    # Someone else saves first: the page's copy is now stale.
    services.record_outcome(
        item=item, outcome="postponed", minutes="Tatt opp i forrige runde.", version=1, by=cast["caseworker"]
    )

    tab_to(page, "#id_outcome_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_minutes")
    page.keyboard.type("Fortsetter på Gården; ser på vanlig jobb til våren.")
    tab_to(page, "#lagre-utfall")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "Noen andre har lagret" in alert.inner_text()
    assert page.locator("#id_minutes").input_value().startswith("Fortsetter på Gården")
    assert_no_axe_violations(page, "stale copy")

    with page.expect_navigation():
        page.get_by_role("button", name="Lagre utfallet").click()
    assert "Utfallet for Ola Deltaker er lagret" in page.get_by_role("status").inner_text()
    item.refresh_from_db()
    assert item.outcome == "no_change" and item.minutes.startswith("Fortsetter på Gården")

    page.get_by_role("link", name="Lukk møtet").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page, "close meeting")
    with page.expect_navigation():
        page.get_by_role("button", name="Lukk møtet og lag referatet").click()
    assert "Møtet er lukket" in page.get_by_role("status").inner_text()
    assert FlowMeeting.objects.get().is_closed
    assert_no_axe_violations(page, "closed meeting")


@pytest.fixture
def provider_cast(cast):
    """Arbeidssenteret invited to the meeting, with its own participant's wish on the agenda
    beside Ola's (at another provider)."""
    from decimal import Decimal

    from veivalg.accounts.models import StaffRoleKind
    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.directory.models import OfferKind
    from veivalg.directory.tests.factories import OfferFactory, municipality
    from veivalg.intake.tests import factories as f
    from veivalg.placements import services
    from veivalg.placements.models import ChangeWish

    provider = f.provider_office()
    staff = f.staff_user("tilbyder", StaffRoleKind.PROVIDER_STAFF, provider)
    workshop = OfferFactory(
        organization=provider.provider,
        kind=OfferKind.objects.get(code="kommunalt-tilrettelagt-arbeid"),
        title="Verkstedet hos Arbeidssenteret",
    )
    kari = PersonFactory(display_name="Kari Verksted")
    placement = services.place(
        person=kari,
        offer=workshop,
        municipality=municipality("3201"),
        starts_on=datetime.date(2026, 8, 17),
        days_per_week=Decimal(2),
    )
    services.register_wish(
        person=kari, kind=ChangeWish.Kind.MORE, reason="Vil jobbe mer.", placement=placement, by_person=kari
    )
    cast["meeting"].invited.add(provider)
    services.build_agenda(cast["meeting"])
    return {"staff": staff, "meeting": cast["meeting"], "item": cast["meeting"].items.get(person=kari)}


def test_invited_provider_reads_its_participants_item_with_the_keyboard(page, base_url, provider_cast):
    signed_in((page,), base_url, provider_cast["staff"])
    visit(page, f"/ansatt/flytmoter/{provider_cast['meeting'].pk}/")
    assert page.get_by_role("link", name="Kari Verksted").count() == 1
    assert page.get_by_text("Ola Deltaker").count() == 0
    assert_no_axe_violations(page, "provider's meeting page")

    tab_to(page, f'a[href="/ansatt/flytmoter/sak/{provider_cast["item"].pk}/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kari Verksted" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("button", name="Lagre utfallet").count() == 0
    assert_no_axe_violations(page, "provider's item page")
