import datetime
import uuid
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veivalg.directory.hsds import serializers as s
from veivalg.directory.models import Offer, OfferKind, OfferLocation

from .factories import OfferFactory, OrganizationFactory
from .hsds_factories import QueryCounter, assert_valid, assert_valid_page, offer_with_location

pytestmark = pytest.mark.django_db

BASE = "/api/hsds"


def get(client, path, **params):
    return client.get(f"{BASE}{path}" + (f"?{urlencode(params)}" if params else ""))


def test_meta_says_hsds_version_and_points_to_openapi(client):
    body = get(client, "/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/openapi.json")
    assert client.get("/api/openapi.json").status_code == 200


def test_openapi_docs_page_is_served():
    # django-ninja's Swagger page is third-party HTML without lang or h1, so the checked client
    # (conftest) would reject it; a plain client only proves it is reachable.
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content


def test_service_detail_is_valid_hsds_with_locations_schedules_and_terms(client):
    offer, location = offer_with_location(
        min_age=18,
        max_age=67,
        eligibility="Voksne med vedtak.",
        how_to_apply="Søk hos kommunen.",
        cost="Gratis",
        contact_email="post@vta.example",
        contact_phone="+47 22 00 00 00",
        summary_nn="Eit tilbod.",
    )
    response = get(client, f"/services/{offer.pk}")
    assert response.status_code == 200
    body = response.json()
    assert_valid("service", body)
    assert body["minimum_age"] == 18 and body["maximum_age"] == 67
    assert body["eligibility_description"] == "Voksne med vedtak."
    assert body["application_process"] == "Søk hos kommunen."
    assert body["fees_description"] == "Gratis"
    assert body["email"] == "post@vta.example"
    assert body["phones"][0]["number"] == "+47 22 00 00 00"
    assert [lang["code"] for lang in body["languages"]] == ["nob", "nno"]
    sal = body["service_at_locations"][0]
    address = sal["location"]["addresses"][0]
    assert (address["postal_code"], address["region"], address["country"]) == ("1337", "3201", "NO")
    assert address["state_province"] == location.municipality.county.name
    assert [(h["byday"], h["opens_at"], h["closes_at"]) for h in sal["location"]["schedules"]] == [
        ("MO", "09:00", "15:30"),
        ("WE", "09:00", "14:00"),
    ]
    codes = {a["taxonomy_term"]["taxonomy"]: a["taxonomy_term"]["code"] for a in body["attributes"]}
    assert codes == {"veivalg-tilbudstype": "dagtilbud", "veivalg-omrade": "aktivitet"}
    assert all(a["link_entity"] == "service" and a["link_id"] == str(offer.pk) for a in body["attributes"])


def test_bokmal_only_offer_lists_only_bokmal(client):
    offer = OfferFactory()
    assert [lang["code"] for lang in get(client, f"/services/{offer.pk}").json()["languages"]] == ["nob"]


def test_term_ids_are_stable_uuid5(client):
    kind = OfferKind.objects.get(code="vta")
    expected = str(uuid.uuid5(s.NAMESPACE, "taxonomy_term:veivalg-tilbudstype:vta"))
    body = get(client, f"/taxonomy_terms/{expected}").json()
    assert body["code"] == kind.code and body["id"] == expected
    assert_valid("taxonomy_term", body)


