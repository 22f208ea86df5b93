"""«Fant du det du lette etter?»: anonymous, works without JavaScript, nothing typed is lost."""

import pytest

from veivalg.content.models import PageFeedback
from veivalg.content.services import scrub_personal_data

from .factories import article

pytestmark = pytest.mark.django_db


def test_reader_answers_no_with_a_comment_and_is_thanked(client):
    page = article()
    response = client.post(page.url, {"helpful": "nei", "comment": "Jeg fant ikke fristen."})
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?takk=1#tilbakemelding"
    feedback = PageFeedback.objects.get()
    assert feedback.page_id == page.pk and feedback.helpful is False
    assert feedback.comment == "Jeg fant ikke fristen."
    assert "Takk for svaret!" in client.get(response["Location"]).content.decode()


def test_missing_answer_gives_a_clear_message_and_keeps_the_comment(client):
    page = article()
    response = client.post(page.url, {"comment": "Teksten var fin."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg «Ja» eller «Nei» før du sender." in html
    assert "Teksten var fin." in html
    assert "<title>Feil:" in html
    assert 'href="#id_helpful_0"' in html and 'id="id_helpful_0"' in html
    assert not PageFeedback.objects.exists()


def test_personal_data_in_the_comment_is_removed_before_it_is_stored(client):
    page = article()
    client.post(page.url, {"helpful": "ja", "comment": "Ring 912 34 567 eller skriv til ola@example.no"})
    assert PageFeedback.objects.get().comment == "Ring [fjernet] eller skriv til [fjernet]"


def test_feedback_form_is_csrf_protected():
    from django.test import Client

    page = article()
    response = Client(enforce_csrf_checks=True).post(page.url, {"helpful": "ja"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fødselsnummer 01010112345 her", "Fødselsnummer [fjernet] her"),
        ("+47 22 33 44 55", "[fjernet]"),
        ("Fristen er 1. februar 2026", "Fristen er 1. februar 2026"),
    ],
)
def test_scrub_personal_data(text, expected):
    assert scrub_personal_data(text) == expected
