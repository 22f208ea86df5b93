"""Staff sign in at /ansatt/logg-inn/, go through the second factor, and see their tools."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veivalg.demo.staff import enrol_demo_device
from veivalg.intake.tests import factories as f

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_caseworker_signs_in_with_password_and_code_and_sees_the_case_tools(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = f.caseworker(f.baerum_offices()["allocation"])
    device = enrol_demo_device(user)
    response = client.post("/ansatt/logg-inn/", {"username": "saksbehandler", "password": "x" * 20})
    assert response.status_code == 302 and response.url.startswith("/ansatt/kode/")
    assert client.get("/ansatt/").status_code == 302  # not past the second factor yet
    response = client.post(response.url, {"code": current_code(device), "next": "/ansatt/"})
    assert response.status_code == 302 and response.url == "/ansatt/"
    page = client.get("/ansatt/").content.decode()
    assert "Saksbehandler i tildelingskontoret, Tildelingskontoret i Bærum" in page


def test_wrong_password_says_what_to_do_and_keeps_the_username(client):
    f.caseworker(f.baerum_offices()["allocation"])
    response = client.post("/ansatt/logg-inn/", {"username": "saksbehandler", "password": "feil"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Brukernavnet eller passordet stemmer ikke" in page and 'value="saksbehandler"' in page
    assert 'href="#id_' in page or "error-summary" in page


def test_citizens_and_strangers_get_no_staff_home(client, participant):
    client.force_login(participant.user)
    assert client.get("/ansatt/").status_code == 404


def test_provider_staff_see_only_their_tool(client):
    from veivalg.accounts.models import StaffRoleKind
    from veivalg.accounts.staff_portal import tools_for

    provider = f.provider_office()
    user = f.staff_user("tilbyder", StaffRoleKind.PROVIDER_STAFF, provider)
    labels = [str(label) for label, _url in tools_for(user)]
    assert "Saker" not in labels and "Redaktørsidene" not in labels
