"""Staff sign-in: password, then a code from an authenticator app, lockout after repeated
failures, and sign-out after a while without activity."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import check_html_page
from veivalg.accounts.services import make_editor
from veivalg.accounts.staff import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db
PASSWORD = "et-langt-passord-123"


@pytest.fixture(autouse=True)
def _second_factor_on(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def client():
    # Wagtail's own admin pages have their own titles; our pages are checked with check_html_page.
    return Client()


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("redaktor.test", password=PASSWORD)
    make_editor(user=user, office="Tildelingskontoret", municipalities=[])
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("sjef", password=PASSWORD)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_with_password(client, username: str, password: str = PASSWORD):
    return client.post("/redaktor/login/", {"username": username, "password": password, "next": "/redaktor/"})


def test_first_sign_in_enrols_an_app_and_then_opens_the_admin(client, editor):
    sign_in_with_password(client, "redaktor.test")
    response = client.get("/redaktor/")
    assert response.status_code == 302 and response["Location"].startswith("/ansatt/kode/")
    response = client.get(response["Location"], follow=True)
    page = response.content.decode()
    check_html_page(page)
    assert "Koble til en autentiseringsapp" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed

    wrong = client.post(
        "/ansatt/kode/ny-app/", {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "Koden stemmer ikke" in wrong.content.decode()
    check_html_page(wrong.content.decode())
    # django-otp slows down guessing after a wrong code; this test does not wait for that.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    response = client.post("/ansatt/kode/ny-app/", {"code": current_code(device), "next": "/redaktor/"})
    assert response.status_code == 302 and response["Location"] == "/redaktor/"
    assert client.get("/redaktor/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_the_secret_is_not_shown_again_once_confirmed(client, editor):
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    sign_in_with_password(client, "redaktor.test")
    response = client.get("/ansatt/kode/ny-app/")
    assert response.status_code == 302 and response["Location"].startswith("/ansatt/kode/?")


def test_admin_needs_the_code_after_the_password(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    sign_in_with_password(client, "redaktor.test")
    for path in ["/redaktor/", "/redaktor/snippets/", "/redaktor/pages/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/ansatt/kode/?next=")

    page = client.get("/ansatt/kode/?next=/redaktor/").content.decode()
    check_html_page(page)
    assert "Skriv koden fra appen" in page
    response = client.post("/ansatt/kode/", {"code": "12ab", "next": "/redaktor/"})
    assert response.status_code == 400 and "seks sifrene" in response.content.decode()
    check_html_page(response.content.decode())
    response = client.post("/ansatt/kode/", {"code": current_code(device), "next": "/redaktor/"})
    assert response["Location"] == "/redaktor/"
    assert client.get("/redaktor/").status_code == 200


def test_superusers_need_the_code_too(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    sign_in_with_password(client, "sjef")
    assert client.get("/redaktor/")["Location"].startswith("/ansatt/kode/")


def test_code_page_sends_an_external_next_to_the_staff_home(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    sign_in_with_password(client, "redaktor.test")
    response = client.post(
        "/ansatt/kode/", {"code": current_code(device), "next": "https://angriper.example/"}
    )
    assert response["Location"] == "/ansatt/"


@pytest.mark.parametrize("next_value", ["204999", "staff:home", "//angriper.example/", "javascript:alert(1)"])
def test_code_page_sends_a_next_that_is_no_path_here_to_the_staff_home(client, editor, next_value):
    """A `next` that is a bare word (a typo, or a field filled with the code) once made
    redirect() look it up as a view name: a 500 after a correct code."""
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    sign_in_with_password(client, "redaktor.test")
    response = client.post("/ansatt/kode/", {"code": current_code(device), "next": next_value})
    assert response.status_code == 302 and response["Location"] == "/ansatt/"


def test_code_pages_are_not_for_citizens_or_strangers(client):
    assert client.get("/ansatt/kode/")["Location"].startswith("/redaktor/login/")
    citizen = get_user_model().objects.create_user("innbygger")
    client.force_login(citizen)
    assert client.get("/ansatt/kode/").status_code == 404
    assert client.get("/ansatt/kode/ny-app/").status_code == 404


def test_without_the_setting_the_password_is_enough(client, editor, settings):
    settings.STAFF_2FA_REQUIRED = False
    sign_in_with_password(client, "redaktor.test")
    assert client.get("/redaktor/").status_code == 200


def test_five_wrong_passwords_lock_the_username_for_a_while(client, editor):
    for _ in range(4):
        response = sign_in_with_password(client, "redaktor.test", "feil-passord-som-er-langt")
        assert response.status_code == 200  # the form again, with its error
    response = sign_in_with_password(client, "redaktor.test", "feil-passord-som-er-langt")
    assert response.status_code == 429
    page = response.content.decode()
    check_html_page(page)
    assert "Innloggingen er sperret en stund" in page and "15 minutter" in page

    # Even the right password is refused while the lock lasts.
    response = sign_in_with_password(client, "redaktor.test")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, editor):
    get_user_model().objects.create_user("kollega", password=PASSWORD, is_staff=True)
    for _ in range(5):
        sign_in_with_password(client, "redaktor.test", "feil-passord-som-er-langt")
    response = sign_in_with_password(client, "kollega")
    assert response.status_code == 302


def test_staff_session_ends_after_the_idle_time(client, editor, settings):
    settings.STAFF_2FA_REQUIRED = False
    sign_in_with_password(client, "redaktor.test")
    assert client.get("/redaktor/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.STAFF_IDLE_SECONDS - 5
    session.save()
    response = client.get("/redaktor/")
    assert response.status_code == 302 and response["Location"].startswith("/redaktor/login/")
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_staff_session(client, editor, settings):
    settings.STAFF_2FA_REQUIRED = False
    sign_in_with_password(client, "redaktor.test")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.STAFF_IDLE_SECONDS + 60
    session.save()
    assert client.get("/redaktor/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5


def test_demo_users_sign_in_with_the_published_demo_code(client, editor):
    from django.core.management import call_command

    from veivalg.demo.staff import enrol_demo_device

    enrol_demo_device(editor)
    out = io.StringIO()
    call_command("demo_totp_code", stdout=out)
    sign_in_with_password(client, "redaktor.test")
    response = client.post("/ansatt/kode/", {"code": out.getvalue().strip(), "next": "/redaktor/"})
    assert response["Location"] == "/redaktor/"


# Issue 12, finding 2: after the password alone, no route shows a staff user personal data.
# Each test first shows that the same user with the code does get the page, so a refusal means
# the missing code, not a missing right.


def _verified(client, user):
    """Sign `user` in with the password and the code, as staff.verify does."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def _password_only(client, user):
    client.force_login(user)


