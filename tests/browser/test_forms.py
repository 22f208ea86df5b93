"""A reader reports an error on an offer page: the error summary leads to the field, nothing typed
is lost, and a valid report ends with a thank-you."""

import re

import pytest
from playwright.sync_api import expect

from veivalg.directory.models import ErrorReport

from .conftest import assert_focus_visible, assert_no_axe_violations, tab_to, visit

pytestmark = pytest.mark.browser


def report_url(directory) -> str:
    return directory.workshop.get_absolute_url() + "meld-feil/"


def send(page) -> None:
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def test_empty_report_focuses_the_error_summary_which_links_to_the_field(page, directory):
    visit(page, report_url(directory))
    send(page)

    summary = page.locator("#feiloppsummering")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Feil: "))
    link = summary.locator("a", has_text="Skriv hva som er feil")
    expect(link).to_have_attribute("href", "#id_message")
    message = page.locator("#id_message")
    expect(message).to_have_attribute("aria-invalid", "true")
    expect(message).to_have_accessible_description(re.compile("Skriv hva som er feil"))
    assert_no_axe_violations(page, "error report with errors")

    # From the summary, the keyboard reaches the link, and the link puts focus in the field.
    tab_to(page, "#feiloppsummering a[href='#id_message']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#id_message")).to_be_focused()
    assert not ErrorReport.objects.exists()


def test_typed_email_is_kept_after_an_invalid_submit(page, directory):
    visit(page, report_url(directory))
    page.locator("#id_email").fill("ola.nordmann@example.no")
    send(page)

    expect(page.locator("#feiloppsummering")).to_be_visible()
    expect(page.locator("#id_email")).to_have_value("ola.nordmann@example.no")
    expect(page.locator("#id_email")).not_to_have_attribute("aria-invalid", "true")


def test_invalid_email_is_explained_and_kept_with_the_message(page, directory):
    visit(page, report_url(directory))
    page.locator("#id_message").fill("Telefonnummeret er feil.")
    page.locator("#id_email").fill("ola.nordmann@")
    send(page)

    expect(page.locator("#feiloppsummering a[href='#id_email']")).to_contain_text("gyldig e-postadresse")
    expect(page.locator("#id_message")).to_have_value("Telefonnummeret er feil.")
    expect(page.locator("#id_email")).to_have_value("ola.nordmann@")
    assert not ErrorReport.objects.exists()


def test_valid_report_shows_thank_you_message(page, directory):
    visit(page, report_url(directory))
    tab_to(page, "#id_message")
    page.keyboard.type("Åpningstiden på fredag er feil.")
    tab_to(page, "#id_email")
    page.keyboard.type("kari@example.no")
    tab_to(page, "main form [type=submit]")
    with page.expect_navigation(url=re.compile(r"\?meldt=1$")):
        page.keyboard.press("Enter")

    thanks = page.get_by_role("status")
    expect(thanks).to_contain_text("Takk! Vi har fått meldingen din")
    assert_no_axe_violations(page, "offer page with thank-you message")
    report = ErrorReport.objects.get()
    assert (report.offer, report.message, report.email) == (
        directory.workshop,
        "Åpningstiden på fredag er feil.",
        "kari@example.no",
    )
