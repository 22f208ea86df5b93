"""Anyone asks for deadline reminders with an e-mail address and a municipality, confirms with
the link in the e-mail (double opt-in), and can unsubscribe at once with the link in any e-mail."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from veivalg.core.models import OutgoingMail
from veivalg.reminders.models import Subscription
from veivalg.reminders.services import remove_stale_pending

from .conftest import body_of
from .factories import subscription

pytestmark = pytest.mark.django_db

URL = "/paminnelse/"
FORM = {"email": "kari@eksempel.no", "kommune": "Bærum", "main_deadline": "on"}


def link_in(message, kind: str) -> str:
    match = re.search(rf"https?://\S+(/paminnelse/{kind}/[\w-]+/)", body_of(message))
    assert match, f"no /paminnelse/{kind}/ link in the e-mail"
    return match.group(1)


def test_form_asks_for_email_and_municipality_with_the_main_deadline_chosen(client):
    body = client.get(URL).content.decode()
    assert "Få påminnelse før søknadsfristen" in body
    assert re.search(
        r'<input[^>]*name="email"[^>]*autocomplete="email"|autocomplete="email"[^>]*name="email"', body
    )
    assert re.search(r'<input[^>]*name="main_deadline"[^>]*checked', body)
    assert not re.search(r'<input[^>]*name="all_deadlines"[^>]*checked', body)


def test_a_link_from_a_municipality_fills_in_the_municipality(client):
    body = client.get(URL + "?kommune=4601").content.decode()
    assert re.search(r'<input[^>]*name="kommune"[^>]*value="Bergen"', body)


def test_subscribing_sends_a_confirmation_link_and_nothing_is_active_yet(client, commit, smtp_server):
    with commit():
        response = client.post(URL, FORM, follow=True)

    assert response.redirect_chain[-1][0] == reverse("reminders:check_email")
    page = response.content.decode()
    assert "Sjekk e-posten din" in page and "kari@eksempel.no" in page
    subscription = Subscription.objects.get()
    assert subscription.municipality.number == "3201"
    assert subscription.main_deadline and not subscription.all_deadlines
    assert not subscription.is_active
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "kari@eksempel.no"
    assert message["Subject"].strip() == "Bekreft at du vil ha påminnelser fra Veivalg"
    assert link_in(message, "bekreft") == f"/paminnelse/bekreft/{subscription.confirm_token}/"


@pytest.mark.parametrize("typed", ["3201", "bærum", "Bærum"])
def test_municipality_by_number_or_name(client, commit, smtp_server, typed):
    with commit():
        client.post(URL, {**FORM, "kommune": typed})
    assert Subscription.objects.get().municipality.number == "3201"


def test_invalid_email_keeps_what_was_typed_and_says_how_to_fix_it(client, smtp_server):
    response = client.post(URL, {**FORM, "email": "kari.eksempel.no", "all_deadlines": "on"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no." in body
    assert 'href="#id_email"' in body  # the error summary links to the field
    assert 'value="kari.eksempel.no"' in body and 'value="Bærum"' in body
    assert re.search(r'<input[^>]*name="all_deadlines"[^>]*checked', body)
    assert "<title>Feil:" in body
    assert Subscription.objects.count() == 0 and smtp_server.messages == []


def test_unknown_municipality_keeps_what_was_typed_and_says_how_to_fix_it(client, smtp_server):
    response = client.post(URL, {**FORM, "kommune": "Atlantis"})

    body = response.content.decode()
    assert "Vi fant ingen kommune som heter «Atlantis». Sjekk stavingen, eller skriv kommunenummeret." in body
    assert 'href="#id_kommune"' in body
    assert 'value="kari@eksempel.no"' in body and 'value="Atlantis"' in body
    assert Subscription.objects.count() == 0


def test_a_reminder_must_be_chosen(client):
    response = client.post(URL, {"email": "kari@eksempel.no", "kommune": "3201"})

    body = response.content.decode()
    assert "Velg minst én påminnelse." in body and 'href="#id_main_deadline"' in body
    assert Subscription.objects.count() == 0


def test_fourth_unconfirmed_request_in_a_day_is_refused_with_a_clear_message(client, commit, smtp_server):
    for number in ("3201", "3203", "4601"):
        with commit():
            assert client.post(URL, {**FORM, "kommune": number}).status_code == 302

    with commit():
        response = client.post(URL, {**FORM, "email": "Kari@Eksempel.no", "kommune": "4627"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "tre ganger i dag med denne e-postadressen uten å bekrefte" in body
    assert "Du kan prøve igjen i morgen." in body
    assert 'value="Kari@Eksempel.no"' in body
    assert Subscription.objects.count() == 3 and len(smtp_server.messages) == 3


def test_older_unconfirmed_requests_do_not_count_towards_the_limit(client, commit, smtp_server):
    for _ in range(3):
        subscription(confirmed=False, created_at=timezone.now() - datetime.timedelta(days=2))
    with commit():
        assert client.post(URL, FORM).status_code == 302


def test_confirm_link_shows_a_button_and_the_button_confirms(client):
    pending = subscription(confirmed=False)
    url = f"/paminnelse/bekreft/{pending.confirm_token}/"

    page = client.get(url).content.decode()
    assert "Ja, send meg påminnelser" in page and "Bærum" in page
    pending.refresh_from_db()
    assert pending.confirmed_at is None  # opening the link (or a mail scanner) confirms nothing

    confirmed = client.post(url).content.decode()
    assert "Takk, du får påminnelser" in confirmed
    pending.refresh_from_db()
    assert pending.is_active

    again = client.get(url).content.decode()
    assert "Du har allerede bekreftet" in again


def test_a_confirmation_link_older_than_seven_days_no_longer_works(client):
    old = subscription(confirmed=False, created_at=timezone.now() - datetime.timedelta(days=8))
    url = f"/paminnelse/bekreft/{old.confirm_token}/"

    assert "Lenken er for gammel" in client.get(url).content.decode()
    assert "Lenken er for gammel" in client.post(url).content.decode()
    old.refresh_from_db()
    assert not old.is_active


def test_unconfirmed_requests_are_deleted_after_seven_days():
    old = subscription(confirmed=False, created_at=timezone.now() - datetime.timedelta(days=8))
    recent = subscription(confirmed=False)
    kept = subscription(created_at=timezone.now() - datetime.timedelta(days=30))

    assert remove_stale_pending() == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    assert not Subscription.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize("kind", ["bekreft", "avmeld"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_token_is_not_found(client, kind, method):
    subscription()
    response = getattr(client, method)(f"/paminnelse/{kind}/ikke-et-ekte-token/")
    assert response.status_code == 404


def test_unsubscribe_link_asks_and_the_button_unsubscribes_at_once(client):
    active = subscription()
    url = f"/paminnelse/avmeld/{active.unsubscribe_token}/"

    page = client.get(url).content.decode()
    assert "Ja, meld meg av" in page
    active.refresh_from_db()
    assert active.is_active

    done = client.post(url).content.decode()
    assert "Du får ingen flere påminnelser" in done
    active.refresh_from_db()
    assert not active.is_active and active.email == ""  # the address is erased

    assert "Du er allerede meldt av" in client.get(url).content.decode()
    assert "Du var allerede meldt av" in client.post(url).content.decode()


def test_unsubscribed_request_cannot_be_confirmed_later(client):
    pending = subscription(confirmed=False)
    client.post(f"/paminnelse/avmeld/{pending.unsubscribe_token}/")
    assert client.post(f"/paminnelse/bekreft/{pending.confirm_token}/").status_code == 404


def test_an_address_that_already_gets_reminders_is_told_so_once_a_day(client, commit, smtp_server):
    active = subscription()

    for _ in range(2):
        with commit():
            response = client.post(URL, FORM, follow=True)
        assert "Sjekk e-posten din" in response.content.decode()  # the page does not tell a stranger

    assert Subscription.objects.count() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"].strip() == "Du får allerede påminnelser fra Veivalg"
    assert link_in(message, "avmeld") == f"/paminnelse/avmeld/{active.unsubscribe_token}/"


def test_confirmation_is_retried_when_the_mail_server_is_down(client, commit, smtp_down, deferred_tasks):
    with commit():
        response = client.post(URL, FORM, follow=True)

    assert "Sjekk e-posten din" in response.content.decode()
    assert Subscription.objects.count() == 1
    assert len(deferred_tasks) == 1
    mail = OutgoingMail.objects.get()
    assert (mail.purpose, mail.related) == (
        "reminders.confirm",
        f"subscription:{Subscription.objects.get().pk}",
    )
    assert deferred_tasks[0].task.name == "deliver_mail"
    assert list(deferred_tasks[0].args) == [str(mail.pk), mail.retry_token]
