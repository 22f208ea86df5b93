"""Events and the annual wheel in a real browser: axe on every page at both widths, a
registration with errors, and a registration with the keyboard only, confirmed by the link in
the e-mail."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import (
    assert_accessible_at_all_widths,
    assert_focus_visible,
    assert_no_axe_violations,
    focused,
    tab_to,
    visit,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def events(base_url):
    from veivalg.events.tests.factories import EventFactory, RegistrationFactory

    meeting = EventFactory(
        title="Informasjonsmøte om livet etter skolen",
        description="Kommunen og NAV forteller om arbeid, aktivitet og utdanning.",
        capacity=20,
    )
    full = EventFactory(title="Åpen dag på verkstedet", kind="apen-dag", capacity=1)
    RegistrationFactory(event=full)
    year = timezone.localdate().year if timezone.localdate().month >= 8 else timezone.localdate().year - 1
    EventFactory(
        title="Søknadsfrist for kommunale tilbud",
        kind="soknadsfrist",
        all_day=True,
        starts_at=timezone.make_aware(datetime.datetime(year + 1, 2, 1)),
        ends_at=None,
    )
    EventFactory(
        title="Jobbmesse for alle",
        kind="jobbmesse",
        starts_at=timezone.make_aware(datetime.datetime(year + 1, 3, 9, 10)),
        ends_at=timezone.make_aware(datetime.datetime(year + 1, 3, 9, 15)),
    )
    return {"meeting": meeting, "full": full, "year": year}


def test_events_list_has_no_axe_violations(page, mobile_page, events):
    assert_accessible_at_all_widths(page, mobile_page, "/arrangementer/?malgruppe=ung")


def test_event_page_has_no_axe_violations(page, mobile_page, events):
    assert_accessible_at_all_widths(page, mobile_page, events["meeting"].get_absolute_url())
    assert_accessible_at_all_widths(page, mobile_page, events["full"].get_absolute_url())


def test_full_event_form_offers_the_waiting_list(page, mobile_page, events):
    path = f"/arrangementer/{events['full'].slug}/pamelding/"
    assert_accessible_at_all_widths(page, mobile_page, path)
    expect(page.locator("h1")).to_contain_text("Venteliste")


def test_registration_form_with_errors_has_no_axe_violations(page, mobile_page, events):
    path = f"/arrangementer/{events['meeting'].slug}/pamelding/"
    for tab in (page, mobile_page):
        visit(tab, path)
        tab.fill("#id_name", "Kari Nordmann")
        tab.fill("#id_email", "kari.eksempel.no")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Meld meg på").click()
        expect(tab.locator("#feiloppsummering")).to_be_visible()
        expect(tab.locator("#id_name")).to_have_value("Kari Nordmann")
        expect(tab.locator("#id_email")).to_have_value("kari.eksempel.no")
        assert tab.title().startswith("Feil:")
        assert_no_axe_violations(tab, f"{path} with errors")


def test_annual_wheel_has_no_axe_violations(page, mobile_page, events):
    assert_accessible_at_all_widths(page, mobile_page, f"/kommune/3201-baerum/arshjul/?ar={events['year']}")
    expect(page.locator("svg.wheel")).to_be_visible()
    expect(page.locator(".wheel-list")).to_contain_text("Søknadsfrist for kommunale tilbud")


def test_keyboard_user_registers_for_an_event_and_confirms_by_the_link_in_the_mail(page, events):
    from django.core import mail

    from veivalg.events.models import Registration

    visit(page, events["meeting"].get_absolute_url())
    tab_to(page, "main a.ds-button")
    assert_focus_visible(page)
    with page.expect_navigation(url=re.compile(r"/pamelding/$")):
        page.keyboard.press("Enter")
    assert_no_axe_violations(page)

    tab_to(page, "#id_name")
    assert_focus_visible(page)
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Tab")
    assert focused(page, "#id_email")
    page.keyboard.type("kari@eksempel.no")
    tab_to(page, "#id_needs_wheelchair")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    tab_to(page, "#id_wants_reminder")
    page.keyboard.press("Space")
    tab_to(page, "form.registration-form button[type=submit]")
    assert_focus_visible(page)
    with page.expect_navigation(url=re.compile(r"/kvittering/$")):
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Sjekk e-posten din")
    expect(page.locator("main")).to_contain_text("kari@eksempel.no")
    assert_no_axe_violations(page)
    registration = Registration.objects.get(email="kari@eksempel.no")
    assert registration.status == "pending"
    assert registration.needs_wheelchair and registration.wants_reminder

    # The e-mail (sent by the task after the commit) holds the link; the person opens it.
    sent = [m for m in mail.outbox if m.to == ["kari@eksempel.no"]]
    assert [m.subject for m in sent] == [f"Bekreft påmeldingen: {events['meeting'].title}"]
    link = re.search(r"https?://\S+/arrangementer/bekreft/\S+/", sent[0].body).group(0)
    visit(page, urlsplit(link).path)  # the link names the site's address; the test server's differs
    expect(page.locator("h1")).to_have_text("Bekreft påmeldingen")
    assert_no_axe_violations(page)
    tab_to(page, "main form button[type=submit]")
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Du er påmeldt")
    assert_no_axe_violations(page)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    expect(page.locator(".reference")).to_have_text(registration.reference)


def test_an_expired_link_says_so_plainly(page, events):
    from veivalg.events.tests.factories import RegistrationFactory

    old = RegistrationFactory(
        event=events["meeting"], status="pending", created_at=timezone.now() - datetime.timedelta(days=3)
    )
    visit(page, f"/arrangementer/bekreft/{old.confirm_token}/", status=410)
    expect(page.locator("h1")).to_have_text("Lenken virker ikke lenger")
    assert_no_axe_violations(page)
