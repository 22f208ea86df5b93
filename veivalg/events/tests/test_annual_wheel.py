"""The annual wheel (årshjul) per municipality, as a list by month and a drawing, and its feeds."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from veivalg.events.models import Event

from .factories import EventFactory, municipality

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def year_2026(db):
    baerum = municipality("3201")
    return [
        EventFactory(title="Informasjonsmøtet", starts_at=at(2026, 9, 22, 18), ends_at=at(2026, 9, 22, 20)),
        EventFactory(
            title="Søknadsfristen", kind="soknadsfrist", starts_at=at(2027, 2, 1), ends_at=None, all_day=True
        ),
        EventFactory(
            title="Jobbmessa",
            kind="jobbmesse",
            starts_at=at(2027, 3, 9, 10),
            ends_at=at(2027, 3, 9, 15),
            for_young=False,
            for_relatives=False,
        ),
        EventFactory(
            title="Oppstart", kind="oppstart", starts_at=at(2027, 8, 16), ends_at=None, all_day=True
        ),
        EventFactory(title="Bergens møte", municipality=municipality("4601"), starts_at=at(2026, 9, 23, 18)),
        baerum,
    ]


def wheel_url(number="3201", slug="3201-baerum"):
    return f"/kommune/{slug}/arshjul/"


def test_wheel_lists_the_school_year_by_month_in_order(client, year_2026):
    page = client.get(wheel_url(), {"ar": "2026"}).content.decode()
    body = page.split('id="liste-tittel"')[1].split("</section>")[0]
    september, february, march = (body.index(m) for m in ("September 2026", "Februar 2027", "Mars 2027"))
    assert september < february < march
    assert september < body.index("Informasjonsmøtet") < february < body.index("Søknadsfristen") < march
    assert "Bergens møte" not in page
    assert "Oppstart" not in body  # August 2027 belongs to the next school year


def test_wheel_drawing_has_a_text_alternative_and_the_list_comes_first(client, year_2026):
    body = client.get(wheel_url(), {"ar": "2026"}).content.decode()
    assert 'role="img" aria-labelledby="hjul-tekst"' in body
    assert 'id="hjul-tekst"' in body
    assert body.index('class="wheel-list"') < body.index("<svg")


def test_wheel_links_to_subscribable_feeds(client, year_2026):
    body = client.get(wheel_url(), {"ar": "2026"}).content.decode()
    assert 'href="webcal://testserver/kommune/3201-baerum/arshjul.ics?malgruppe=fagfolk"' in body
    assert "http://testserver/kommune/3201-baerum/arshjul.ics" in body


def test_wheel_of_unknown_municipality_is_404(client):
    assert client.get("/kommune/9999-ingensteds/arshjul/").status_code == 404


def test_feed_parses_as_icalendar_with_proper_events(client, year_2026, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://veivalg.example"
    response = client.get("/kommune/3201-baerum/arshjul.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Informasjonsmøtet", "Søknadsfristen", "Jobbmessa", "Oppstart"}
    meeting = events["Informasjonsmøtet"]
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"):
        assert prop in meeting, prop
    assert meeting.decoded("DTSTART") == at(2026, 9, 22, 18)
    assert str(meeting["URL"]).startswith("https://veivalg.example/arrangementer/")
    assert events["Søknadsfristen"].decoded("DTSTART") == datetime.date(2027, 2, 1)
    assert len({str(e["UID"]) for e in events.values()}) == 4


def test_feed_filters_by_audience(client, year_2026):
    young = icalendar.Calendar.from_ical(client.get("/kommune/3201-baerum/arshjul.ics?malgruppe=ung").content)
    professionals = icalendar.Calendar.from_ical(
        client.get("/kommune/3201-baerum/arshjul.ics?malgruppe=fagfolk").content
    )
    assert "Jobbmessa" not in {str(e["SUMMARY"]) for e in young.walk("VEVENT")}
    assert "Jobbmessa" in {str(e["SUMMARY"]) for e in professionals.walk("VEVENT")}


def test_feed_refuses_an_unknown_audience(client, year_2026):
    assert client.get("/kommune/3201-baerum/arshjul.ics?malgruppe=alle").status_code == 400


def test_feed_uid_stays_the_same_when_the_event_changes(client, year_2026):
    first = icalendar.Calendar.from_ical(client.get("/kommune/3201-baerum/arshjul.ics").content)
    Event.objects.filter(title="Jobbmessa").update(title="Jobbmessa 2027")
    second = icalendar.Calendar.from_ical(client.get("/kommune/3201-baerum/arshjul.ics").content)
    assert {str(e["UID"]) for e in first.walk("VEVENT")} == {str(e["UID"]) for e in second.walk("VEVENT")}


def test_wheel_drawing_coordinates_are_not_localised(client, year_2026):
    """Norwegian number formatting ("12,5") would put every marker in the corner."""
    import re

    body = client.get(wheel_url(), {"ar": "2026"}).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    coordinates = re.findall(r' (?:cx|cy|x|y)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)
    assert svg.count('class="marker') == 3  # the August 2027 start belongs to the next year


def test_wheel_without_a_year_shows_the_next_school_year_with_dates(client):
    EventFactory(title="Langt fram", starts_at=at(2031, 3, 3, 18), ends_at=at(2031, 3, 3, 20))
    body = client.get(wheel_url()).content.decode()
    assert "2030–2031" in body and "Langt fram" in body
