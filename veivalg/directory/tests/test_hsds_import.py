import copy
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from veivalg.directory.hsds import serializers as s
from veivalg.directory.hsds.importer import export_records
from veivalg.directory.models import Location, Offer, OfferLocation, OpeningHours, Organization

from .factories import OfferFactory
from .hsds_factories import assert_valid, offer_with_location

pytestmark = pytest.mark.django_db

ORG_ID = "2f1b6a8e-7a0c-4f3e-9d8b-0c1d2e3f4a5b"
LOCATION_ID = "8c2d7e1f-3b4a-4c5d-8e6f-7a8b9c0d1e2f"
SERVICE_ID = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"


def hsds_file(**service_changes) -> dict:
    service = {
        "id": SERVICE_ID,
        "organization_id": ORG_ID,
        "name": "Verkstedet på Bryn",
        "description": "Tilrettelagt arbeid med trearbeid og montering.",
        "status": "active",
        "minimum_age": 18,
        "application_process": "Snakk med NAV-veilederen din.",
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "link_entity": "service",
                "link_id": SERVICE_ID,
                "taxonomy_term_id": s.term_id(s.KIND_TAXONOMY, "vta"),
                "taxonomy_term": {
                    "id": s.term_id(s.KIND_TAXONOMY, "vta"),
                    "code": "vta",
                    "name": "VTA",
                    "description": "VTA",
                },
            }
        ],
        "service_at_locations": [{"id": str(uuid.uuid4()), "location_id": LOCATION_ID}],
        **service_changes,
    }
    organization = {
        "id": ORG_ID,
        "name": "Bryn Arbeidssenter AS",
        "description": "Arbeidssenter i Bærum.",
        "organization_identifiers": [
            {"id": str(uuid.uuid4()), "identifier_type": "Kommunenummer", "identifier": "3201"},
            {"id": str(uuid.uuid4()), "identifier_type": "Organisasjonsnummer", "identifier": "912345678"},
        ],
        "locations": [
            {
                "id": LOCATION_ID,
                "location_type": "physical",
                "name": "Bryn verksted",
                "addresses": [
                    {
                        "id": str(uuid.uuid4()),
                        "address_1": "Brynsveien 1",
                        "city": "Bærum",
                        "region": "3201",
                        "state_province": "Akershus",
                        "postal_code": "1338",
                        "country": "NO",
                        "address_type": "physical",
                    }
                ],
                "schedules": [
                    {
                        "id": str(uuid.uuid4()),
                        "freq": "WEEKLY",
                        "byday": "MO",
                        "opens_at": "08:00",
                        "closes_at": "15:00",
                    }
                ],
            }
        ],
    }
    return {"organizations": [organization], "services": [service]}


def write(tmp_path, data, name="hsds.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Organization, Location, OpeningHours, Offer, OfferLocation)
    }


def run_import(path) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_hsds", path, stdout=out, stderr=err)
    finally:
        pass
    return out.getvalue(), err.getvalue()


def rejected(path) -> tuple[str, list[str]]:
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_hsds", path, stdout=StringIO(), stderr=err)
    return str(excinfo.value), [line for line in err.getvalue().splitlines() if line]


def test_import_creates_a_live_offer_with_defaults(tmp_path, settings):
    out, _ = run_import(write(tmp_path, hsds_file()))
    offer = Offer.objects.get(pk=SERVICE_ID)
    assert offer.live and offer.kind.code == "vta" and offer.intake_route == "nav"
    assert offer.owner_municipality.number == "3201"
    assert offer.organization.org_number == "912345678"
    assert offer.min_age == 18 and offer.how_to_apply == "Snakk med NAV-veilederen din."
    assert (
        offer.review_by - timezone.localdate(offer.created_at)
    ).days == settings.OFFER_REVIEW_INTERVAL_DAYS
    location = Location.objects.get(pk=LOCATION_ID)
    assert (location.postal_code, location.municipality.number) == ("1338", "3201")
    assert list(location.opening_hours.values_list("weekday", flat=True)) == [1]
    assert "services: 1 nye, 0 endret, 0 uendret" in out


