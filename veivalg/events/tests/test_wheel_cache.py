"""The annual wheel and its feed come from the page cache for anonymous readers, and every
change to an event shows at once."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from veivalg.events.models import Event

from .factories import EventFactory

pytestmark = pytest.mark.django_db

WHEEL = "/kommune/3201-baerum/arshjul/"
FEED = "/kommune/3201-baerum/arshjul.ics"


def test_wheel_and_feed_are_served_from_the_cache(client):
    event = EventFactory(title="Informasjonsmøtet")
    for url in (WHEEL, FEED):
        assert "Informasjonsmøtet" in client.get(url).content.decode()
    Event.objects.filter(pk=event.pk).update(title="Endret uten signal")  # nothing tells the cache
    for url in (WHEEL, FEED):
        assert "Informasjonsmøtet" in client.get(url).content.decode()


def test_a_saved_or_deleted_event_shows_at_once(client):
    event = EventFactory(title="Informasjonsmøtet")
    client.get(WHEEL), client.get(FEED)
    event.title = "Nytt navn på møtet"
    event.save()
    for url in (WHEEL, FEED):
        assert "Nytt navn på møtet" in client.get(url).content.decode()
    event.delete()
    for url in (WHEEL, FEED):
        assert "Nytt navn på møtet" not in client.get(url).content.decode()


def test_the_feed_keeps_its_headers_from_the_cache(client):
    EventFactory()
    client.get(FEED)
    response = client.get(FEED)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="arshjul-3201-baerum.ics"'


def test_each_host_and_language_gets_its_own_wheel(client):
    EventFactory(title="Møtet", title_nn="Møtet på nynorsk")
    assert "webcal://testserver/" in client.get(WHEEL).content.decode()
    other_host = client.get(WHEEL, HTTP_HOST="localhost").content.decode()
    assert "webcal://localhost/" in other_host and "webcal://testserver/" not in other_host
    nynorsk = Client()
    nynorsk.cookies["veivalg_language"] = "nn"
    assert "Møtet på nynorsk" in nynorsk.get(WHEEL).content.decode()
    assert "Møtet på nynorsk" not in client.get(WHEEL).content.decode()


def test_signed_in_readers_get_a_fresh_wheel(client):
    event = EventFactory(title="Informasjonsmøtet")
    client.get(WHEEL)
    Event.objects.filter(pk=event.pk).update(title="Ferskt for innloggede")
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("leser", password="x" * 16))
    assert "Ferskt for innloggede" in reader.get(WHEEL).content.decode()
    assert "Ferskt for innloggede" not in client.get(WHEEL).content.decode()


def test_a_cached_page_without_a_form_gives_no_csrf_cookie(client):
    EventFactory()
    client.get(WHEEL)
    assert "csrftoken" not in client.get(WHEEL).cookies
