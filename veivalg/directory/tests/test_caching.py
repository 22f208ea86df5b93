"""The directory's cached fragments follow every change, deletes included (issue 13, point 5)."""

import pytest
from django.core.cache import cache

from .factories import OfferFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_a_deleted_offer_leaves_the_municipality_page_at_once(client):
    # The deleted offer is not the newest change: its delete leaves MAX(updated_at) as it was.
    gone = OfferFactory(title="Keramikkverkstedet Demo")
    OfferFactory(title="Snekkerverkstedet Demo")
    assert "Keramikkverkstedet Demo" in client.get("/kommune/3201-baerum/").content.decode()

    gone.delete()
    page = client.get("/kommune/3201-baerum/").content.decode()
    assert "Keramikkverkstedet Demo" not in page
    assert "Snekkerverkstedet Demo" in page


def test_a_deleted_provider_leaves_its_page_at_once(client):
    provider = OrganizationFactory(name="Verkstedet Demo AS")
    OrganizationFactory(name="Nyere Demo AS")
    url = f"/tilbyder/{provider.slug}/"
    assert client.get(url).status_code == 200
    provider.delete()
    assert client.get(url).status_code == 404


def test_with_redis_down_the_municipality_and_offer_pages_are_served_fresh(client, settings):
    # A real Redis client against a port where nothing listens (issue 13, point 1).
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    offer = OfferFactory(title="Vedsentralen Demo")
    for url in ("/kommune/3201-baerum/", f"/tilbud/{offer.slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Vedsentralen Demo" in response.content.decode()
