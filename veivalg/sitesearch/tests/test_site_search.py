"""One search across offers, information pages and events."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from veivalg.content.models import ArticlePage
from veivalg.directory.tests.factories import OfferFactory, municipality
from veivalg.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed():
    OfferFactory(title="Støttekontakt i Bærum", summary="En støttekontakt hjelper deg med fritid.")
    root = Page.objects.filter(depth=2).first().specific
    article = ArticlePage(
        title="Støttekontakt: slik søker du",
        slug="stottekontakt-slik",
        intro="En støttekontakt er en person som hjelper deg å delta i fritid.",
        area="rettigheter",
    )
    root.add_child(instance=article)
    article.save_revision().publish()
    Event.objects.create(
        kind="informasjonsmote",
        title="Informasjonsmøte om støttekontakt",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        municipality=municipality("3201"),
    )
    Event.objects.create(
        kind="informasjonsmote",
        title="Gammelt møte om støttekontakt",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        municipality=municipality("3201"),
    )


def test_one_query_finds_offers_articles_and_upcoming_events(client, mixed):
    body = client.get("/sok/alt/", {"q": "støttekontakter"}).content.decode()
    assert "Støttekontakt i Bærum" in body
    assert "Støttekontakt: slik søker du" in body
    assert "Informasjonsmøte om støttekontakt" in body
    assert "Gammelt møte" not in body  # past events are not offered


def test_type_filter_shows_one_kind(client, mixed):
    body = client.get("/sok/alt/", {"q": "stottekontakt", "hva": "informasjon"}).content.decode()
    assert "Støttekontakt: slik søker du" in body
    assert "Støttekontakt i Bærum" not in body
    assert 'aria-current="page">Informasjon (1)' in body


def test_nynorsk_and_typos_work_across_kinds(client, mixed):
    body = client.get("/sok/alt/", {"q": "støtekontakt"}).content.decode()
    assert "Støttekontakt: slik søker du" in body and "Informasjonsmøte om støttekontakt" in body


def test_empty_query_is_explained(client):
    body = client.get("/sok/alt/", {"q": ""}).content.decode()
    assert "Skriv hva du leter etter." in body


def test_draft_article_is_not_found(client, mixed):
    ArticlePage.objects.get(slug="stottekontakt-slik").unpublish()
    body = client.get("/sok/alt/", {"q": "støttekontakt", "hva": "informasjon"}).content.decode()
    assert "Støttekontakt: slik søker du" not in body
