"""When the database is away, every reader gets a plain 503 page that needs no database
(issue 13, point 6): never a bare «Internal Server Error», never a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from conftest import check_html_page
from veivalg.accounts.tests.factories import PersonFactory


def _database_gone(request):
    raise OperationalError("connection refused")


urlpatterns = [path("brudd/", _database_gone)]
handler500 = "veivalg.core.views.server_error"


def _client(person=None) -> Client:
    client = Client(raise_request_exception=False)
    if person is not None:
        client.force_login(person.user)
    return client


def _assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    check_html_page(page)
    assert "midlertidig utilgjengelig" in page


@pytest.mark.django_db
def test_a_signed_in_reader_gets_the_outage_page_when_a_view_meets_a_database_error(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    _assert_outage_page(_client(PersonFactory()).get("/brudd/"))


@pytest.mark.django_db
def test_other_errors_still_answer_500_with_a_page(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False

    def broken(request):
        raise ValueError("a bug")

    urlpatterns.append(path("feil/", broken))
    try:
        response = _client().get("/feil/")
    finally:
        urlpatterns.pop()
    assert response.status_code == 500
    check_html_page(response.content.decode())
