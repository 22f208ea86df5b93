"""A relative goes through the guide, one question per page, and gets a shareable overview."""

import pytest

from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, municipality

pytestmark = pytest.mark.django_db

ANSWERS = [
    ("1", {"svar": "parorende"}),
    ("2", {"svar": "20-25"}),
    ("3", {"svar": "Bærum"}),
    ("4", {"svar": "ferdig"}),
    ("5", {"svar": ["arbeid", "aktivitet"]}),
    ("6", {"svar": "noe"}),
]


@pytest.fixture
def offers():
    return {
        "vta": OfferFactory(
            title="Fjordvik Arbeid", kind=OfferKind.objects.get(code="vta"), rolling_intake=True
        ),
        "day": OfferFactory(title="Solsikken", kind=OfferKind.objects.get(code="dagtilbud")),
        "leisure": OfferFactory(title="Fotball", kind=OfferKind.objects.get(code="fritidstilbud")),
        "bergen": OfferFactory(
            title="Kaffibaren",
            kind=OfferKind.objects.get(code="kommunalt-tilrettelagt-arbeid"),
            owner_municipality=municipality("4601"),
            served=[municipality("4601")],
        ),
    }


def go_through(client):
    response = None
    for number, data in ANSWERS:
        response = client.post(f"/veiviser/sporsmal/{number}/", data)
        assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_each_question_has_its_own_page_with_progress(client):
    body = client.get("/veiviser/sporsmal/2/").content.decode()
    assert "Spørsmål 2 av 6" in body
    assert "Hvor gammel er personen det gjelder?" in body
    assert 'href="/veiviser/sporsmal/1/"' in body  # back link


def test_relative_gets_overview_with_matching_offers_and_next_steps(client, offers):
    response = go_through(client)
    overview = client.get(response["Location"])
    body = overview.content.decode()
    assert "Din oversikt for Bærum" in body
    assert "Fjordvik Arbeid" in body and "Solsikken" in body
    assert "Fotball" not in body  # leisure was not asked for
    assert "Kaffibaren" not in body  # another municipality
    assert "NAV tar imot søknader hele året" in body
    assert "individuell plan" in body


def test_share_link_carries_answers_only(client, offers):
    location = go_through(client)["Location"]
    assert "kommune=3201" in location and "rolle=parorende" in location
    assert "B%C3%A6rum" not in location
    # Another person (no session) opens the same link and sees the same overview.
    from django.test import Client

    assert "Fjordvik Arbeid" in Client().get(location).content.decode()


def test_missing_answer_gets_a_clear_message(client):
    body = client.post("/veiviser/sporsmal/1/", {}).content.decode()
    assert "Velg ett av svarene." in body
    assert 'href="#id_svar_0"' in body


def test_unknown_municipality_keeps_what_was_typed(client):
    body = client.post("/veiviser/sporsmal/3/", {"svar": "Atlantis"}).content.decode()
    assert "Vi fant ingen kommune som heter «Atlantis»" in body
    assert 'value="Atlantis"' in body


def test_ambiguous_municipality_lists_the_candidates(client):
    body = client.post("/veiviser/sporsmal/3/", {"svar": "Herøy"}).content.decode()
    assert "Flere kommuner passer" in body and "Herøy (Nordland)" in body


def test_going_back_shows_the_earlier_answer(client):
    client.post("/veiviser/sporsmal/1/", {"svar": "fagperson"})
    body = client.get("/veiviser/sporsmal/1/").content.decode()
    assert 'value="fagperson" class="ds-input" id="id_svar_2" required checked>' in body
    assert body.count(" checked>") == 1


def test_incomplete_or_tampered_link_is_explained(client):
    response = client.get("/veiviser/oversikt/?rolle=ung&kommune=9999")
    assert response.status_code == 400
    assert "Oversikten mangler svar" in response.content.decode()


def test_question_number_out_of_range_is_404(client):
    assert client.get("/veiviser/sporsmal/7/").status_code == 404
