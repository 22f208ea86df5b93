"""The staff second factor in real Chromium: connecting an authenticator app at the first sign-in
(QR code and key, then a code) and entering a code at later sign-ins.

Both pages are done with the keyboard only (Tab, typing, Enter; no mouse), have no axe
violations before or after a mistake, and a wrong code keeps the staff member on the page with
an error summary whose link takes focus to the code field. The password step before them is
Wagtail's login form (not ours, so not checked with axe), also used by keyboard.
"""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from veivalg.accounts.services import make_editor

from .conftest import assert_focus_visible, assert_no_axe_violations, assert_styles_loaded, focused, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("second_factor_on")]
PASSWORD = "et-langt-passord-123"
CODE_FIELD = "#id_code"
# After following the summary's link the page address ends in #id_code, and a redirect keeps a
# fragment the new address lacks, so the admin opens as /redaktor/#id_code: harmless.
ADMIN_HOME = re.compile(r"/redaktor/(#.*)?$")


@pytest.fixture
def editor(base_url):
    user = get_user_model().objects.create_user("redaktor.nettleser", password=PASSWORD)
    make_editor(user=user, office="Tildelingskontoret", municipalities=[])
    return user


def code_at(device: TOTPDevice, offset_steps: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps)
    return f"{code:06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits that are not the code for the previous, current or next 30 seconds."""
    taken = {code_at(device, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in taken)


def sign_in_with_password(page, username: str) -> None:
    """Wagtail's login form, by keyboard: the username field has focus when the page opens."""
    page.goto("/redaktor/")
    page.wait_for_url("**/redaktor/login/**")
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def type_code_and_submit(page, code: str) -> None:
    """From wherever focus is, Tab to the code field, replace its text and press Enter."""
    tab_to(page, CODE_FIELD)
    assert_focus_visible(page)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def check_wrong_code_page(page, path: str, message: str) -> None:
    """Still on `path`, with an error summary first that links to the field; following the link
    by keyboard puts focus in the field, which says it is invalid."""
    page.wait_for_selector(".ds-error-summary")
    assert page.url.split("?")[0].endswith(path), page.url
    assert page.title().startswith("Feil:")
    assert_styles_loaded(page)
    assert_no_axe_violations(page, f"{path} after a wrong code")
    summary = page.locator(".ds-error-summary")
    assert summary.is_visible()
    link = summary.get_by_role("link", name=message)
    assert link.get_attribute("href") == CODE_FIELD
    # The summary gets focus on load (data-autofocus), so a screen reader reads it first; else
    # the keyboard user finds it with Tab. Either way, Enter on the link goes to the field.
    if not focused(page, ".ds-error-summary"):
        page.locator("body").focus()
    tab_to(page, f".ds-error-summary a[href='{CODE_FIELD}']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(s) => document.activeElement && document.activeElement.matches(s)", arg=CODE_FIELD
    )
    field = page.locator(CODE_FIELD)
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{CODE_FIELD[1:]}_error" in (field.get_attribute("aria-describedby") or "").split()
    assert page.locator(f"{CODE_FIELD}_error").inner_text().strip() == message


def test_first_sign_in_connects_an_app_by_keyboard(page, editor):
    sign_in_with_password(page, "redaktor.nettleser")
    page.wait_for_url("**/ansatt/kode/ny-app/**")
    assert_styles_loaded(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Koble til en autentiseringsapp"
    qr = page.locator("svg.totp-qr")
    assert qr.is_visible()
    assert qr.locator("title").text_content() == "QR-kode for autentiseringsappen"
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key_shown = page.locator("figcaption code").inner_text().replace(" ", "")
    assert device.config_url.split("secret=")[1].split("&")[0] == key_shown
    assert_no_axe_violations(page, "/ansatt/kode/ny-app/")

    message = "Koden stemmer ikke. Sjekk at klokka på telefonen går riktig, og prøv en ny kode."
    type_code_and_submit(page, wrong_code(device))
    check_wrong_code_page(page, "/ansatt/kode/ny-app/", message)
    device.refresh_from_db()
    assert not device.confirmed
    # The key and QR code are still there to try again.
    assert page.locator("svg.totp-qr").is_visible()

    # django-otp makes the next try wait a second after a wrong code; a person types slower.
    time.sleep(1.2)
    type_code_and_submit(page, code_at(device))
    page.wait_for_url(ADMIN_HOME)
    device.refresh_from_db()
    assert device.confirmed
    assert page.get_by_text("Appen er koblet til").first.is_visible()


def test_later_sign_in_asks_for_the_code_by_keyboard(page, editor):
    device = TOTPDevice.objects.create(user=editor, name="Autentiseringsapp", confirmed=True)
    sign_in_with_password(page, "redaktor.nettleser")
    page.wait_for_url("**/ansatt/kode/?next=**")
    assert_styles_loaded(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Skriv koden fra appen"
    # The secret is never shown again once an app is connected.
    assert page.locator("svg.totp-qr").count() == 0
    assert_no_axe_violations(page, "/ansatt/kode/")

    message = "Koden stemmer ikke. Skriv koden appen viser nå; den skifter hvert 30. sekund."
    type_code_and_submit(page, wrong_code(device))
    check_wrong_code_page(page, "/ansatt/kode/", message)

    # Too short: the form's own check, same summary and link.
    time.sleep(1.2)
    type_code_and_submit(page, "123")
    check_wrong_code_page(
        page, "/ansatt/kode/", "Skriv de seks sifrene som appen viser nå, for eksempel 123456."
    )

    type_code_and_submit(page, code_at(device))
    page.wait_for_url(ADMIN_HOME)
    assert page.get_by_role("heading", level=1).count() >= 1
    assert "/ansatt/kode/" not in page.url
