"""Deadline reminders in a real browser: axe at desktop and mobile width on the subscription
form, the form with errors, and the confirm and unsubscribe pages."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible_at_all_widths, assert_no_axe_violations, visit

pytestmark = pytest.mark.browser

PATH = "/paminnelse/"


@pytest.fixture
def pending(base_url):
    from veivalg.reminders.tests.factories import subscription

    return subscription("3201", confirmed=False)


def test_subscription_form_has_no_axe_violations(page, mobile_page, base_url):
    assert_accessible_at_all_widths(page, mobile_page, PATH)
    expect(page.locator("h1")).to_have_text("Få påminnelse før søknadsfristen")
    expect(page.locator("#id_main_deadline")).to_be_checked()


def test_subscription_form_with_errors_has_no_axe_violations(page, mobile_page, base_url):
    for tab in (page, mobile_page):
        visit(tab, PATH)
        tab.fill("#id_email", "kari.eksempel.no")
        tab.fill("#id_kommune", "Atlantis")
        tab.uncheck("#id_main_deadline")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Send meg påminnelser").click()
        expect(tab.locator("#feiloppsummering")).to_be_visible()
        expect(tab.locator("#feiloppsummering li")).to_have_count(3)
        expect(tab.locator("#id_email")).to_have_value("kari.eksempel.no")
        expect(tab.locator("#id_kommune")).to_have_value("Atlantis")
        assert tab.title().startswith("Feil:")
        assert_no_axe_violations(tab, f"{PATH} with errors")


def test_subscribing_leads_to_check_your_email(page, base_url):
    visit(page, PATH)
    page.fill("#id_email", "kari@eksempel.no")
    page.fill("#id_kommune", "3201")
    with page.expect_navigation():
        page.get_by_role("button", name="Send meg påminnelser").click()
    expect(page.locator("h1")).to_have_text("Sjekk e-posten din")
    assert_no_axe_violations(page, "check your e-mail")


def test_confirm_page_has_no_axe_violations(page, mobile_page, pending):
    path = f"/paminnelse/bekreft/{pending.confirm_token}/"
    assert_accessible_at_all_widths(page, mobile_page, path)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, send meg påminnelser").click()
    expect(page.locator("h1")).to_have_text("Takk, du får påminnelser")
    assert_no_axe_violations(page, f"{path} after confirming")


def test_unsubscribe_page_has_no_axe_violations(page, mobile_page, pending):
    path = f"/paminnelse/avmeld/{pending.unsubscribe_token}/"
    assert_accessible_at_all_widths(page, mobile_page, path)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, meld meg av").click()
    expect(page.locator("h1")).to_have_text("Du er meldt av")
    assert_no_axe_violations(page, f"{path} after unsubscribing")
