"""The demo directory: offers of every kind in seven municipalities, plain texts, marked demo,
the same rows on every run, and the demo editors."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from veivalg.core.readability import EASY_READ_MAX, PLAIN_LANGUAGE_MAX, lix
from veivalg.directory.models import (
    Location,
    Offer,
    OfferCoverage,
    OfferLocation,
    OpeningHours,
    Organization,
    SearchTerm,
)
from veivalg.directory.reference import OFFER_KINDS
from veivalg.directory.tests.factories import OfferFactory

# The search-quality queries are judged against the demo offers (directory's test_search_quality).
JUDGED_QUERIES = Path(__file__).parents[2] / "directory" / "tests" / "judged_queries.json"


def load_demo_data(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Every row the loader writes, without the timestamps Django sets on each save."""
    tables = {
        "organizations": Organization,
        "locations": Location,
        "opening_hours": OpeningHours,
        "offers": Offer,
        "coverage": OfferCoverage,
        "offer_locations": OfferLocation,
    }
    snap = {}
    for name, model in tables.items():
        # Coverage rows have database-assigned ids; the other tables have fixed UUIDs.
        drop = {"updated_at", "id"} if model is OfferCoverage else {"updated_at"}
        order = ("offer_id", "municipality_id") if model is OfferCoverage else ("pk",)
        snap[name] = [
            {k: v for k, v in row.items() if k not in drop} for row in model.objects.order_by(*order).values()
        ]
    return snap


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Demo data loaded once for the module (loading takes seconds); removed again afterwards."""
    # The autouse settings fixture does not reach a module fixture: allow the loader here.
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as mp,
        override_settings(ALLOW_DEMO_DATA=True),
    ):
        mp.setenv("DEMO_PASSWORD", "test-passord-123")
        load_demo_data()
    yield
    with django_db_blocker.unblock():
        Offer.objects.filter(is_demo=True).delete()
        Location.objects.filter(is_demo=True).delete()
        Organization.objects.filter(is_demo=True).delete()
        get_user_model().objects.filter(username__in=["redaktor.baerum", "admin"]).delete()
        SearchTerm.objects.all().delete()


def demo_offers():
    return Offer.objects.filter(is_demo=True).select_related("kind")


@pytest.mark.django_db
def test_loading_twice_gives_the_same_rows(demo):
    first = snapshot()
    load_demo_data()
    assert snapshot() == first


@pytest.mark.django_db
def test_reset_reloads_the_same_rows_and_keeps_real_offers(demo):
    before = snapshot()
    real = OfferFactory(title="Et ekte tilbud")
    load_demo_data("--reset")
    assert Offer.objects.filter(pk=real.pk).exists()
    after = snapshot()
    after["offers"] = [row for row in after["offers"] if row["is_demo"]]
    after["coverage"] = [row for row in after["coverage"] if row["offer_id"] != real.pk]
    after["organizations"] = [row for row in after["organizations"] if row["is_demo"]]
    assert after == before


@pytest.mark.django_db
def test_every_offer_kind_has_a_demo_offer(demo):
    kinds_with_offers = set(demo_offers().values_list("kind__code", flat=True))
    assert kinds_with_offers == {code for code, *_ in OFFER_KINDS}


@pytest.mark.django_db
def test_there_are_at_least_70_demo_offers_in_baerum_asker_and_vestland(demo):
    assert demo_offers().count() >= 70
    owners = set(demo_offers().values_list("owner_municipality__number", flat=True))
    assert {"3201", "3203", "4601"} <= owners
    assert len({n for n in owners if n.startswith("46")}) >= 4


@pytest.mark.django_db
def test_sheltered_company_in_baerum_keeps_18_of_114_places_for_asker(demo):
    offer = demo_offers().get(kind__code="vta", places_total=114, owner_municipality__number="3201")
    reserved = dict(offer.coverage.values_list("municipality__number", "reserved_places"))
    assert reserved == {"3201": 96, "3203": 18}


@pytest.mark.django_db
def test_some_bergen_offers_also_take_residents_of_askoy(demo):
    bergen_offers_for_askoy = demo_offers().filter(
        owner_municipality__number="4601", coverage__municipality__number="4627"
    )
    assert bergen_offers_for_askoy.count() >= 2


@pytest.mark.django_db
def test_easy_read_texts_are_very_easy_to_read(demo):
    too_hard = [
        (offer.slug, field, round(lix(getattr(offer, field)), 1))
        for offer in demo_offers()
        for field in ("easy_read", "easy_read_nn")
        if lix(getattr(offer, field)) > EASY_READ_MAX
    ]
    assert too_hard == []


@pytest.mark.django_db
def test_summaries_and_descriptions_are_plain_language(demo):
    fields = ("summary", "summary_nn", "description", "description_nn")
    too_hard = [
        (offer.slug, field, round(lix(getattr(offer, field)), 1))
        for offer in demo_offers()
        for field in fields
        if lix(getattr(offer, field)) > PLAIN_LANGUAGE_MAX
    ]
    assert too_hard == []


@pytest.mark.django_db
def test_every_row_the_loader_writes_is_marked_demo(demo):
    assert not Organization.objects.filter(is_demo=False).exists()
    assert not Location.objects.filter(is_demo=False).exists()
    assert not Offer.objects.filter(is_demo=False).exists()
    assert not OfferCoverage.objects.filter(offer__is_demo=False).exists()
    assert not OfferLocation.objects.filter(location__is_demo=False).exists()


@pytest.mark.django_db
def test_judged_queries_point_at_published_demo_offers(demo):
    queries = json.loads(JUDGED_QUERIES.read_text(encoding="utf-8"))
    published = set(Offer.objects.published().filter(is_demo=True).values_list("slug", flat=True))
    assert len(queries) >= 45
    for judged in queries:
        assert judged["query"].strip() and judged["note"].strip()
        assert 1 <= len(judged["relevant"]) <= 10, judged["query"]
        assert set(judged["relevant"]) <= published, judged["query"]


@pytest.mark.django_db
def test_demo_editor_edits_baerum(demo):
    editor = get_user_model().objects.get(username="redaktor.baerum")
    assert editor.is_staff and not editor.is_superuser
    assert editor.check_password("test-passord-123")
    assert editor.editor_assignment.office == "Tildelingskontoret i Bærum"
    assert list(editor.editor_assignment.municipalities.values_list("number", flat=True)) == ["3201"]
    assert get_user_model().objects.get(username="admin").is_superuser
