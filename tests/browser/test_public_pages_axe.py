"""Every public page, on a desktop and on a phone, has no axe violations (WCAG 2.1 AA)."""

import pytest

from .conftest import assert_accessible_at_all_widths, assert_no_axe_violations, switch_language, visit

pytestmark = pytest.mark.browser

PAGES = {
    "home": lambda d: "/",
    "choose municipality": lambda d: "/kommune/",
    "several municipalities match": lambda d: "/kommune/?q=b",
    "municipality not found": lambda d: "/kommune/?q=zzzz",
    "municipality with own offers": lambda d: "/kommune/3201-baerum/",
    "neighbour with reserved places": lambda d: "/kommune/3203-asker/",
    "municipality without offers": lambda d: "/kommune/4601-bergen/",
    "offer": lambda d: d.workshop.get_absolute_url(),
    "provider": lambda d: d.organization.get_absolute_url(),
    "search with results": lambda d: "/sok/?q=B%C3%A6rum",
    "search with a filter": lambda d: "/sok/?q=B%C3%A6rum&omrade=arbeid",
    "search without results": lambda d: "/sok/?q=zzzzqqq",
    "search too long": lambda d: "/sok/?q=" + "a" * 201,
    "search unknown municipality number": lambda d: "/sok/?kommune=9999",
    "error report form": lambda d: d.workshop.get_absolute_url() + "meld-feil/",
}


@pytest.mark.parametrize("path_for", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_axe_violations(page, mobile_page, directory, path_for):
    assert_accessible_at_all_widths(page, mobile_page, path_for(directory))


def test_search_results_are_listed_before_axe_runs(page, directory):
    # Guards the "with results" case above against silently checking an empty page.
    visit(page, "/sok/?q=B%C3%A6rum")
    assert page.locator(".result-list li").count() >= 3


def test_not_found_page_has_no_axe_violations(page, mobile_page, directory):
    assert_accessible_at_all_widths(page, mobile_page, "/kommune/9999-finnes-ikke/", status=404)


def test_error_report_form_with_errors_has_no_axe_violations(page, mobile_page, directory):
    for tab in (page, mobile_page):
        visit(tab, directory.workshop.get_absolute_url() + "meld-feil/")
        tab.locator("#id_email").fill("ikke-en-adresse")
        with tab.expect_navigation():
            tab.locator("main form [type=submit]").click()
        assert tab.locator("#feiloppsummering").is_visible()
        assert_no_axe_violations(tab, "error report form with errors")


def test_thank_you_message_has_no_axe_violations(page, mobile_page, directory):
    assert_accessible_at_all_widths(page, mobile_page, directory.workshop.get_absolute_url() + "?meldt=1")


def test_municipality_suggestions_have_no_axe_violations(page, mobile_page, directory):
    for tab in (page, mobile_page):
        visit(tab, "/kommune/")
        tab.locator("#kommune-q").press_sequentially("Ber")
        tab.locator(".suggestions a", has_text="Bergen").wait_for()
        assert_no_axe_violations(tab, "municipality suggestions")


@pytest.mark.parametrize("language", ["nn", "en"])
def test_pages_in_other_languages_have_no_axe_violations(page, mobile_page, directory, language):
    paths = [
        "/",
        "/kommune/3203-asker/",
        directory.workshop.get_absolute_url(),
        directory.organization.get_absolute_url(),
        "/sok/?q=B%C3%A6rum",
        "/kommune/9999-finnes-ikke/",
    ]
    for tab in (page, mobile_page):
        visit(tab, "/")
        switch_language(tab, language)
        for path in paths:
            visit(tab, path, status=404 if "finnes-ikke" in path else 200)
            assert tab.locator("html").get_attribute("lang") == language
            assert_no_axe_violations(tab, f"{path} in {language}")
