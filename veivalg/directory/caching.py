"""Cached page fragments for the public directory.

Offer and municipality pages are the same for every reader in a language, so their main
content is cached. The key carries the directory's version: the newest change to any offer,
provider, location or offer location, and how many rows each table has, so that deleting one
(which leaves no newer `updated_at` behind) changes the version too. One query with an indexed
MAX() and a COUNT() per table finds it; a
process remembers it for `DIRECTORY_VERSION_SECONDS` (default 2), so an editor's change shows
on every app server within seconds (with a shared cache such as Redis, or per process).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

from veivalg.core.page_cache import FRAGMENT_SECONDS, versioned_key  # noqa: F401

from .models import Location, Offer, OfferLocation, Organization

_remembered: dict[str, object] = {"version": None, "until": 0.0}


def directory_version() -> str:
    ttl = getattr(settings, "DIRECTORY_VERSION_SECONDS", 2)
    now = time.monotonic()
    if _remembered["version"] is not None and now < _remembered["until"]:
        return _remembered["version"]  # type: ignore[return-value]
    tables = [m._meta.db_table for m in (Offer, Organization, Location, OfferLocation)]
    parts = " UNION ALL ".join(
        f"SELECT {number} AS part, MAX(updated_at) AS newest, COUNT(*) AS size FROM {table}"
        for number, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT newest, size FROM ({parts}) versions ORDER BY part")
        rows = cursor.fetchall()
    newest = max((str(row[0]) for row in rows if row[0] is not None), default="empty")
    version = f"{newest}/" + "-".join(str(row[1]) for row in rows)
    _remembered.update(version=version, until=now + ttl)
    return version


def fragment_key(name: str, *parts: object) -> str:
    """The key of a cached fragment; the directory's version is in it (registered in apps.py)."""
    return versioned_key(name, *parts)
