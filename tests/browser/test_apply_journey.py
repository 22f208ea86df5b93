"""Ola applies for day activity and VTA with the keyboard alone: he signs in through the OpenID
Connect provider, answers every step, meets an error and fixes it, uploads a certificate, checks
his answers and submits. Axe and HTMLCS run on every step at desktop and at phone width, and
neither width may scroll sideways."""

import datetime

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from veivalg.accounts import testing
from veivalg.accounts.testing import identity_number
from veivalg.intake.models import Application
from veivalg.intake.tests import apply_factories as af
from veivalg.intake.tests import factories as f

from .conftest import (
    DESKTOP,
    MOBILE,
    accessibility_reports,
    assert_no_axe_violations,
    assert_styles_loaded,
    horizontal_overflow,
    tab_to,
)

pytestmark = pytest.mark.browser

_oidc_server = testing._oidc_server
oidc_provider = testing.oidc_provider

OLA_PID = identity_number(datetime.date(2004, 4, 12))
SAVE = "form[novalidate] button[type=submit]"


def check_both_widths(page: Page, label: str) -> None:
    """Axe and HTMLCS at desktop and phone width, and no sideways scrolling at either."""
    assert_styles_loaded(page)
    reports = []
    for size in (DESKTOP, MOBILE):
        page.set_viewport_size(size)
        reports.extend(accessibility_reports(page, f"{label} at {size['width']}px"))
        overflow = horizontal_overflow(page)
        if overflow:
            reports.append(f"{label} at {size['width']}px scrolls sideways: {overflow}")
    page.set_viewport_size(DESKTOP)
    if reports:
        pytest.fail("\n\n".join(reports), pytrace=False)


def press_on(page: Page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    page.keyboard.press(key)


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def open_file_chooser_with_space(page: Page):
    """Space on the focused file field opens the chooser. Under load Chromium now and then lets
    the first key press go by without opening it (the field keeps focus, nothing else happens),
    so a second press is allowed; a field that cannot be opened from the keyboard still fails."""
    assert page.evaluate("document.activeElement.type") == "file"
    for attempt in range(2):
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeoutError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def save_and_wait(page: Page, url_glob: str, selector: str = SAVE) -> None:
    with page.expect_navigation():
        press_on(page, selector)
    page.wait_for_url(url_glob)


def test_ola_applies_with_the_keyboard_alone(page, base_url, oidc_provider, tmp_path):
    f.baerum_offices()
    offers = f.applicable_offers()
    oidc_provider.set_user("ola", pid=OLA_PID, name="Ola Deltaker")

    page.goto("/min-side/soknader/ny/")
    page.wait_for_url("**/logg-inn/?next=**")
    check_both_widths(page, "logg inn")
    with page.expect_navigation():
        press_on(page, "main form button[type=submit]")
    page.wait_for_url(f"{oidc_provider.issuer}/oauth2/authorize?**")
    page.locator("input[name=sub]").fill("ola")
    page.get_by_role("button", name="Authorize").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/min-side/soknader/ny/")
    check_both_widths(page, "start")
    assert page.get_by_text("Søknadsfristen for kommunale tilbud").is_visible()
    save_and_wait(page, "**/kommune/", "main form button[type=submit]")

    check_both_widths(page, "kommune")
    type_into(page, "#id_municipality", "Bærum")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/tilbud/")

    check_both_widths(page, "tilbud")
    press_on(page, "#id_offers_0", " ")
    press_on(page, "#id_offers_1", " ")
    save_and_wait(page, "**/prioritet/")

    check_both_widths(page, "prioritet")
    activity = offers["activity"].pk
    tab_to(page, f"#id_days_{activity}")
    page.keyboard.type("3")
    save_and_wait(page, "**/skole/")

    check_both_widths(page, "skole")
    save_and_wait(page, "**/skole/")  # nothing answered: the error summary
    assert page.locator(".ds-error-summary").is_visible()
    check_both_widths(page, "skole med feil")
    type_into(page, "#id_school", "Sandvika videregående skole")
    press_on(page, "#id_adapted_education_0", " ")
    save_and_wait(page, "**/erfaring/")

    check_both_widths(page, "erfaring")
    tab_to(page, "#id_kind_0")
    page.keyboard.press("ArrowDown")  # jobbsmak
    type_into(page, "#id_place", "Kiwi Sandvika")
    type_into(page, "#id_starts_on", "03.03.2025")
    type_into(page, "#id_ends_on", "05.03.2025")
    save_and_wait(page, "**/erfaring/**", "button[value=legg-til]")
    assert page.get_by_text("Kiwi Sandvika (03.03.2025 – 05.03.2025)").is_visible()
    check_both_widths(page, "erfaring med en lagt til")
    save_and_wait(page, "**/uforetrygd/", "button[value=videre]")

    check_both_widths(page, "uføretrygd")
    tab_to(page, "#id_benefit_0")  # a radio group is one Tab stop; arrows choose within it
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_benefit_1").is_checked()
    save_and_wait(page, "**/stotte/")

    check_both_widths(page, "støtte")
    type_into(page, "#id_needs", "Hjelp til å ta bussen.")
    save_and_wait(page, "**/kontaktpersoner/")

    check_both_widths(page, "kontaktpersoner")
    press_on(page, "#id_who_0", " ")
    save_and_wait(page, "**/kontakt/")

    check_both_widths(page, "kontakt")
    type_into(page, "#id_email", "ola@eksempel")
    save_and_wait(page, "**/kontakt/")
    check_both_widths(page, "kontakt med feil")
    assert page.locator("#id_email").input_value() == "ola@eksempel"  # kept
    tab_to(page, "#id_email")
    page.keyboard.press("End")  # Tab selects the text; add to it
    page.keyboard.type(".no")
    save_and_wait(page, "**/vedlegg/")

    check_both_widths(page, "vedlegg")
    certificate = tmp_path / "attest.png"
    certificate.write_bytes(af.png_bytes())
    tab_to(page, "#id_file")
    open_file_chooser_with_space(page).set_files(str(certificate))
    save_and_wait(page, "**/vedlegg/**", "button[value=last-opp]")
    assert page.get_by_role("link", name="attest.png").is_visible()
    check_both_widths(page, "vedlegg lagt til")
    save_and_wait(page, "**/sjekk/", "button[value=videre]")

    check_both_widths(page, "sjekk svarene")
    assert page.get_by_text("Hjelp til å ta bussen.").is_visible()
    save_and_wait(page, "**/kvittering/", "form.submit-once button[type=submit]")

    check_both_widths(page, "kvittering")
    application = Application.objects.get(applicant__display_name="Ola Deltaker")
    assert not application.is_draft
    assert page.locator(".reference").inner_text() == application.reference
    assert_no_axe_violations(page, "kvittering")
