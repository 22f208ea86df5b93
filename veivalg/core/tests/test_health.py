"""Health endpoints (issue 13, operations): live needs nothing, ready needs the database and
reports, but does not depend on, the cache."""

import pytest

pytestmark = pytest.mark.django_db


def test_live_answers_without_anything_behind_it(client):
    response = client.get("/helse/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_ready_checks_the_database_and_the_cache(client):
    response = client.get("/helse/klar/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_ready_stays_ready_when_redis_is_down(client, settings):
    # A real Redis client against a port where nothing listens: the connection is refused.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    response = client.get("/helse/klar/")
    assert response.status_code == 200
    assert response.json()["cache"] == "unavailable" and response.json()["database"] == "ok"