def test_drafts_and_defunct_offers_are_hidden(client):
    shown = OfferFactory(title="Synlig")
    draft = OfferFactory(title="Kladd", live=False)
    defunct = OfferFactory(title="Avviklet", status="defunct")
    names = [c["name"] for c in get(client, "/services").json()["contents"]]
    assert names == [shown.title]
    for hidden in (draft, defunct):
        response = get(client, f"/services/{hidden.pk}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_inactive_offer_is_listed_with_inactive_status(client):
    offer = OfferFactory(status="inactive")
    assert get(client, f"/services/{offer.pk}").json()["status"] == "inactive"


def test_pagination_wrapper_math(client):
    for n in range(7):
        OfferFactory(title=f"Tilbud {n}")
    first = get(client, "/services", per_page=3).json()
    assert_valid_page(first, "service")
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (7, 3, 1, 3)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    last = get(client, "/services", per_page=3, page=3).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    assert [c["name"] for c in last["contents"]] == ["Tilbud 6"]
    beyond = get(client, "/services", per_page=3, page=4).json()
    assert (beyond["size"], beyond["empty"], beyond["contents"]) == (0, True, [])
    default = get(client, "/services").json()
    assert (default["size"], default["total_pages"]) == (7, 1)


def test_empty_directory_is_an_empty_page(client):
    body = get(client, "/services").json()
    assert (body["total_items"], body["total_pages"], body["empty"], body["contents"]) == (0, 0, True, [])


def test_filter_by_organization(client):
    mine = OfferFactory()
    OfferFactory()
    body = get(client, "/services", organization_id=str(mine.organization_id)).json()
    assert [c["id"] for c in body["contents"]] == [str(mine.pk)]


def test_filter_by_kind_and_area_terms(client):
    vta = OfferFactory(kind=OfferKind.objects.get(code="vta"))
    day = OfferFactory()
    by_kind = get(client, "/services", taxonomy_term_id=s.term_id("veivalg-tilbudstype", "vta")).json()
    assert [c["id"] for c in by_kind["contents"]] == [str(vta.pk)]
    by_area = get(client, "/services", taxonomy_term_id=s.term_id("veivalg-omrade", "aktivitet")).json()
    assert [c["id"] for c in by_area["contents"]] == [str(day.pk)]
    unknown = get(client, "/services", taxonomy_term_id=str(uuid.uuid4())).json()
    assert unknown["total_items"] == 0


def test_modified_after(client):
    old = OfferFactory(title="Gammelt")
    new = OfferFactory(title="Nytt")
    cutoff = timezone.now() - datetime.timedelta(days=1)
    Offer.objects.filter(pk=old.pk).update(updated_at=cutoff - datetime.timedelta(days=5))
    body = get(client, "/services", modified_after=cutoff.isoformat()).json()
    assert [c["id"] for c in body["contents"]] == [str(new.pk)]


@pytest.mark.parametrize(
    "value",
    ["2025-13-45", "2025-02-30T12:00:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"],
)
def test_a_date_that_does_not_exist_or_cannot_be_searched_is_a_bad_parameter(client, value):
    """A client asks for services changed after a moment no database can hold: 400 with a
    message, not a server error."""
    OfferFactory()
    response = get(client, "/services", modified_after=value)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == "modified_after" and "modified_after" in body["detail"]


def test_modified_after_with_an_offset_compares_the_same_moment(client):
    offer = OfferFactory()
    Offer.objects.filter(pk=offer.pk).update(
        updated_at=datetime.datetime(2025, 3, 1, 11, 30, tzinfo=datetime.UTC)
    )
    assert get(client, "/services", modified_after="2025-03-01T12:00:00+01:00").json()["total_items"] == 1
    assert get(client, "/services", modified_after="2025-03-01T12:31:00+01:00").json()["total_items"] == 0
    assert get(client, "/services", modified_after="2025-03-01").json()["total_items"] == 1


ISO_LIKE = st.from_regex(
    r"\A\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?\Z"
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.one_of(ISO_LIKE, st.text(st.characters(exclude_categories=("Cs",)))))
def test_modified_after_never_gives_a_server_error(client, value):
    for path in ("/services", "/service_at_locations"):
        assert get(client, path, modified_after=value).status_code in (200, 400)


def test_search_finds_matching_offer(client):
    OfferFactory(title="Snekkerverksted for voksne", summary="Vi lager møbler av tre.")
    OfferFactory(title="Svømming", summary="Trening i bassenget.")
    body = get(client, "/services", search="snekkerverksted").json()
    assert [c["name"] for c in body["contents"]] == ["Snekkerverksted for voksne"]
    assert body["total_items"] == 1


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"per_page": "10000"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"organization_id": "ikke-en-uuid"}, "organization_id"),
        ({"taxonomy_term_id": "123"}, "taxonomy_term_id"),
        ({"modified_after": "i går"}, "modified_after"),
        ({"modified_after": "2025-13-45T99:00"}, "modified_after"),
        ({"full": "kanskje"}, "full"),
    ],
)
def test_bad_parameters_get_problem_details(client, params, parameter):
    response = get(client, "/services", **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Ugyldig parameter"
    assert body["type"].startswith("https://") and body["parameter"] == parameter
    assert parameter in body["detail"]


@pytest.mark.parametrize(
    "path",
    ["/services/{}", "/organizations/{}", "/service_at_locations/{}", "/taxonomies/{}", "/taxonomy_terms/{}"],
)
def test_unknown_and_malformed_ids(client, path):
    missing = get(client, path.format(uuid.uuid4()))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    assert get(client, path.format("ikke-en-uuid")).status_code == 400


def test_organization_endpoints(client):
    offer, location = offer_with_location()
    OfferFactory(organization=offer.organization, live=False)
    OrganizationFactory(name="Annen tilbyder")
    listing = get(client, "/organizations", search="testtilbyder").json()
    assert_valid_page(listing, "organization")
    assert [o["id"] for o in listing["contents"]] == [str(offer.organization_id)]
    assert listing["contents"][0]["services"] == [{"id": str(offer.pk)}]
    detail = get(client, f"/organizations/{offer.organization_id}").json()
    assert_valid("organization", detail)
    assert [loc["id"] for loc in detail["locations"]] == [str(location.pk)]
    ident = {i["identifier_type"]: i["identifier"] for i in detail["organization_identifiers"]}
    assert ident["Kommunenummer"] == "3201"
    full = get(client, f"/organizations/{offer.organization_id}", full_service="true").json()
    assert_valid("service", full["services"][0])
    assert full["services"][0]["name"] == offer.title


def test_service_at_location_endpoints(client):
    offer, location = offer_with_location()
    hidden, _ = offer_with_location(live=False)
    listing = get(client, "/service_at_locations").json()
    assert_valid_page(listing, "service_at_location")
    assert [c["service_id"] for c in listing["contents"]] == [str(offer.pk)]
    link = OfferLocation.objects.get(offer=offer)
    detail = get(client, f"/service_at_locations/{link.pk}").json()
    assert_valid("service_at_location", detail)
    assert detail["location"]["id"] == str(location.pk)
    assert (
        get(client, f"/service_at_locations/{OfferLocation.objects.get(offer=hidden).pk}").status_code == 404
    )


def test_taxonomy_endpoints(client):
    listing = get(client, "/taxonomies").json()
    assert_valid_page(listing, "taxonomy")
    assert {t["name"] for t in listing["contents"]} == {"veivalg-tilbudstype", "veivalg-omrade"}
    kind_taxonomy = s.taxonomy_id("veivalg-tilbudstype")
    assert_valid("taxonomy", get(client, f"/taxonomies/{kind_taxonomy}").json())
    terms = get(client, "/taxonomy_terms", taxonomy_id=kind_taxonomy, per_page=500).json()
    assert_valid_page(terms, "taxonomy_term")
    assert {t["code"] for t in terms["contents"]} == set(OfferKind.objects.values_list("code", flat=True))
    areas = get(client, "/taxonomy_terms", taxonomy_id=s.taxonomy_id("veivalg-omrade")).json()
    assert {t["code"] for t in areas["contents"]} == {"arbeid", "utdanning", "aktivitet", "fritid"}


def test_service_list_makes_a_constant_number_of_queries(client):
    offer_with_location()
    with QueryCounter() as few:
        get(client, "/services", full="true")
    for _ in range(5):
        offer_with_location()
    with QueryCounter() as many:
        body = get(client, "/services", full="true").json()
    assert body["total_items"] == 6
    assert many.count == few.count


def test_service_at_location_list_makes_a_constant_number_of_queries(client):
    offer_with_location()
    with QueryCounter() as few:
        get(client, "/service_at_locations")
    for _ in range(5):
        offer_with_location()
    with QueryCounter() as many:
        get(client, "/service_at_locations")
    assert many.count == few.count
