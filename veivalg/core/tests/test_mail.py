# ruff: noqa: F811 (test functions take the imported fixtures by name)
"""Outgoing mail through faults (issue 13, point 4): the mail server does not answer.

Before, a receipt that could not be sent in five tries (about 2.5 hours) was dropped with a log
line. Now every mail is recorded; after the last try it stays as failed, an administrator sees
it on /ansatt/e-post/ and sends it again once the server is back. Mail goes to a real SMTP
server on 127.0.0.1 (aiosmtpd, the events app's fixture); «down» is a port nobody listens on.
Retries are the tasks the worker would run later (kept by the test backend, run by the test).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, StaffRoleKind
from veivalg.accounts.own_data import remove_expired_data
from veivalg.accounts.services import add_staff_role
from veivalg.accounts.tests.conftest import participant  # noqa: F401 (fixture)
from veivalg.core.mail import MAX_ATTEMPTS, deliver, resend_mail, send_recorded
from veivalg.core.models import MailStatus, OutgoingMail, mask_address
from veivalg.events.tests.conftest import (  # noqa: F401 (fixtures)
    _deferring_tasks,
    commit,
    deferred_tasks,
    free_port,
    smtp_server,
)
from veivalg.intake.tasks import send_receipt
from veivalg.intake.tests import factories as f
from veivalg.reminders.models import Subscription
from veivalg.reminders.services import unsubscribe
from veivalg.reminders.tests.factories import subscription

pytestmark = pytest.mark.django_db

PAGE = "/ansatt/e-post/"


@pytest.fixture
def server(smtp_server, settings):
    """The real SMTP server, with a switch: `server.down()` points the mail settings at a port
    nobody listens on, `server.up()` back at the server."""

    class Switch:
        messages = smtp_server.messages
        port = settings.EMAIL_PORT

        def down(self):
            settings.EMAIL_PORT = free_port()

        def up(self):
            settings.EMAIL_PORT = self.port

    return Switch()


@pytest.fixture
def activity(db):
    """Bærum's offices and a day-activity offer to apply for."""
    f.baerum_offices()
    return f.applicable_offers()["activity"]


@pytest.fixture
def administrator(db):
    platform = Organisation.objects.create(name="Veivalg drift", kind=OrganisationKind.PLATFORM)
    user = get_user_model().objects.create_user("drift", password="x" * 20)
    add_staff_role(user=user, organisation=platform, role=StaffRoleKind.ADMINISTRATOR)
    return user


def signed_in(client, user):
    other = type(client)()
    other.force_login(user)
    return other


def run_retries(deferred_tasks, commit) -> list[str]:
    """Run the queued retries one by one, as the worker would when each falls due."""
    outcomes = []
    done = 0
    while done < len(deferred_tasks):
        retry = deferred_tasks[done]
        done += 1
        with commit():
            outcomes.append(retry.task.call(*retry.args, **retry.kwargs))
    return outcomes


def test_receipt_with_smtp_down_is_kept_failed_shown_to_administrators_and_resent_when_it_is_back(
    client,
    server,
    commit,
    deferred_tasks,
    participant,
    activity,
    administrator,
):
    server.down()
    with commit():
        case = f.submitted_case(participant, [activity])
    mail = OutgoingMail.objects.get(purpose="intake.receipt")
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.QUEUED, 1, "ConnectionRefusedError")
    assert mail.related == f"application:{case.application_id}"
    assert mail.recipient == "soker@eksempel.no" and case.reference in mail.subject
    assert mail.next_attempt_at > timezone.now()

    outcomes = run_retries(deferred_tasks, commit)

    assert outcomes == ["retrying"] * (MAX_ATTEMPTS - 2) + ["failed"]
    waits = [retry.task.run_after for retry in deferred_tasks]
    assert waits == sorted(waits)  # each wait longer than the one before
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.next_attempt_at) == (MailStatus.FAILED, MAX_ATTEMPTS, None)
    assert server.messages == []

    page = signed_in(client, administrator).get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kvittering for søknad" in text and "s***@e***.no" in text and "ConnectionRefusedError" in text
    assert "soker@eksempel.no" not in text
    assert reverse("staff:resend_mail", kwargs={"mail_id": mail.pk}) in text

    server.up()
    admin = signed_in(client, administrator)
    with commit():
        response = admin.post(reverse("staff:resend_mail", kwargs={"mail_id": mail.pk}))
    assert response.status_code == 302 and response.url.startswith(PAGE)
    assert "lagt i køen igjen" in admin.get(response.url).content.decode()
    assert [m["To"] for m in server.messages] == ["soker@eksempel.no"]
    assert case.reference in server.messages[0]["Subject"]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.resent_by) == (MailStatus.SENT, 1, administrator)
    assert mail.sent_at is not None and mail.resent_at is not None


