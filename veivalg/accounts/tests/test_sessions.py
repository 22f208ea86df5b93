"""Signed-in sessions: a signed-in user's pages are never stored by a cache, and a citizen's
session ends after a time without requests and after a maximum length (accounts/sessions.py)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from veivalg.accounts.sessions import LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from veivalg.accounts.testing import path_of

from .test_signin import start

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def shift_back(client, key: str, seconds: int) -> None:
    """Pretend `key`'s moment in the session happened `seconds` earlier."""
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.fixture
def citizen(client, participant):
    client.force_login(participant.user)
    return participant


def test_signed_in_citizens_own_page_is_not_stored_by_any_cache(client, citizen):
    response = client.get("/min-side/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


def test_public_page_shown_to_a_signed_in_citizen_is_not_stored(client, citizen):
    """The front page carries the citizen's sign-in state (and the acting-for banner)."""
    response = client.get("/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


def test_publicly_cached_feed_turns_private_for_a_signed_in_reader(client, citizen):
    feed = "/kommune/3201-baerum/arshjul.ics"
    assert "public" in cache_control(Client().get(feed))
    response = client.get(feed)
    assert response.status_code == 200
    assert "public" not in cache_control(response)
    assert {"no-store", "private"} <= cache_control(response)


def test_public_page_for_an_anonymous_reader_is_left_cacheable(client):
    response = client.get("/")
    assert "no-store" not in cache_control(response)


def test_signed_in_staff_on_a_public_page_get_no_store(client):
    staff = get_user_model().objects.create_user("saksbehandler", is_staff=True)
    client.force_login(staff)
    response = client.get("/")
    assert {"no-store", "private"} <= cache_control(response)


def test_citizen_is_signed_out_after_the_idle_time(client, citizen, settings):
    assert client.get("/min-side/").status_code == 200
    shift_back(client, LAST_SEEN_KEY, settings.CITIZEN_IDLE_SECONDS + 5)

    response = client.get("/min-side/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/min-side/"
    assert "_auth_user_id" not in client.session
    assert {"no-store", "private"} <= cache_control(response)
    page = client.get(response["Location"]).content.decode()
    assert "Du ble logget ut etter 30 minutter uten aktivitet." in page


def test_activity_keeps_the_citizen_session(client, citizen, settings):
    client.get("/min-side/")
    shift_back(client, LAST_SEEN_KEY, settings.CITIZEN_IDLE_SECONDS - 60)
    assert client.get("/min-side/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5


def test_citizen_is_signed_out_after_the_maximum_length_however_active(client, citizen, settings):
    client.get("/min-side/")
    shift_back(client, SIGNED_IN_AT_KEY, settings.CITIZEN_SESSION_MAX_SECONDS + 5)
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5  # active a moment ago

    response = client.get("/min-side/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Du ble logget ut fordi det er 12 timer siden du logget inn." in page


def test_acting_for_ends_with_the_timed_out_session(client, guardian, participant, settings):
    client.force_login(guardian.user)
    client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    assert client.session["accounts_acting_for"] == str(participant.pk)
    shift_back(client, LAST_SEEN_KEY, settings.CITIZEN_IDLE_SECONDS + 5)
    client.get("/min-side/")
    assert "accounts_acting_for" not in client.session


def test_both_clocks_start_when_the_citizen_signs_in(client, oidc_provider):
    from .test_signin import PID

    oidc_provider.set_user("ola", pid=PID, name="Ola Nordmann")
    back = oidc_provider.authorize(start(client), "ola")
    response = client.get(path_of(back))
    assert response.status_code == 302
    assert {"no-store", "private"} <= cache_control(response)
    now = int(time.time())
    assert now - 5 <= client.session[SIGNED_IN_AT_KEY] <= now
    assert now - 5 <= client.session[LAST_SEEN_KEY] <= now


def test_session_lengths_from_the_environment_must_be_whole_numbers(monkeypatch):
    from veivalg.settings import env_int

    monkeypatch.setenv("CITIZEN_IDLE_SECONDS", "halvtime")
    with pytest.raises(ImproperlyConfigured, match="CITIZEN_IDLE_SECONDS"):
        env_int("CITIZEN_IDLE_SECONDS", 1800, minimum=60)
    monkeypatch.setenv("CITIZEN_IDLE_SECONDS", "0")
    with pytest.raises(ImproperlyConfigured):
        env_int("CITIZEN_IDLE_SECONDS", 1800, minimum=60)
    monkeypatch.setenv("CITIZEN_IDLE_SECONDS", "900")
    assert env_int("CITIZEN_IDLE_SECONDS", 1800, minimum=60) == 900
