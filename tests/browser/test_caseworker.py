"""Case work in a real browser: the queue, the case page, the office overview and the provider's
bookings have no axe violations on desktop and phone, and a caseworker moves a case on with the
keyboard only (Tab to the status, arrow keys, type why, Enter)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from .conftest import (
    assert_accessible_at_all_widths,
    assert_focus_visible,
    assert_no_axe_violations,
    focused,
    tab_to,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(base_url):
    from veivalg.accounts.models import StaffRoleKind
    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.intake import services
    from veivalg.intake.tests import factories as f

    offices = f.baerum_offices()
    offers = f.applicable_offers()
    provider = f.provider_office()
    caseworker = f.caseworker(offices["allocation"])
    provider_staff = f.staff_user("tilbyder", StaffRoleKind.PROVIDER_STAFF, provider, first_name="Tone")
    applicant = PersonFactory(display_name="Ola Deltaker")
    case = f.submitted_case(applicant, [offers["activity"], offers["vta"]])
    clarification = services.book_clarification(
        part=case.parts.get(route="vedtak"),
        kind="visit",
        provider=provider,
        starts_on=datetime.date.today() + datetime.timedelta(days=10),
        note="Hun liker å jobbe med dyr.",
        by=caseworker,
    )
    return {
        "caseworker": caseworker,
        "provider_staff": provider_staff,
        "case": case,
        "clarification": clarification,
    }


def signed_in(page, mobile_page, base_url, user):
    """Give both tabs a session for the user (the password and code steps have their own tests)."""
    for tab in (page, mobile_page):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        tab.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def test_caseworker_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["caseworker"])
    case = cast["case"]
    for path in (
        "/ansatt/saker/",
        f"/ansatt/saker/{case.pk}/",
        "/ansatt/saker/oversikt/",
        "/ansatt/saker/samordning/?steg=1",
        f"/ansatt/saker/del/{case.parts.get(route='vedtak').pk}/avklaring/",
    ):
        assert_accessible_at_all_widths(page, mobile_page, path)


def test_letter_template_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    """The office's templates, the change form and the review of a colleague's change."""
    from veivalg.intake import letter_templates
    from veivalg.intake.tests import factories as f

    office = cast["case"].parts.get(route="vedtak").office
    template = letter_templates.office_templates(office)[0]
    title, body = letter_templates.wording(template)
    colleague = f.caseworker(office, username="kollega")
    letter_templates.propose_change(
        template=template, title=title, body=body + "\n\nEn ny linje.", by=colleague, replacing=None
    )
    signed_in(page, mobile_page, base_url, cast["caseworker"])
    for path in (
        "/ansatt/brevmaler/",
        f"/ansatt/brevmaler/{template.pk}/",
        f"/ansatt/brevmaler/{template.pk}/godkjenning/",
    ):
        assert_accessible_at_all_widths(page, mobile_page, path)


def test_provider_pages_have_no_axe_violations(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["provider_staff"])
    assert_accessible_at_all_widths(page, mobile_page, "/ansatt/tilbyder/")
    assert_accessible_at_all_widths(
        page, mobile_page, f"/ansatt/tilbyder/avklaring/{cast['clarification'].pk}/"
    )


def test_caseworker_moves_the_case_to_ready_with_the_keyboard(page, mobile_page, base_url, cast):
    signed_in(page, mobile_page, base_url, cast["caseworker"])
    case = cast["case"]
    page.goto(f"/ansatt/saker/{case.pk}/")
    # Under clarification (the visit was booked): the first choice is «klar for vedtak».
    tab_to(page, "#id_status-vedtak-to_0")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page, "#id_status-vedtak-why")
    page.keyboard.type("Omvisningen er gjennomført, og behovet er klart.")
    page.keyboard.press("Tab")
    assert focused(page, "form[action$='/status/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".ds-alert").first.inner_text().startswith("Statusen er endret")
    assert_no_axe_violations(page, "the case page after a change")
    case.parts.get(route="vedtak").refresh_from_db()
    assert case.parts.get(route="vedtak").status == "ready"
