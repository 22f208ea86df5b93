"""The database goes away under a running app (issue 13, point 6): pages answer a plain 503,
the readiness check says so, and all works again when it is back. PostgreSQL only: the real
connection is pointed at a closed port. Transactional, alone in this file so that it runs after
the other tests on its process (see test_worker.py)."""

import pytest
from django.db import connection
from django.test import Client

from veivalg.accounts.tests.factories import PersonFactory

from .test_outage import _assert_outage_page

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="points the real connection at a closed port"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _client(person=None) -> Client:
    client = Client(raise_request_exception=False)
    if person is not None:
        client.force_login(person.user)
    return client


def test_pages_answer_503_while_postgresql_is_unreachable_and_work_again_after(settings):
    settings.DEBUG = False
    person = PersonFactory()
    signed_in = _client(person)
    anonymous = _client()
    assert anonymous.get("/").status_code == 200
    original_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: every query fails to connect
    try:
        # A page in the anonymous page cache may still be served from it; nothing else can.
        assert anonymous.get("/").status_code in (200, 503)
        for client, url in ((anonymous, "/sok/?q=dagsenter"), (signed_in, "/min-side/"), (signed_in, "/")):
            _assert_outage_page(client.get(url))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert anonymous.get("/").status_code == 200


def test_ready_answers_503_while_the_database_is_unreachable(client):
    original_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/helse/klar/")
        live = client.get("/helse/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503 and response.json()["database"] == "unavailable"
    assert live.status_code == 200
