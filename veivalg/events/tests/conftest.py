"""Events test set-up: a real SMTP server on 127.0.0.1 (aiosmtpd), a closed port for "the mail
server is down", and a task backend that runs tasks at once but keeps delayed ones (retries)
for the test to run later, the way the worker would."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from veivalg.accounts.services import make_editor

from .factories import EventFactory, municipality


class DeferringImmediateBackend(ImmediateBackend):
    """Runs a task at once unless it has `run_after`; those wait in `deferred`."""

    supports_defer = True
    deferred: list[TaskResult] = []

    def enqueue(self, task, args, kwargs):
        if task.run_after is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        DeferringImmediateBackend.deferred.append(result)
        return result


@pytest.fixture(autouse=True)
def _deferring_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "veivalg.events.tests.conftest.DeferringImmediateBackend"}}
    DeferringImmediateBackend.deferred = []
    yield DeferringImmediateBackend.deferred


@pytest.fixture
def deferred_tasks(_deferring_tasks) -> list[TaskResult]:
    return _deferring_tasks


@dataclass
class Inbox:
    messages: list[email.message.EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; `.messages` is what arrived."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    """The mail server does not answer: nothing listens on the port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def event(db):
    return EventFactory(title="Informasjonsmøte om livet etter skolen", capacity=10)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs what the code under test scheduled for after the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _logged_in(
    client_class: type[Client], username: str, numbers: list[str] | None = None, superuser: bool = False
) -> Client:
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, password="x-very-long-password-1")
    else:
        user = User.objects.create_user(username, password="x-very-long-password-1")
    if numbers is not None:
        make_editor(
            user=user, office=f"Kontor for {username}", municipalities=[municipality(n) for n in numbers]
        )
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def baerum_editor(db, client) -> Client:
    return _logged_in(type(client), "baerum", ["3201"])


@pytest.fixture
def bergen_editor(db, client) -> Client:
    return _logged_in(type(client), "bergen", ["4601"])


@pytest.fixture
def outsider(db, client) -> Client:
    """Signed in, but no editor of any municipality."""
    return _logged_in(type(client), "utenforstaende")


@pytest.fixture
def superuser(db, client) -> Client:
    return _logged_in(type(client), "admin", superuser=True)
