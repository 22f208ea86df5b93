"""A reader who uses only the keyboard finds an offer: skip link, municipality, search, filter, offer.

No mouse clicks here: only Tab, typing and Enter. axe runs on every page the journey passes.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_focus_visible, assert_no_axe_violations, focused, tab_to, visit

pytestmark = pytest.mark.browser


def test_keyboard_user_goes_from_home_page_to_an_offer(page, directory):
    visit(page, "/")
    assert_no_axe_violations(page)

    # The skip link is the first Tab stop, it shows where focus is, and it moves focus to main.
    page.keyboard.press("Tab")
    assert focused(page, "a.ds-skip-link"), "the skip link is not the first Tab stop"
    expect(page.locator("a.ds-skip-link")).to_be_visible()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert focused(page, "main#hovedinnhold"), "the skip link did not move focus to the main content"

    # From main, the municipality field: type the name and press Enter.
    tab_to(page, "#kommune-q")
    assert_focus_visible(page)
    page.keyboard.type("Bærum")
    with page.expect_navigation(url=re.compile(r"/kommune/3201-baerum/$")):
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tilbud i Bærum")
    assert_no_axe_violations(page)

    # To the search through the main menu.
    tab_to(page, "header nav a[href='/sok/']")
    assert_focus_visible(page)
    with page.expect_navigation(url=re.compile(r"/sok/$")):
        page.keyboard.press("Enter")
    assert_no_axe_violations(page)
    tab_to(page, "#id_q")
    page.keyboard.type("Bærum")
    with page.expect_navigation(url=re.compile(r"/sok/\?q=")):
        page.keyboard.press("Enter")
    expect(page.locator("#resultat-tittel")).to_contain_text("4 tilbud funnet")
    assert_no_axe_violations(page)

    # Narrow to work: focus the area filter and choose by typing, then submit with the button.
    tab_to(page, "#id_omrade")
    assert_focus_visible(page)
    page.keyboard.type("Arb")
    assert page.locator("#id_omrade").input_value() == "arbeid"
    tab_to(page, "fieldset.filters button[type=submit]")
    assert_focus_visible(page)
    with page.expect_navigation(url=re.compile(r"omrade=arbeid")):
        page.keyboard.press("Enter")
    expect(page.locator("#resultat-tittel")).to_contain_text("1 tilbud funnet")
    assert_no_axe_violations(page)

    # The first result opens with Enter.
    tab_to(page, ".result-list a")
    assert_focus_visible(page)
    with page.expect_navigation(url=re.compile(re.escape(directory.workshop.get_absolute_url()) + "$")):
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Snekkerverksted i Sandvika")
    assert_no_axe_violations(page)


def test_every_link_and_field_on_the_offer_page_shows_focus(page, directory):
    visit(page, directory.workshop.get_absolute_url())
    missing = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        try:
            assert_focus_visible(page)
        except AssertionError as error:
            missing.append(str(error))
    assert not missing, "\n".join(missing)


def test_municipality_suggestions_appear_while_typing(page, directory):
    visit(page, "/")
    tab_to(page, "#kommune-q")
    page.keyboard.type("Ber")
    suggestion = page.locator(".municipality-picker .suggestions a", has_text="Bergen")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_have_attribute("href", "/kommune/4601-bergen/")
    assert_no_axe_violations(page, "home page with suggestions")

    # The suggestions are ordinary links, reachable with Tab after the field.
    tab_to(page, ".suggestions a")
    assert_focus_visible(page)


def test_municipality_form_works_without_javascript(no_js_page, directory):
    page = no_js_page
    visit(page, "/")
    page.locator("#kommune-q").fill("Ber")
    with page.expect_navigation(url=re.compile(r"/kommune/\?q=Ber$")):
        page.keyboard.press("Enter")
    expect(page.locator(".suggestions a")).to_have_count(0)
    bergen = page.locator(".municipality-list a", has_text="Bergen")
    expect(bergen).to_have_attribute("href", "/kommune/4601-bergen/")
    # axe needs JavaScript; the same page is checked with it in test_public_pages_axe.

    page.locator("#kommune-q").fill("Bærum")
    with page.expect_navigation(url=re.compile(r"/kommune/3201-baerum/$")):
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tilbud i Bærum")
