"""Content pages in Chromium: axe at desktop and mobile width, read-aloud, feedback with errors."""

import pytest
from django.core.management import call_command

from .conftest import assert_accessible_at_all_widths, assert_no_axe_violations, tab_to, visit

pytestmark = pytest.mark.browser

ARTICLE = "/info/rettigheter/soke-vta-gjennom-nav/"

# A stand-in for the browser's speech engine: records what it was asked to say.
FAKE_SPEECH = """
window.__spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
  speak: function (u) { window.__spoken.push({text: u.text, lang: u.lang}); },
  cancel: function () { window.__cancelled = true; },
}});
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


@pytest.fixture
def demo_content(base_url):
    call_command("load_demo_content", verbosity=0)


PAGES = {
    "information index": "/info/",
    "audience page": "/info/for-deg/",
    "rights index": "/info/rettigheter/",
    "article": ARTICLE,
    "article with a municipal addition": ARTICLE + "?kommune=3201",
    "feedback thank-you": ARTICLE + "?takk=1",
    "accessibility statement": "/info/tilgjengelighetserklaering/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_content_page_has_no_axe_violations(page, mobile_page, demo_content, path):
    assert_accessible_at_all_widths(page, mobile_page, path)


def test_read_aloud_reads_the_article_and_stops_by_keyboard(page, mobile_page, demo_content):
    page.add_init_script(FAKE_SPEECH)
    visit(page, ARTICLE)
    start = page.locator("[data-read-aloud-start]")
    assert start.is_visible()
    assert_no_axe_violations(page, "article with read-aloud")
    tab_to(page, "[data-read-aloud-start]")
    page.keyboard.press("Enter")
    spoken = page.evaluate("() => window.__spoken")
    assert any("VTA" in part["text"] for part in spoken)
    assert {part["lang"] for part in spoken} == {"nb-NO"}
    stop = page.locator("[data-read-aloud-stop]")
    assert stop.is_visible() and page.evaluate(
        "() => document.activeElement.matches('[data-read-aloud-stop]')"
    )
    assert_no_axe_violations(page, "article while reading aloud")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__cancelled") is True
    assert start.is_visible()


def test_read_aloud_button_is_absent_without_speech_synthesis(page, demo_content):
    page.add_init_script(NO_SPEECH)
    visit(page, ARTICLE)
    assert page.locator("[data-read-aloud-controls]").is_hidden()


def test_feedback_form_with_an_error_has_no_axe_violations(page, mobile_page, demo_content):
    for tab in (page, mobile_page):
        visit(tab, ARTICLE)
        tab.locator("#id_comment").fill("Jeg fant ikke fristen.")
        with tab.expect_navigation():
            tab.locator("#tilbakemelding [type=submit]").click()
        assert tab.locator("#feiloppsummering").is_visible()
        assert tab.locator("#id_comment").input_value() == "Jeg fant ikke fristen."
        assert_no_axe_violations(tab, "feedback form with an error")


def test_feedback_form_works_without_javascript(no_js_page, demo_content):
    visit(no_js_page, ARTICLE)
    no_js_page.locator("label[for=id_helpful_0]").click()
    with no_js_page.expect_navigation():
        no_js_page.locator("#tilbakemelding [type=submit]").click()
    assert "Takk for svaret!" in no_js_page.locator("#tilbakemelding").inner_text()


def test_editor_sees_live_lix_next_to_easy_read_and_body(page, demo_content):
    from django.contrib.auth import get_user_model

    from veivalg.content.models import ArticlePage

    get_user_model().objects.create_superuser("lix", "lix@example.no", "lix-passord-123")
    article = ArticlePage.objects.get(slug="uforetrygd")
    visit(page, "/redaktor/login/")
    page.locator("#id_username").fill("lix")
    page.locator("#id_password").fill("lix-passord-123")
    with page.expect_navigation():
        page.locator("form [type=submit]").first.click()
    page.goto(f"/redaktor/pages/{article.pk}/edit/")
    easy = page.locator('[data-contentpath="easy_read"] .lix-readout')
    assert "lettlest" in easy.inner_text()
    page.locator('[data-contentpath="easy_read"] textarea').fill(
        "Tildelingskontoret gjennomfører kartleggingssamtaler og funksjonsvurderinger."
    )
    page.wait_for_function(
        "() => document.querySelector('[data-contentpath=\"easy_read\"] .lix-readout').dataset.band === 'vanskelig'"
    )
    assert "målet er 30 eller lavere" in easy.inner_text()
    # The body is a StreamField whose rich text editors render after the page loads.
    page.wait_for_function(
        "() => /^LIX \\d/.test(document.querySelector('[data-contentpath=\"body\"] .lix-readout').textContent)"
    )
