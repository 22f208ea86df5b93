"""Search behaviour. Runs on whichever database DATABASE_URL names (SQLite and PostgreSQL in CI)."""

import pytest

from veivalg.directory.models import Offer, OfferKind, SearchSynonym
from veivalg.directory.search import search_offers

from .factories import OfferFactory, municipality

pytestmark = pytest.mark.django_db


def titles(query, queryset=None):
    outcome = search_offers(query, queryset if queryset is not None else Offer.objects.published())
    return [o.title for o in outcome.results]


@pytest.fixture
def offers():
    kind = OfferKind.objects.get
    return {
        "vta": OfferFactory(
            title="Fjordvik Arbeid",
            kind=kind(code="vta"),
            summary="Varig tilrettelagt arbeid i et verksted med snekring.",
        ),
        "day": OfferFactory(
            title="Solsikken dagsenter",
            kind=kind(code="dagtilbud"),
            summary="Aktiviteter på dagtid, tur og matlaging.",
        ),
        "training": OfferFactory(
            title="Jobbklar",
            kind=kind(code="aft"),
            summary="Arbeidstrening for deg som vil prøve deg i arbeidslivet.",
        ),
        "bergen": OfferFactory(
            title="Kaffibaren",
            kind=kind(code="kommunalt-tilrettelagt-arbeid"),
            summary="Tilrettelagd arbeid på kafé i sentrum.",
            summary_nn="Tilrettelagd arbeid på kafé.",
            owner_municipality=municipality("4601"),
            served=[municipality("4601")],
        ),
        "football": OfferFactory(
            title="Fotball for alle",
            kind=kind(code="fritidstilbud"),
            summary="Trening hver tirsdag for ungdom og voksne.",
        ),
    }


def test_acronym_finds_the_spelled_out_offer(offers):
    assert titles("VTA")[0] == "Fjordvik Arbeid"


def test_spelled_out_words_find_the_acronym_kind(offers):
    assert titles("varig tilrettelagt arbeid")[0] == "Fjordvik Arbeid"


def test_inflected_form_matches(offers):
    assert "Fjordvik Arbeid" in titles("verkstedet")


def test_nynorsk_form_matches_bokmal_text(offers):
    assert "Fjordvik Arbeid" in titles("verkstaden")
    assert "Solsikken dagsenter" in titles("dagtilbod")


def test_synonym_dagsenter_finds_dagtilbud(offers):
    assert "Solsikken dagsenter" in titles("dagtilbud")


def test_compound_query_finds_its_parts(offers):
    assert titles("arbeidstrening")[0] == "Jobbklar"


def test_typo_in_a_long_word_is_forgiven(offers):
    assert titles("arbeidstreing")[0] == "Jobbklar"


def test_municipality_name_narrows_results(offers):
    assert titles("arbeid bergen") == ["Kaffibaren"]


def test_no_offer_has_all_words_falls_back_to_any(offers):
    outcome = search_offers("fotball snekring", Offer.objects.published())
    assert not outcome.matched_all_words
    assert {o.title for o in outcome.results} == {"Fotball for alle", "Fjordvik Arbeid"}


def test_unknown_word_gives_no_results_and_is_reported(offers):
    outcome = search_offers("xyzzyplugh", Offer.objects.published())
    assert outcome.results.count() == 0 and outcome.unknown_words == ["xyzzyplugh"]


def test_filters_apply_together_with_search(offers):
    queryset = Offer.objects.published().filter(area="fritid")
    assert titles("trening", queryset) == ["Fotball for alle"]


def test_drafts_are_never_found(offers):
    OfferFactory(title="Hemmelig verksted", summary="Et verksted som ikke er publisert.", live=False)
    assert "Hemmelig verksted" not in titles("verksted")


def test_editor_synonym_takes_effect_after_reindex(offers):
    assert titles("ballspill") == []
    SearchSynonym.objects.create(terms="fotball, ballspill")  # reindexes through the task queue
    assert titles("ballspill") == ["Fotball for alle"]


def test_search_page_shows_count_and_results(client, offers):
    body = client.get("/sok/", {"q": "dagsenteret"}).content.decode()
    assert "1 tilbud funnet" in body and "Solsikken dagsenter" in body


def test_search_page_helps_when_nothing_is_found(client, offers):
    body = client.get("/sok/", {"q": "qqqqzzzz"}).content.decode()
    assert "0 tilbud funnet" in body and "Vi fant ingen tilbud" in body


@pytest.mark.parametrize("query", ["...", "!!! ???", "—"])
def test_punctuation_only_query_gets_a_clear_message(client, offers, query):
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    assert "Skriv minst ett ord med bokstaver eller tall." in response.content.decode()


def test_over_long_query_is_refused_and_kept(client, offers):
    query = "arbeid " * 40
    body = client.get("/sok/", {"q": query}).content.decode()
    assert "Søket kan ha høyst 200 tegn." in body
    assert 'maxlength="200"' in body


@pytest.mark.parametrize("page", ["-1", "abc", "0", "99999999999"])
def test_bad_page_number_shows_the_first_page(client, offers, page):
    response = client.get("/sok/", {"q": "arbeid", "side": page})
    assert response.status_code == 200
    assert "Sidenummeret fantes ikke" in response.content.decode()


def test_unknown_municipality_filter_is_explained(client, offers):
    body = client.get("/sok/", {"kommune": "12"}).content.decode()
    assert "Vi fant ingen kommune med nummer «12»" in body


def test_filter_by_municipality_without_query(client, offers):
    body = client.get("/sok/", {"kommune": "4601"}).content.decode()
    assert "1 tilbud funnet" in body and "Kaffibaren" in body


def test_results_are_paginated(client, settings):
    settings.SEARCH_PAGE_SIZE = 2
    for n in range(5):
        OfferFactory(title=f"Verksted {n}", summary="Et verksted.")
    first = client.get("/sok/", {"q": "verksted"}).content.decode()
    assert "5 tilbud funnet" in first and "side 1 av 3" in first
    third = client.get("/sok/", {"q": "verksted", "side": "3"}).content.decode()
    assert "side 3 av 3" in third


def test_many_matches_are_counted_up_to_a_limit(client, settings, monkeypatch):
    from veivalg.directory import ranking

    monkeypatch.setattr(ranking, "MAX_COUNT", 3)
    for n in range(5):
        OfferFactory(title=f"Verksted {n}", summary="Et verksted.")
    monkeypatch.setattr(ranking, "CANDIDATES", 2)
    body = client.get("/sok/", {"q": "verksted"}).content.decode()
    assert "Mer enn 3 tilbud funnet" in body
    # Ranked among a bounded set of candidates, the page still lists matches.
    assert body.count('class="ds-card offer-card"') >= 2


def test_unpublished_offer_leaves_the_index(offers):
    offer = offers["football"]
    offer.live = False
    offer.save()
    assert "Fotball for alle" not in titles("fotball", Offer.objects.all())


def test_deleted_offer_leaves_the_index_and_frees_its_place_in_the_results(client):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    gone = [OfferFactory(title=f"Turgruppe {n}", summary="Vi går tur sammen.") for n in range(5)]
    kept = OfferFactory(title="Turgruppe i skogen", summary="Vi går tur i skogen.")
    Offer.objects.filter(pk__in=[o.pk for o in gone]).delete()
    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Offer))
    assert entries.count() == 1
    # The site search shows five offers per section; deleted offers must not take the places.
    body = client.get("/sok/alt/", {"q": "turgruppe"}).content.decode()
    assert kept.title in body
