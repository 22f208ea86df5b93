import pytest

from veivalg.places.models import County, Municipality, slugify_no


@pytest.mark.django_db
def test_reference_data_has_every_county_and_municipality_of_2024():
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357
    assert Municipality.objects.get(number="3201").name == "Bærum"
    assert Municipality.objects.get(number="4601").county.name == "Vestland"
    assert Municipality.objects.get(number="5612").name_sami == "Guovdageaidnu"


def test_slug_transliterates_norwegian_letters():
    assert slugify_no("Bærum") == "baerum"
    assert slugify_no("Øystre Slidre") == "oystre-slidre"
    assert slugify_no("Våler (Østfold)") == "valer-ostfold"


@pytest.mark.django_db
def test_picker_finds_municipality_by_name_and_remembers_it(client):
    response = client.get("/kommune/", {"q": "Bærum"})
    assert response.status_code == 302
    assert response["Location"] == "/kommune/3201-baerum/"
    assert response.cookies["veivalg_kommune"].value == "3201"
    home = client.get("/")
    assert "/kommune/3201-baerum/" in home.content.decode()


@pytest.mark.django_db
def test_picker_finds_municipality_by_number(client):
    response = client.get("/kommune/", {"q": "4601"})
    assert response["Location"] == "/kommune/4601-bergen/"


@pytest.mark.django_db
def test_picker_lists_several_matches(client):
    response = client.get("/kommune/", {"q": "Her"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Herøy (Møre og Romsdal)" in body and "Herøy (Nordland)" in body


@pytest.mark.django_db
def test_picker_explains_unknown_name_and_keeps_what_was_typed(client):
    response = client.get("/kommune/", {"q": "Atlantis"})
    body = response.content.decode()
    assert "Vi fant ingen kommune som heter «Atlantis»" in body
    assert 'value="Atlantis"' in body
    assert 'aria-invalid="true"' in body


@pytest.mark.django_db
def test_picker_asks_for_text_when_empty(client):
    response = client.get("/kommune/", {"q": "  "})
    assert "Skriv navnet eller nummeret på kommunen." in response.content.decode()


@pytest.mark.django_db
def test_suggestions_are_json_for_type_ahead(client):
    data = client.get("/kommune/forslag/", {"q": "berg"}).json()
    assert {"name": "Bergen", "number": "4601", "url": "/kommune/4601-bergen/"} in data["results"]


@pytest.mark.django_db
def test_sami_name_is_shown_with_its_language(client):
    body = client.get("/kommune/5612-kautokeino/").content.decode()
    assert '<span lang="sme">Guovdageaidnu</span>' in body


@pytest.mark.django_db
def test_unknown_municipality_number_gives_helpful_404(client):
    response = client.get("/kommune/9999-atlantis/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Vi fant ikke siden" in body and 'name="q"' in body


@pytest.mark.django_db
def test_wrong_slug_redirects_to_the_canonical_address(client):
    response = client.get("/kommune/3201-feil-navn/")
    assert response.status_code == 301 and response["Location"] == "/kommune/3201-baerum/"
