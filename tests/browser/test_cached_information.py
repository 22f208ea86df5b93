"""Issue 4 leftovers in Chromium: easy-read pictures and the nynorsk accessibility statement pass
axe, and «Fant du det du lette etter?» works for a second reader who gets the cached article."""

import pytest
from django.core.management import call_command

from veivalg.content.models import PageFeedback

from .conftest import assert_accessible_at_all_widths, switch_language, visit

pytestmark = pytest.mark.browser

WITH_PICTURES = "/info/rettigheter/klage-pa-vedtak/"
STATEMENT = "/info/tilgjengelighetserklaering/"


@pytest.fixture
def demo_content(base_url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_content", verbosity=0)


def test_easy_read_pictures_have_alt_text_and_pass_axe(page, mobile_page, demo_content):
    assert_accessible_at_all_widths(page, mobile_page, WITH_PICTURES)
    pictures = page.locator("#lettlest ~ .easy-read-pictures img, .easy-read-pictures img")
    assert pictures.count() == 2
    assert pictures.first.get_attribute("alt") == "Et brev i en konvolutt"


def test_nynorsk_reader_sees_the_statement_problems_in_nynorsk(page, mobile_page, demo_content):
    visit(page, STATEMENT)
    switch_language(page, "nn")
    assert page.get_by_text("Redaktørløysinga (fleire krav)").is_visible()
    mobile_page.context.add_cookies([{"name": "veivalg_language", "value": "nn", "url": page.url}])
    assert_accessible_at_all_widths(page, mobile_page, STATEMENT)


def test_a_second_reader_answers_the_feedback_form_on_the_cached_article(page, browser, demo_content):
    visit(page, WITH_PICTURES)  # the first reader's visit stores the page
    second = browser.new_context(
        base_url=page.url.split("/info/")[0], locale="nb-NO", java_script_enabled=False
    )
    try:
        reader = second.new_page()
        visit(reader, WITH_PICTURES)
        reader.get_by_label("Ja", exact=True).check()
        reader.get_by_role("button", name="Send svar").click()
        assert reader.get_by_text("Takk for svaret!").is_visible()
    finally:
        second.close()
    assert PageFeedback.objects.filter(helpful=True).count() == 1
