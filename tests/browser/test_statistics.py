"""Statistics in a real browser: the staff dashboard and the public page have no axe violations
on desktop and phone, and an analyst filters the figures with the keyboard only."""

import pytest

from .conftest import assert_accessible_at_all_widths, assert_no_axe_violations, focused, tab_to
from .test_caseworker import signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(base_url):
    import datetime

    from veivalg.accounts.models import Organisation, OrganisationKind, Person, StaffRoleKind
    from veivalg.directory.models import OfferKind
    from veivalg.directory.tests.factories import OfferFactory, municipality
    from veivalg.intake.tests.factories import staff_user
    from veivalg.placements.models import Capacity, Placement

    baerum = municipality("3201")
    day = OfferFactory(kind=OfferKind.objects.get(code="dagtilbud"), title="Dagtilbud på Gården")
    vta = OfferFactory(kind=OfferKind.objects.get(code="vta"), title="VTA på Verkstedet")
    this_year = datetime.date.today().year
    for offer in (day, vta):
        Capacity.objects.create(offer=offer, starts_on=datetime.date(this_year - 3, 1, 1), places=12)
    people = Person.objects.bulk_create(
        [Person(display_name=f"Deltaker {i}", birth_date=datetime.date(1990, 1, 1)) for i in range(9)]
    )
    rows = [
        Placement(
            person=p,
            offer=day,
            municipality=baerum,
            starts_on=datetime.date(this_year - 3, 8, 1),
            ends_on=datetime.date(this_year - 1, 2, 28) if i < 3 else None,
            days_per_week=5,
        )
        for i, p in enumerate(people)
    ]
    rows += [
        Placement(
            person=p,
            offer=vta,
            municipality=baerum,
            starts_on=datetime.date(this_year - 1, 3, 1),
            days_per_week=5,
        )
        for p in people[:3]
    ]
    Placement.objects.bulk_create(rows)
    administration = Organisation.objects.create(name="Bærum kommune", kind=OrganisationKind.MUNICIPALITY)
    administration.municipalities.add(baerum)
    return {"analyst": staff_user("analytiker", StaffRoleKind.ANALYST, administration), "baerum": baerum}


def test_statistics_pages_have_no_axe_violations(page, mobile_page, base_url, world):
    assert_accessible_at_all_widths(page, mobile_page, "/statistikk/")
    signed_in(page, mobile_page, base_url, world["analyst"])
    assert_accessible_at_all_widths(page, mobile_page, "/ansatt/statistikk/")
    assert_accessible_at_all_widths(page, mobile_page, "/ansatt/statistikk/?etter=tilbyder")


def test_an_analyst_filters_the_figures_with_the_keyboard(page, mobile_page, base_url, world):
    signed_in(page, mobile_page, base_url, world["analyst"])
    page.goto(base_url + "/ansatt/statistikk/")
    tab_to(page, "#id_etter")
    page.keyboard.press("ArrowDown")  # «Kommune»
    tab_to(page, ".stats-filter button[type=submit]")
    assert focused(page, ".stats-filter button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**etter=kommune**")
    assert page.locator("#tabell-belegg").is_visible()
    assert page.locator("table").filter(has_text="Bærum").count() >= 1
    tab_to(page, "[role=region][aria-labelledby=tabell-belegg]")  # tables scroll with the keyboard
    assert_no_axe_violations(page, "after filtering")
