"""Places in a real browser: the office's capacity overview, an offer, a placement, a new
placement, capacity for a period and the waiting lists; the provider's view; the participant's
«Mine plasser» and wish form. No axe violations on desktop and phone (also with errors shown),
and the participant sends a wish with the keyboard only."""

import datetime
from decimal import Decimal

import pytest

from .conftest import (
    assert_accessible_at_all_widths,
    assert_focus_visible,
    assert_no_axe_violations,
    focused,
    tab_to,
)
from .test_caseworker import signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(base_url):
    from veivalg.accounts.models import StaffRoleKind
    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.directory.models import OfferKind
    from veivalg.directory.tests.factories import OfferFactory, municipality
    from veivalg.intake import services as intake
    from veivalg.intake.states import PartStatus
    from veivalg.intake.tests import factories as f
    from veivalg.placements import services
    from veivalg.placements.models import Capacity, ChangeWish, Reservation, WaitingListEntry

    today = datetime.date.today()
    offices = f.baerum_offices()
    offers = f.applicable_offers()
    provider = f.provider_office()
    caseworker = f.caseworker(offices["allocation"])
    counsellor = f.nav_counsellor(offices["nav"])
    provider_staff = f.staff_user("tilbyder", StaffRoleKind.PROVIDER_STAFF, provider, first_name="Tone")
    participant = PersonFactory(display_name="Ola Deltaker")
    workshop = OfferFactory(
        organization=provider.provider,
        kind=OfferKind.objects.get(code="kommunalt-tilrettelagt-arbeid"),
        title="Verkstedet",
    )
    capacity = Capacity.objects.create(
        offer=workshop, starts_on=today - datetime.timedelta(days=30), places=10
    )
    Reservation.objects.create(capacity=capacity, municipality=municipality("3203"), places=2)
    placement = services.place(
        person=participant,
        offer=workshop,
        municipality=municipality("3201"),
        starts_on=today - datetime.timedelta(days=10),
        days_per_week=Decimal(3),
    )
    case = f.submitted_case(participant, [offers["vta"]])
    part = case.parts.get()
    intake.move_part(part=part, to=PartStatus.READY, by=counsellor)
    intake.decide(
        part=part,
        outcome=PartStatus.WAITING_LIST,
        by=counsellor,
        reasons="Ingen ledig plass nå.",
        legal_basis="§",
        offer=offers["vta"],
    )
    services.register_wish(
        person=participant,
        kind=ChangeWish.Kind.LESS,
        reason="For mye nå.",
        placement=placement,
        by_person=participant,
    )
    return {
        "caseworker": caseworker,
        "provider_staff": provider_staff,
        "participant": participant,
        "workshop": workshop,
        "placement": placement,
        "waiting": WaitingListEntry.objects.get(),
    }


def test_office_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["caseworker"])
    for path in (
        "/ansatt/plasser/",
        "/ansatt/plasser/?type=vta&kommune=3201",
        f"/ansatt/plasser/tilbud/{cast['workshop'].slug}/",
        f"/ansatt/plasser/tilbud/{cast['workshop'].slug}/kapasitet/",
        f"/ansatt/plasser/plassering/{cast['placement'].pk}/",
        f"/ansatt/plasser/plassering/{cast['placement'].pk}/onske/",
        "/ansatt/plasser/ny/",
        f"/ansatt/plasser/ny/?venter={cast['waiting'].pk}",
        "/ansatt/plasser/venteliste/",
        f"/ansatt/plasser/venteliste/{cast['waiting'].pk}/",
    ):
        assert_accessible_at_all_widths(page, mobile_page, path)


def test_forms_with_errors_have_no_axe_violations(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["caseworker"])
    for tab in (page, mobile_page):
        tab.goto("/ansatt/plasser/ny/")
        tab.get_by_role("button", name="Lagre plasseringen").click()
        assert tab.locator("#feiloppsummering").is_visible()
        assert_no_axe_violations(tab, "new placement with errors")
        tab.goto(f"/ansatt/plasser/tilbud/{cast['workshop'].slug}/kapasitet/")
        tab.locator("#id_places").fill("1")
        tab.locator("#id_res1_group").fill("unge under 25")
        tab.locator("#id_res1_places").fill("3")
        tab.get_by_role("button", name="Lagre kapasiteten").click()
        assert tab.locator("#feiloppsummering").is_visible()
        assert tab.locator("#id_res1_group").input_value() == "unge under 25"
        assert_no_axe_violations(tab, "capacity with errors")


def test_provider_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["provider_staff"])
    assert_accessible_at_all_widths(page, mobile_page, "/ansatt/plasser/")
    assert_accessible_at_all_widths(page, mobile_page, f"/ansatt/plasser/tilbud/{cast['workshop'].slug}/")
    assert_accessible_at_all_widths(page, mobile_page, f"/ansatt/plasser/plassering/{cast['placement'].pk}/")


def test_participant_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["participant"].user)
    assert_accessible_at_all_widths(page, mobile_page, "/min-side/plasser/")
    assert_accessible_at_all_widths(page, mobile_page, "/min-side/plasser/onske/")
    for tab in (page, mobile_page):
        tab.goto("/min-side/plasser/onske/")
        tab.get_by_role("button", name="Send ønsket").click()
        assert tab.locator("#feiloppsummering").is_visible()
        assert_no_axe_violations(tab, "wish with errors")


def test_participant_sends_a_wish_with_the_keyboard_only(page, mobile_page, base_url, cast):
    from veivalg.placements.models import ChangeWish

    signed_in(page, mobile_page, base_url, cast["participant"].user)
    page.goto("/min-side/plasser/onske/")
    tab_to(page, "#id_kind_0")
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys: «mindre tid»
    assert focused(page, "#id_kind_1")
    tab_to(page, "#id_reason")
    page.keyboard.type("Jeg blir sliten.")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/min-side/plasser/")
    assert ChangeWish.objects.filter(kind="less", reason="Jeg blir sliten.").exists()
    assert page.get_by_text("Ønsket er sendt").is_visible()
