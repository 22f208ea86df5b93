"""Outgoing mail through the real task queue (the database backend and the worker), when a
worker dies or the mail server is down (issue 13, point 4).

A worker that sent a mail and died before it could mark the task done leaves the task RUNNING;
the re-queue (`requeue_stuck_tasks`) runs it again. The mail must not go out twice. All tests
here are transactional: the worker runs its own transactions, as in production.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from veivalg.core.models import MailStatus, OutgoingMail
from veivalg.core.worker import requeue_stuck_tasks
from veivalg.events.tasks import send_registration_mail
from veivalg.events.tests.conftest import free_port, smtp_server  # noqa: F401 (fixture)
from veivalg.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_STUCK_AFTER_SECONDS = 900
    settings.TASK_MAX_ATTEMPTS = 3


def _run_worker_until_empty():
    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0, give_up_after=20)


def test_a_mail_task_run_again_after_its_worker_died_does_not_send_twice(database_tasks, smtp_server):  # noqa: F811
    registration = RegistrationFactory(event=EventFactory(capacity=10), email="kari@eksempel.no")
    result = send_registration_mail.enqueue(registration.pk, "confirmed")
    _run_worker_until_empty()
    assert [m["To"] for m in smtp_server.messages] == ["kari@eksempel.no"]

    # The worker sent it and was killed before it marked the task done.
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=20),
        finished_at=None,
    )
    assert requeue_stuck_tasks() == {"requeued": 1, "failed": 0}
    _run_worker_until_empty()

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert len(smtp_server.messages) == 1
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)
    registration.refresh_from_db()
    assert registration.mail_attempts == 1 and registration.confirmation_sent_at is not None


def test_the_retry_is_queued_with_the_failed_try_and_sends_when_the_server_is_back(
    database_tasks,
    smtp_server,  # noqa: F811
    settings,
):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # the mail server does not answer
    registration = RegistrationFactory(event=EventFactory(capacity=10), email="kari@eksempel.no")
    send_registration_mail.enqueue(registration.pk, "confirmed")
    _run_worker_until_empty()

    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    retry = DBTaskResult.objects.get(task_path__endswith="deliver_mail")
    assert retry.status == TaskResultStatus.READY and retry.run_after == mail.next_attempt_at
    assert retry.args_kwargs["args"] == [str(mail.pk), mail.retry_token]

    settings.EMAIL_PORT = working_port
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the minute has passed
    _run_worker_until_empty()

    assert [m["To"] for m in smtp_server.messages] == ["kari@eksempel.no"]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    registration.refresh_from_db()
    assert registration.mail_attempts == 2 and registration.mail_failed_at is not None