@pytest.fixture
def submitted(db):
    """A submitted application with an attachment, and a caseworker at the office that has it."""
    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.intake import services
    from veivalg.intake.tests import apply_factories
    from veivalg.intake.tests import factories as f

    applicant = PersonFactory()
    caseworker = f.caseworker(f.baerum_offices()["allocation"], username="saksbehandler.test")
    draft = f.draft(applicant, offers=[f.applicable_offers()["activity"]])
    attachment = apply_factories.attachment(draft)
    services.submit_application(application=draft, by=applicant, missing_steps=[])
    urls = [
        f"/min-side/soknader/{draft.pk}/kopi.pdf",
        f"/min-side/soknader/{draft.pk}/vedlegg/{attachment.pk}/",
        f"/ansatt/person/{applicant.pk}/",
    ]
    return {"caseworker": caseworker, "urls": urls}


def test_a_caseworker_without_the_code_gets_no_application_copy_attachment_or_record(client, submitted):
    caseworker = submitted["caseworker"]
    _verified(client, caseworker)
    for url in submitted["urls"]:
        assert client.get(url).status_code == 200, url

    other = Client()
    _password_only(other, caseworker)
    for url in submitted["urls"]:
        response = other.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)
        assert not response.get("Content-Type", "").startswith(("application/pdf", "image/")), url
        if url.startswith("/ansatt/"):
            assert response["Location"].startswith("/ansatt/kode/")


def test_an_editor_without_the_code_gets_no_participant_list(client, editor):
    from veivalg.directory.tests.factories import municipality
    from veivalg.events.tests.factories import EventFactory, RegistrationFactory

    baerum = municipality("3201")
    make_editor(user=editor, office="Tildelingskontoret", municipalities=[baerum])
    event = EventFactory(municipality=baerum)
    RegistrationFactory(event=event, name="Deltaker Demo", email="deltaker@eksempel.no")
    urls = [f"/arrangementer/{event.slug}/deltakere/", f"/arrangementer/{event.slug}/deltakere.csv"]
    _verified(client, editor)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and b"deltaker@eksempel.no" in response.content, url

    other = Client()
    _password_only(other, editor)
    for url in urls:
        response = other.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)
        assert b"deltaker@eksempel.no" not in response.content


def test_a_new_staff_user_without_an_app_is_treated_as_signed_out_outside_the_back_office(client, submitted):
    caseworker = submitted["caseworker"]
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    _password_only(client, caseworker)
    for url in submitted["urls"]:
        assert client.get(url).status_code in (302, 404), url
    # The back office sends them on to connect an app first.
    response = client.get("/ansatt/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/ansatt/kode/ny-app/")
    # Public pages still work.
    assert client.get("/").status_code == 200
