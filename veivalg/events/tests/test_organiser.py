"""Organisers see and export the participant list of their municipality's events; nobody else."""

import csv
import io

import pytest
from django.urls import reverse

from .factories import EventFactory, RegistrationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event, name="Kari Nordmann", email="kari@eksempel.no", needs_wheelchair=True)
    RegistrationFactory(event=event, name="Ola Venter", email="ola@eksempel.no", status="waiting")
    RegistrationFactory(event=event, name="Avmeldt Person", email="borte@eksempel.no", status="cancelled")
    return event


def list_url(event, csv=False):
    return reverse("events:participants_csv" if csv else "events:participants", kwargs={"slug": event.slug})


@pytest.mark.parametrize("as_csv", [False, True])
def test_anonymous_reader_gets_404(client, full_event, as_csv):
    assert client.get(list_url(full_event, as_csv)).status_code == 404


@pytest.mark.parametrize("as_csv", [False, True])
def test_outsider_gets_404(outsider, full_event, as_csv):
    assert outsider.get(list_url(full_event, as_csv)).status_code == 404


@pytest.mark.parametrize("as_csv", [False, True])
def test_editor_of_another_municipality_gets_404(bergen_editor, full_event, as_csv):
    response = bergen_editor.get(list_url(full_event, as_csv))
    assert response.status_code == 404
    assert b"Kari" not in response.content


def test_editor_of_the_municipality_sees_participants_and_waiting_list(baerum_editor, full_event):
    response = baerum_editor.get(list_url(full_event))
    body = response.content.decode()
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    participants, waiting = body.split('id="venteliste"')
    assert "Kari Nordmann" in participants and "rullestoltilgang" in participants
    assert "Ola Venter" in waiting
    assert "Avmeldt Person" not in body


def test_superuser_sees_every_list(superuser):
    event = EventFactory(municipality=municipality("4601"))
    RegistrationFactory(event=event, name="Bergen Deltaker")
    assert "Bergen Deltaker" in superuser.get(list_url(event)).content.decode()


def test_csv_export_lists_participants_then_waiting_list(baerum_editor, full_event):
    response = baerum_editor.get(list_url(full_event, csv=True))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Referanse", "Status", "Navn", "E-post"]
    assert [r[2] for r in rows[1:]] == ["Kari Nordmann", "Ola Venter"]
    assert rows[1][1] == "Påmeldt" and rows[2][1] == "På venteliste"


def test_csv_cells_cannot_become_formulas(baerum_editor, event):
    RegistrationFactory(event=event, name='=HYPERLINK("http://x")')
    rows = list(
        csv.reader(
            io.StringIO(baerum_editor.get(list_url(event, csv=True)).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[1][2].startswith("'=")


def test_event_page_links_organisers_to_the_list(baerum_editor, bergen_editor, event):
    assert "Se deltakerlisten" in baerum_editor.get(event.get_absolute_url()).content.decode()
    assert "Se deltakerlisten" not in bergen_editor.get(event.get_absolute_url()).content.decode()


def test_editor_lists_only_own_municipalitys_events_in_the_admin(baerum_editor):
    EventFactory(title="Bærum-møtet")
    EventFactory(title="Bergen-møtet", municipality=municipality("4601"))
    body = baerum_editor.get(reverse("wagtailsnippets_events_event:list")).content.decode()
    assert "Bærum-møtet" in body and "Bergen-møtet" not in body


def test_editor_cannot_open_another_municipalitys_event_in_the_admin(baerum_editor):
    bergen = EventFactory(title="Bergen-møtet", municipality=municipality("4601"))
    response = baerum_editor.get(reverse("wagtailsnippets_events_event:edit", args=[bergen.pk]))
    assert response.status_code in (302, 403, 404)
    assert b"Bergen-m" not in response.content
