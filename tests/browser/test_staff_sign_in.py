"""The staff front door in real Chromium, by keyboard only: a wrong password gives an error
summary and keeps the username; the right password and a code from the app open /ansatt/ with
the tools of the user's roles. No axe violations on the way."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from veivalg.accounts.models import Organisation, OrganisationKind, StaffRole, StaffRoleKind
from veivalg.places.models import Municipality

from .conftest import assert_focus_visible, assert_no_axe_violations, focused, tab_to
from .test_staff_two_factor import code_at, type_code_and_submit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("second_factor_on")]
PASSWORD = "et-langt-passord-123"


@pytest.fixture
def caseworker(base_url):
    user = get_user_model().objects.create_user("saksbehandler.nettleser", password=PASSWORD)
    office = Organisation.objects.create(
        name="Tildelingskontoret i Bærum", kind=OrganisationKind.ALLOCATION_OFFICE
    )
    office.municipalities.add(Municipality.objects.get(number="3201"))
    StaffRole.objects.create(user=user, organisation=office, role=StaffRoleKind.CASEWORKER)
    TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)
    return user


def fill_and_send(page, username: str, password: str) -> None:
    tab_to(page, "#id_username")
    assert_focus_visible(page)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page, "#id_password")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def test_staff_sign_in_with_a_wrong_password_then_the_right_one_and_a_code(page, caseworker):
    page.goto("/ansatt/logg-inn/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert_no_axe_violations(page, "/ansatt/logg-inn/")

    fill_and_send(page, "saksbehandler.nettleser", "feil-passord-000")
    page.wait_for_selector(".ds-error-summary")
    assert page.title().startswith("Feil:")
    assert "Brukernavnet eller passordet stemmer ikke" in page.locator(".ds-error-summary").inner_text()
    # The username is kept; the password is not sent back.
    assert page.locator("#id_username").input_value() == "saksbehandler.nettleser"
    assert page.locator("#id_password").input_value() == ""
    assert_no_axe_violations(page, "/ansatt/logg-inn/ after a wrong password")

    page.locator("body").focus()
    fill_and_send(page, "saksbehandler.nettleser", PASSWORD)
    page.wait_for_url("**/ansatt/kode/?next=**")
    type_code_and_submit(page, code_at(TOTPDevice.objects.get(user=caseworker)))
    page.wait_for_url("**/ansatt/")
    assert_no_axe_violations(page, "/ansatt/")
    assert page.get_by_role("link", name="Saker").is_visible()
    assert page.get_by_role("link", name="Redaktørsidene").count() == 0
