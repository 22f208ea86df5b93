"""Reminders test set-up: the events app's real SMTP server on 127.0.0.1 (aiosmtpd), its
"mail server down" port, and its task backend that runs tasks at once but keeps retries."""

from __future__ import annotations

import pytest

from veivalg.events.tests.conftest import (  # noqa: F401 (fixtures)
    _deferring_tasks,
    commit,
    deferred_tasks,
    smtp_down,
    smtp_server,
)


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def inbox(smtp_server):  # noqa: F811 (the imported fixture)
    """What arrived, by recipient: {address: [message, …]}."""

    def by_recipient() -> dict[str, list]:
        result: dict[str, list] = {}
        for message in smtp_server.messages:
            result.setdefault(message["To"], []).append(message)
        return result

    return by_recipient
