"""The guide by keyboard alone, with axe on every page it shows."""

import pytest

from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory

from .conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_guide_by_keyboard_with_axe_on_each_page(page, base_url):
    OfferFactory(title="Fjordvik Arbeid", kind=OfferKind.objects.get(code="vta"), rolling_intake=True)
    page.goto("/veiviser/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start veiviseren").focus()
    page.keyboard.press("Enter")

    # Question 1: submitting without an answer shows the error summary.
    page.wait_for_url("**/sporsmal/1/")
    page.get_by_role("button", name="Neste").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".ds-error-summary")
    assert_no_axe_violations(page)

    answers = ["parorende", "20-25", None, "ferdig", "arbeid", "noe"]
    for number, value in enumerate(answers, start=1):
        page.wait_for_url(f"**/sporsmal/{number}/")
        assert_no_axe_violations(page)
        if value is None:
            page.locator("#id_svar").focus()
            page.keyboard.type("Bærum")
        else:
            page.locator(f"input[value='{value}']").focus()
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
        while page.evaluate("document.activeElement.tagName") != "BUTTON":
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")

    page.wait_for_url("**/veiviser/oversikt/**")
    assert "Din oversikt for Bærum" in page.content()
    assert "Fjordvik Arbeid" in page.content()
    assert_no_axe_violations(page)
