"""Helpers for the HSDS tests: schema validation and an offer with a location and opening hours."""

from __future__ import annotations

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator

from veivalg.directory.hsds.schemas import SCHEMA_DIR, validator
from veivalg.directory.models import OfferLocation, OpeningHours

from .factories import LocationFactory, OfferFactory


def assert_valid(name: str, record: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(record)]
    assert not errors, errors


def assert_valid_page(body: dict, item_schema: str) -> None:
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    page_schema = openapi["components"]["schemas"]["Page"]
    page_errors = list(Draft202012Validator(page_schema).iter_errors(body))
    assert not page_errors, [e.message for e in page_errors]
    assert set(body) >= {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
    }
    for item in body["contents"]:
        assert_valid(item_schema, item)


def offer_with_location(**kwargs):
    offer = OfferFactory(**kwargs)
    location = LocationFactory(organization=offer.organization, accessibility="Trinnfri inngang.")
    OpeningHours.objects.create(
        location=location, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(15, 30)
    )
    OpeningHours.objects.create(
        location=location, weekday=3, opens_at=datetime.time(9), closes_at=datetime.time(14)
    )
    OfferLocation.objects.create(offer=offer, location=location)
    return offer, location


class QueryCounter(CaptureQueriesContext):
    def __init__(self) -> None:
        super().__init__(connection)

    @property
    def count(self) -> int:
        return len(self.captured_queries)
