"""The public list of events, an event page, and nynorsk with bokmål fallback."""

import datetime

import pytest
from django.utils import timezone

from .factories import EventFactory, RegistrationFactory, municipality

pytestmark = pytest.mark.django_db


def test_list_shows_upcoming_events_not_past_ones_or_milestones(client):
    EventFactory(title="Kommende møte")
    EventFactory(
        title="Gammelt møte",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-1),
    )
    EventFactory(title="Søknadsfrist", kind="soknadsfrist", all_day=True, ends_at=None)
    body = client.get("/arrangementer/").content.decode()
    assert "Kommende møte" in body
    assert "Gammelt møte" not in body and "Søknadsfrist" not in body


def test_list_filters_by_municipality_and_audience(client):
    EventFactory(title="Bærum for alle")
    EventFactory(
        title="Bergen for fagfolk", municipality=municipality("4601"), for_young=False, for_relatives=False
    )
    EventFactory(title="Bergen for unge", municipality=municipality("4601"), for_professionals=False)
    body = client.get("/arrangementer/", {"kommune": "4601", "malgruppe": "fagfolk"}).content.decode()
    assert "Bergen for fagfolk" in body
    assert "Bærum for alle" not in body and "Bergen for unge" not in body


def test_list_with_a_bad_filter_says_what_is_wrong(client):
    EventFactory()
    body = client.get("/arrangementer/", {"malgruppe": "alle-sammen"}).content.decode()
    assert "Velg en målgruppe fra listen." in body


def test_event_page_shows_time_place_accessibility_audience_and_places_left(client, event):
    RegistrationFactory(event=event)
    body = client.get(event.get_absolute_url()).content.decode()
    assert event.title in body
    assert "Kulturhuset" in body and "Trinnfri inngang" in body
    assert "Unge, Pårørende, Fagfolk" in body
    assert "9 ledige plasser av 10" in body
    assert "Meld deg på" in body


def test_nynorsk_reader_sees_nynorsk_text_and_marked_bokmal_fallback(client, event):
    event.title_nn = "Informasjonsmøte om livet etter skulen"
    event.save()
    client.cookies["veivalg_language"] = "nn"
    body = client.get(event.get_absolute_url()).content.decode()
    assert "livet etter skulen" in body
    assert '<dd lang="nb">Trinnfri inngang' in body  # no nynorsk accessibility text: marked bokmål


def test_unknown_event_is_404(client):
    assert client.get("/arrangementer/finnes-ikke/").status_code == 404
