"""The applicant's own case page and the caseworker's decision form in real Chromium: axe on
desktop and phone, and «Ja takk» with the keyboard only."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from veivalg.accounts.tests.factories import PersonFactory
from veivalg.intake import services
from veivalg.intake.states import PartStatus
from veivalg.intake.tests import factories as f

from .conftest import assert_accessible_at_all_widths, assert_focus_visible, assert_no_axe_violations, tab_to

pytestmark = pytest.mark.browser


def sign_in(page, user, base_url: str) -> None:
    """A session made with the test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture
def cast(base_url, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    offices = f.baerum_offices()
    offers = f.applicable_offers()
    caseworker = f.caseworker(offices["allocation"])
    applicant = PersonFactory(display_name="Ola Deltaker")
    case = f.submitted_case(applicant, [offers["activity"], offers["vta"]])
    vedtak = services.move_part(part=case.parts.get(route="vedtak"), to=PartStatus.READY, by=caseworker)
    return {
        "case": case,
        "vedtak": vedtak,
        "caseworker": caseworker,
        "applicant": applicant,
        "offers": offers,
    }


def test_decision_form_and_case_page_are_accessible_and_ja_takk_works_by_keyboard(
    page, mobile_page, base_url, cast
):
    for tab in (page, mobile_page):
        sign_in(tab, cast["caseworker"], base_url)
    assert_accessible_at_all_widths(page, mobile_page, f"/ansatt/saker/del/{cast['vedtak'].pk}/vedtak/")

    # An empty submit shows the error summary; still no violations.
    page.get_by_role("button", name="Lagre vedtaket og send brev").click()
    page.wait_for_selector("#feiloppsummering")
    assert_no_axe_violations(page, "the decision form with errors")

    services.decide(
        part=cast["vedtak"],
        outcome=PartStatus.GRANTED,
        by=cast["caseworker"],
        reasons="Du trenger et dagtilbud.",
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6",
        offer=cast["offers"]["activity"],
        start_date=datetime.date(2027, 8, 16),
        days_per_week=4,
    )
    for tab in (page, mobile_page):
        tab.context.clear_cookies()
        sign_in(tab, cast["applicant"].user, base_url)
    path = f"/min-side/saker/{cast['case'].pk}/"
    assert_accessible_at_all_widths(page, mobile_page, path)

    page.goto(path)
    tab_to(page, f"#ja-takk-{cast['vedtak'].pk}")
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Du har sagt ja takk til plassen").is_visible()
    assert_no_axe_violations(page, "the case page after ja takk")
    cast["vedtak"].refresh_from_db()
    assert cast["vedtak"].status == PartStatus.ACCEPTED