def test_caseworkers_and_citizens_do_not_see_the_page_or_resend(
    client,
    server,
    commit,
    participant,
    activity,
):
    server.down()
    mail = _failed_receipt(participant, activity, commit)
    caseworker = f.caseworker(Organisation.objects.get(name="Tildelingskontoret i Bærum"))
    url = reverse("staff:resend_mail", kwargs={"mail_id": mail.pk})
    for user in (caseworker, participant.user):
        outsider = signed_in(client, user)
        assert outsider.get(PAGE).status_code == 404
        with commit():
            assert outsider.post(url).status_code == 404
    assert client.get(PAGE).status_code == 302  # anonymous: to the staff sign-in
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED and mail.resent_at is None


def test_a_sent_mail_is_not_sent_again_by_a_resend(
    client,
    server,
    commit,
    participant,
    activity,
    administrator,
):
    with commit():
        f.submitted_case(participant, [activity])
    mail = OutgoingMail.objects.get(purpose="intake.receipt")
    assert mail.status == MailStatus.SENT and len(server.messages) == 1

    admin = signed_in(client, administrator)
    with commit():
        response = admin.post(reverse("staff:resend_mail", kwargs={"mail_id": mail.pk}), follow=True)

    assert "allerede sendt" in response.content.decode()
    assert len(server.messages) == 1
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and mail.resent_at is None


def test_running_the_receipt_task_again_sends_nothing_twice(server, commit, participant, activity):
    with commit():
        case = f.submitted_case(participant, [activity])
    assert len(server.messages) == 1

    # The worker died after sending; the re-queue runs the same task again.
    assert send_receipt.call(str(case.application_id)) == "sent"

    assert len(server.messages) == 1
    assert OutgoingMail.objects.filter(purpose="intake.receipt").count() == 1


def test_a_retry_left_over_from_before_a_resend_does_nothing(
    server,
    commit,
    deferred_tasks,
    participant,
    activity,
    administrator,
):
    server.down()
    mail = _failed_receipt(participant, activity, commit)
    old_retry = deferred_tasks[0]  # queued in the first round
    with commit():
        resend_mail(mail_id=mail.pk, by_user=administrator)  # tried at once: still down
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    new_retry = deferred_tasks[-1]

    with commit():
        assert old_retry.task.call(*old_retry.args) == "skipped"
    mail.refresh_from_db()
    assert mail.attempts == 1 and len(deferred_tasks) == MAX_ATTEMPTS  # no second round of retries

    server.up()
    with commit():
        assert new_retry.task.call(*new_retry.args) == "sent"
    assert len(server.messages) == 1


def test_an_address_that_unsubscribed_between_tries_gets_nothing(server, commit, deferred_tasks):
    server.down()
    with commit():
        from veivalg.reminders.tasks import send_subscription_mail

        pending = subscription(confirmed=False, email="ombestemt@eksempel.no")
        assert send_subscription_mail.enqueue(pending.pk, "confirm").return_value == "retrying"
    unsubscribe(token=Subscription.objects.get(pk=pending.pk).unsubscribe_token)
    server.up()

    assert run_retries(deferred_tasks, commit) == ["skipped"]

    assert server.messages == []
    assert OutgoingMail.objects.get().status == MailStatus.CANCELLED


def test_mail_records_with_addresses_are_deleted_after_90_days(server):
    today = datetime.date(2027, 3, 1)
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    for days, key in ((91, "gammel"), (89, "ny")):
        OutgoingMail.objects.create(
            created_at=midnight - datetime.timedelta(days=days),
            purpose="intake.receipt",
            dedupe_key=key,
            from_email="ikke-svar@veivalg.example",
            recipient=f"{key}@eksempel.no",
            subject="Kvittering",
            body="…",
        )

    removed = remove_expired_data(today=today)

    assert removed["utgaende_e_post"] == 1
    assert list(OutgoingMail.objects.values_list("recipient", flat=True)) == ["ny@eksempel.no"]


def test_a_mail_to_two_addresses_is_refused_before_anything_is_sent(server):
    from django.core.mail import EmailMessage

    message = EmailMessage(subject="Hei", body="…", to=["a@eksempel.no", "b@eksempel.no"])
    with pytest.raises(ValueError):
        send_recorded(message, purpose="test", key="to")
    assert server.messages == [] and not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    "address, masked",
    [
        ("ola.nordmann@eksempel.no", "o***@e***.no"),
        ("kari@post.example.com", "k***@p***.com"),
        ("x@localhost", "x***@l***"),
        ("uten-krollalfa", "***"),
        ("", ""),
    ],
)
def test_the_page_masks_addresses(address, masked):
    assert mask_address(address) == masked


def _failed_receipt(participant, activity, commit) -> OutgoingMail:
    """A receipt whose five tries all failed (the server is down): the first by the receipt
    task, the others as retries."""
    with commit():
        case = f.submitted_case(participant, [activity])
    mail = OutgoingMail.objects.get(related=f"application:{case.application_id}")
    while mail.status == MailStatus.QUEUED:
        with commit():
            deliver(mail.pk, token=mail.retry_token)
        mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
    return mail