def test_import_twice_gives_the_same_rows(tmp_path):
    path = write(tmp_path, hsds_file())
    run_import(path)
    first = counts()
    out, _ = run_import(path)
    assert counts() == first
    assert "services: 0 nye, 0 endret, 1 uendret" in out


def test_reimport_updates_changed_fields(tmp_path):
    run_import(write(tmp_path, hsds_file()))
    out, _ = run_import(write(tmp_path, hsds_file(name="Verkstedet på Bryn og Skøyen"), "second.json"))
    assert Offer.objects.get(pk=SERVICE_ID).title == "Verkstedet på Bryn og Skøyen"
    assert "services: 0 nye, 1 endret" in out


def test_bare_list_of_services_with_nested_organization(tmp_path):
    data = hsds_file()
    service = data["services"][0]
    service["organization"] = data["organizations"][0]
    run_import(write(tmp_path, [service]))
    assert Offer.objects.filter(pk=SERVICE_ID, organization_id=ORG_ID).exists()


def test_bad_json_is_rejected_without_changes(tmp_path):
    OfferFactory()
    before = counts()
    with pytest.raises(CommandError, match="ugyldig JSON"):
        call_command("import_hsds", write(tmp_path, "{ikke json"))
    assert counts() == before


def test_every_problem_is_listed_and_nothing_is_written(tmp_path):
    data = hsds_file()
    good = copy.deepcopy(data["services"][0])
    good["id"] = str(uuid.uuid4())
    good["service_at_locations"] = []
    unknown_kind = copy.deepcopy(good)
    unknown_kind["id"] = str(uuid.uuid4())
    unknown_kind["attributes"][0].update(taxonomy_term_id=str(uuid.uuid4()))
    unknown_kind["attributes"][0]["taxonomy_term"] = {
        "id": unknown_kind["attributes"][0]["taxonomy_term_id"],
        "code": "romfart",
        "name": "Romfart",
        "description": "Ukjent",
        "taxonomy": "veivalg-tilbudstype",
    }
    schema_violation = copy.deepcopy(good)
    schema_violation["id"] = "ikke-uuid"
    schema_violation["status"] = "kanskje"
    data["organizations"][0]["locations"][0]["addresses"][0]["region"] = "9999"
    data["services"] = [good, unknown_kind, schema_violation]
    before = counts()

    message, problems = rejected(write(tmp_path, data))

    assert counts() == before
    assert "Ingenting ble importert" in message
    assert any(
        p.startswith(f"record organizations[0] ({ORG_ID}): locations[0].addresses[0].region:")
        for p in problems
    )
    assert any(
        p.startswith(
            f"record services[1] ({unknown_kind['id']}): attributes[0].taxonomy_term.code: ukjent tilbudstype"
        )
        for p in problems
    )
    assert any(p.startswith("record services[2] (ikke-uuid): id:") for p in problems)
    assert any(p.startswith("record services[2] (ikke-uuid): status:") for p in problems)
    assert not any("services[0]" in p for p in problems)


def test_organization_without_municipality_number_is_rejected(tmp_path):
    data = hsds_file()
    data["organizations"][0]["organization_identifiers"] = []
    _, problems = rejected(write(tmp_path, data))
    assert any("organization_identifiers: mangler kommunenummer" in p for p in problems)
    assert counts()["Offer"] == 0


def test_location_needs_norwegian_postal_code(tmp_path):
    data = hsds_file()
    data["organizations"][0]["locations"][0]["addresses"][0]["postal_code"] = "SW1A 1AA"
    _, problems = rejected(write(tmp_path, data))
    assert any(
        p.endswith("postal_code: må være et norsk postnummer med fire sifre, ikke «SW1A 1AA»")
        for p in problems
    )


