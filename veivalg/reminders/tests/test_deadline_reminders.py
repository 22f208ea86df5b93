"""Confirmed subscribers are reminded 14 days before an application deadline, once per deadline,
with the offers that have it and a link to the municipality's page."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from veivalg.core.models import OutgoingMail
from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory
from veivalg.reminders.models import DeadlineReminder
from veivalg.reminders.services import send_deadline_reminders
from veivalg.reminders.tasks import send_deadline_reminder

from .conftest import body_of
from .factories import municipality, subscription

pytestmark = pytest.mark.django_db

MAIN = datetime.date(2027, 2, 1)
FOURTEEN_DAYS_BEFORE = MAIN - datetime.timedelta(days=14)  # 18 January


def offer_in(number: str, title: str, deadline: datetime.date, kind: str = "dagtilbud", **fields):
    organization = OrganizationFactory(municipality=municipality(number), name=f"{title} AS")
    return OfferFactory(
        organization=organization,
        title=title,
        kind=OfferKind.objects.get(code=kind),
        application_deadline=deadline,
        **fields,
    )


@pytest.fixture
def baerum_offers():
    """Two offers the municipality decides on (vedtak) with the main deadline, one NAV offer."""
    return [
        offer_in("3201", "Dagsenter Bekkestua", MAIN),
        offer_in("3201", "Snekkerverksted", MAIN, kind="kommunalt-tilrettelagt-arbeid"),
        offer_in("3201", "Fjordvik VTA", datetime.date(2027, 3, 15), kind="vta"),
    ]


def test_reminded_once_fourteen_days_before_the_main_deadline(smtp_server, baerum_offers):
    active = subscription("3201")

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE - datetime.timedelta(days=1)) == 0
    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 1
    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 0
    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE + datetime.timedelta(days=1)) == 0

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "kari@eksempel.no"
    assert message["Subject"].strip() == "Søknadsfrist 1. februar 2027: tilbud i Bærum"
    body = body_of(message)
    assert "Dagsenter Bekkestua" in body and "Snekkerverksted" in body
    assert "Fjordvik VTA" not in body  # another deadline
    assert settings.WAGTAILADMIN_BASE_URL + municipality("3201").get_absolute_url() in body
    assert settings.WAGTAILADMIN_BASE_URL + baerum_offers[0].get_absolute_url() in body
    assert f"/paminnelse/avmeld/{active.unsubscribe_token}/" in body
    reminder = DeadlineReminder.objects.get()
    assert reminder.deadline == MAIN and reminder.sent_at is not None


def test_unconfirmed_subscribers_get_nothing(smtp_server, baerum_offers):
    subscription("3201", confirmed=False)

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 0
    assert smtp_server.messages == []


def test_unsubscribed_subscribers_get_nothing(client, smtp_server, baerum_offers):
    active = subscription("3201")
    client.post(f"/paminnelse/avmeld/{active.unsubscribe_token}/")

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 0
    assert smtp_server.messages == []


def test_unsubscribing_after_the_sweep_stops_the_queued_reminder(smtp_server, baerum_offers):
    from veivalg.reminders.services import unsubscribe

    active = subscription("3201")
    DeadlineReminder.objects.create(subscription=active, deadline=MAIN)
    unsubscribe(token=active.unsubscribe_token)

    assert send_deadline_reminder.call(active.pk, MAIN.isoformat()) == "skipped"
    assert smtp_server.messages == []


def test_main_deadline_needs_an_offer_the_municipality_decides_on(smtp_server):
    offer_in("3201", "Fjordvik VTA", MAIN, kind="vta")
    subscription("3201")

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 0


def test_other_deadlines_only_for_those_who_asked_for_all(inbox, baerum_offers):
    subscription("3201", email="bare-hovedfristen@eksempel.no")
    subscription("3201", email="alle-frister@eksempel.no", all_deadlines=True)

    assert send_deadline_reminders(today=datetime.date(2027, 3, 1)) == 1

    received = inbox()
    assert list(received) == ["alle-frister@eksempel.no"]
    body = body_of(received["alle-frister@eksempel.no"][0])
    assert "Fjordvik VTA" in body and "Dagsenter Bekkestua" not in body


def test_each_deadline_gets_its_own_reminder(inbox, baerum_offers):
    subscription("3201", all_deadlines=True)

    send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE)
    send_deadline_reminders(today=datetime.date(2027, 3, 1))

    assert len(inbox()["kari@eksempel.no"]) == 2
    assert sorted(DeadlineReminder.objects.values_list("deadline", flat=True)) == [
        MAIN,
        datetime.date(2027, 3, 15),
    ]


def test_a_subscriber_who_confirms_within_the_fourteen_days_is_reminded_at_the_next_run(
    smtp_server, baerum_offers
):
    subscription("3201")

    assert send_deadline_reminders(today=MAIN - datetime.timedelta(days=5)) == 1
    assert send_deadline_reminders(today=MAIN) == 0  # the deadline itself is too late


def test_only_offers_open_to_the_subscribers_municipality_are_listed(inbox, baerum_offers):
    offer_in("4601", "Kaffibaren", MAIN)
    # An Asker offer that takes Bærum residents too.
    offer_in("3203", "Asker arbeidssenter", MAIN, served=[municipality("3203"), municipality("3201")])
    subscription("3201", email="baerum@eksempel.no")
    subscription("4601", email="bergen@eksempel.no")

    send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE)

    received = inbox()
    baerum, bergen = body_of(received["baerum@eksempel.no"][0]), body_of(received["bergen@eksempel.no"][0])
    assert "Asker arbeidssenter" in baerum and "Kaffibaren" not in baerum
    assert "Kaffibaren" in bergen and "Dagsenter Bekkestua" not in bergen


def test_unpublished_defunct_and_rolling_offers_do_not_count(smtp_server):
    offer_in("3201", "Utkast", MAIN, live=False)
    offer_in("3201", "Nedlagt", MAIN, status="defunct")
    offer_in("3201", "Løpende", MAIN, rolling_intake=True)
    subscription("3201", all_deadlines=True)

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 0


def test_command_reminds_of_deadlines_fourteen_days_from_today(smtp_server):
    offer_in("3201", "Kurs i matlaging", timezone.localdate() + datetime.timedelta(days=14))
    subscription("3201", all_deadlines=True)

    call_command("send_deadline_reminders")

    assert len(smtp_server.messages) == 1
    assert "Kurs i matlaging" in body_of(smtp_server.messages[0])


def test_reminder_is_retried_when_the_mail_server_is_down(smtp_down, deferred_tasks, baerum_offers, commit):
    subscription("3201")

    with commit():
        assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 1

    reminder = DeadlineReminder.objects.get()
    mail = OutgoingMail.objects.get()
    assert (mail.purpose, mail.related) == ("reminders.deadline", f"deadline_reminder:{reminder.pk}")
    assert [t.task.name for t in deferred_tasks] == ["deliver_mail"]
    assert list(deferred_tasks[0].args) == [str(mail.pk), mail.retry_token]
    assert reminder.sent_at is None


def test_a_municipality_with_its_own_main_deadline_is_reminded_of_that_date(smtp_server):
    """Bærum has moved its main deadline to 1 March 2027. Its subscribers are reminded 14 days
    before 1 March, with the offers it decides on that give no date of their own, and not 14
    days before 1 February, which is only the national default."""
    from veivalg.intake.models import IntakeDeadline

    own = datetime.date(2027, 3, 1)
    IntakeDeadline.objects.create(
        municipality=municipality("3201"), year=2027, deadline=own, answer_by=datetime.date(2027, 5, 15)
    )
    offer_in("3201", "Dagsenter Bekkestua", None, intake_route="vedtak")
    subscription("3201")

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 0  # 1 February is not Bærum's
    assert send_deadline_reminders(today=own - datetime.timedelta(days=14)) == 1
    message = smtp_server.messages[0]
    assert message["Subject"].strip() == "Søknadsfrist 1. mars 2027: tilbud i Bærum"
    assert "Dagsenter Bekkestua" in body_of(message)
    assert DeadlineReminder.objects.get().deadline == own


def test_another_municipality_keeps_the_national_main_deadline(smtp_server):
    """Bærum's own date does not move Asker's: Asker's subscriber hears of 1 February."""
    from veivalg.intake.models import IntakeDeadline

    IntakeDeadline.objects.create(
        municipality=municipality("3201"),
        year=2027,
        deadline=datetime.date(2027, 3, 1),
        answer_by=datetime.date(2027, 5, 15),
    )
    offer_in("3203", "Asker dagsenter", None, intake_route="vedtak")
    subscription("3203")

    assert send_deadline_reminders(today=FOURTEEN_DAYS_BEFORE) == 1
    assert "Asker dagsenter" in body_of(smtp_server.messages[0])