def test_service_without_kind_is_rejected(tmp_path):
    _, problems = rejected(write(tmp_path, hsds_file(attributes=[])))
    assert problems == [
        f"record services[0] ({SERVICE_ID}): attributes: mangler en tilbudstype (term i taksonomien veivalg-tilbudstype)"
    ]


def test_script_addresses_for_websites_are_refused_per_record(tmp_path):
    """A file whose provider's website and service url are javascript: and data: addresses: nothing
    is written, and each record says which field is wrong and why."""
    data = hsds_file(url="javascript:alert(document.cookie)")
    data["organizations"][0]["website"] = "data:text/html,<script>alert(1)</script>"
    _, problems = rejected(write(tmp_path, data))
    assert (
        f"record organizations[0] ({ORG_ID}): website: må være en nettadresse som begynner med "
        "http:// eller https://, ikke «data:text/html,<script>alert(1)</script>»"
    ) in problems
    assert (
        f"record services[0] ({SERVICE_ID}): url: må være en nettadresse som begynner med "
        "http:// eller https://, ikke «javascript:alert(document.cookie)»"
    ) in problems
    assert counts()["Offer"] == 0 and counts()["Organization"] == 0


def test_http_and_https_websites_are_imported(tmp_path):
    data = hsds_file(url="https://bryn.example/verkstedet")
    data["organizations"][0]["website"] = "http://bryn.example"
    run_import(write(tmp_path, data))
    assert Offer.objects.get(pk=SERVICE_ID).url == "https://bryn.example/verkstedet"
    assert Organization.objects.get(pk=ORG_ID).website == "http://bryn.example"


def test_export_is_valid_hsds(tmp_path):
    offer_with_location(summary_nn="Eit tilbod.", contact_phone="+47 67 00 00 00", min_age=16, max_age=25)
    data = export_records()
    for org in data["organizations"]:
        assert_valid("organization", org)
    for service in data["services"]:
        assert_valid("service", service)


def test_export_then_import_changes_nothing(tmp_path):
    offer, _ = offer_with_location(
        summary_nn="Eit tilbod.",
        contact_phone="+47 67 00 00 00",
        min_age=16,
        max_age=25,
        cost="Gratis",
        eligibility="Unge voksne.",
        title_nn="Verkstaden",
    )
    OfferFactory(live=False, title="Kladd")
    path = str(tmp_path / "export.json")
    call_command("export_hsds", path)
    snapshot = export_records()
    before = counts()
    rows_before = {o.pk: o.updated_at for o in Offer.objects.all()}

    out, _ = run_import(path)

    assert counts() == before
    assert export_records() == snapshot
    assert {o.pk: o.updated_at for o in Offer.objects.all()} == rows_before
    assert " 0 nye, 0 endret" in out and "endret" in out
    assert all(" 0 nye, 0 endret" in line for line in out.splitlines())


def test_export_to_stdout(capsys):
    OfferFactory(title="Til skjermen")
    from io import StringIO

    out = StringIO()
    call_command("export_hsds", "-", stdout=out)
    assert json.loads(out.getvalue())["services"][0]["name"] == "Til skjermen"


def test_link_to_unknown_location_is_rejected(tmp_path):
    missing = str(uuid.uuid4())
    data = hsds_file(service_at_locations=[{"id": str(uuid.uuid4()), "location_id": missing}])
    _, problems = rejected(write(tmp_path, data))
    assert problems == [
        f"record services[0] ({SERVICE_ID}): service_at_locations[0].location_id: ukjent sted {missing}"
    ]
    assert counts()["Organization"] == 0


def test_unsupported_hsds_parts_are_refused_not_crashed(tmp_path):
    contact = {"id": str(uuid.uuid4()), "name": "Kari"}
    _, problems = rejected(write(tmp_path, hsds_file(contacts=[contact])))
    assert problems == [
        f"record services[0] ({SERVICE_ID}): (rot): bruker en HSDS-del Veivalg ikke tar imot (contact.json)"
    ]
