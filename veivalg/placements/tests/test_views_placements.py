"""Staff pages for places: the capacity overview, an offer, a placement, a new placement,
capacity for a period, waiting lists, and a wish registered by the provider."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from veivalg.accounts.tests.factories import PersonFactory
from veivalg.audit.models import AccessLogEntry
from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory, municipality
from veivalg.intake import services as intake
from veivalg.intake.states import PartStatus
from veivalg.placements import services
from veivalg.placements.models import Capacity, ChangeWish, Placement, Reservation, WaitingListEntry

pytestmark = pytest.mark.django_db
BAERUM = "3201"
TODAY = timezone.localdate()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def workshop(provider):
    """The provider's own offer, with 2 places, 1 of them reserved for Asker."""
    offer = OfferFactory(
        organization=provider.provider,
        kind=OfferKind.objects.get(code="kommunalt-tilrettelagt-arbeid"),
        title="Verkstedet",
    )
    capacity = Capacity.objects.create(offer=offer, starts_on=TODAY - datetime.timedelta(days=30), places=2)
    Reservation.objects.create(capacity=capacity, municipality=municipality("3203"), places=1)
    return offer


@pytest.fixture
def placement(participant, workshop):
    return services.place(
        person=participant,
        offer=workshop,
        municipality=municipality(BAERUM),
        starts_on=TODAY - datetime.timedelta(days=10),
        days_per_week=Decimal(3),
    )


@pytest.fixture
def waiting(case, nav_counsellor, offers):
    part = case.parts.get(route="nav")
    intake.move_part(part=part, to=PartStatus.READY, by=nav_counsellor)
    intake.decide(
        part=part,
        outcome=PartStatus.WAITING_LIST,
        by=nav_counsellor,
        reasons="Ingen ledig plass nå.",
        legal_basis="§",
        offer=offers["vta"],
    )
    return WaitingListEntry.objects.get()


def reads(person) -> int:
    return AccessLogEntry.objects.filter(person=person, action=AccessLogEntry.Action.READ).count()


# --- capacity -----------------------------------------------------------------------------------


def test_office_sees_places_reserved_occupied_and_free_across_providers(
    client, caseworker, placement, offers, waiting
):
    client.force_login(caseworker)
    page = text(client.get("/ansatt/plasser/"))
    assert "Verkstedet 2 1 1 1 0" in page.replace("Kommunalt tilrettelagt arbeid ", "").replace(
        "Arbeidssenteret AS ", ""
    )
    assert "Varig tilrettelagt arbeid på Verkstedet" in page


def test_capacity_overview_filters_by_kind(client, caseworker, placement, offers):
    client.force_login(caseworker)
    page = text(client.get("/ansatt/plasser/?type=vta"))
    assert "Varig tilrettelagt arbeid på Verkstedet" in page and "Verkstedet 2" not in page


def test_capacity_overview_is_one_query_however_many_offers(caseworker, participant):
    from veivalg.placements import queries

    for number in range(30):
        offer = OfferFactory(organization=OrganizationFactory(municipality=municipality(BAERUM)))
        Capacity.objects.create(offer=offer, starts_on=TODAY, places=number + 1)
    with CaptureQueriesContext(connection) as captured:
        rows = queries.capacity_overview(queries.offers_for(caseworker), TODAY)
        assert len(rows) == 30 and all(r.places for r in rows)
    assert len(captured) == 1


def test_the_capacity_page_does_not_grow_with_offers(client, caseworker):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ansatt/plasser/").status_code == 200
        return len(captured)

    client.force_login(caseworker)
    OfferFactory(organization=OrganizationFactory(municipality=municipality(BAERUM)))
    queries_for_page()  # the first request also sets up the session
    few = queries_for_page()
    for _ in range(15):
        OfferFactory(organization=OrganizationFactory(municipality=municipality(BAERUM)))
    assert queries_for_page() == few


def test_provider_sees_only_own_offers_and_confirms_the_participant(
    client, provider_staff, placement, offers, participant
):
    client.force_login(provider_staff)
    page = text(client.get("/ansatt/plasser/"))
    assert "Verkstedet" in page and "Dagtilbud på Gården" not in page
    offer_page = client.get(f"/ansatt/plasser/tilbud/{placement.offer.slug}/")
    assert "Ola Deltaker" in text(offer_page)
    assert reads(participant) == 1
    response = client.post(f"/ansatt/plasser/plassering/{placement.pk}/", {"action": "bekreft"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.confirmed_by_provider_at is not None


def test_provider_never_sees_another_providers_offer_or_placement(
    client, provider_staff, offers, participant
):
    other = services.place(
        person=participant,
        offer=offers["activity"],
        municipality=municipality(BAERUM),
        starts_on=TODAY,
        days_per_week=Decimal(2),
    )
    client.force_login(provider_staff)
    assert client.get(f"/ansatt/plasser/tilbud/{offers['activity'].slug}/").status_code == 404
    assert client.get(f"/ansatt/plasser/plassering/{other.pk}/").status_code == 404
    assert client.post(f"/ansatt/plasser/plassering/{other.pk}/", {"action": "bekreft"}).status_code == 404
    assert client.get("/ansatt/plasser/venteliste/").status_code == 404


def test_office_in_another_municipality_is_refused(client, other_caseworker, placement, waiting):
    client.force_login(other_caseworker)
    assert "Verkstedet" not in text(client.get("/ansatt/plasser/"))
    assert client.get(f"/ansatt/plasser/plassering/{placement.pk}/").status_code == 404
    assert client.get(f"/ansatt/plasser/tilbud/{placement.offer.slug}/kapasitet/").status_code == 404
    assert client.get(f"/ansatt/plasser/venteliste/{waiting.pk}/").status_code == 404


def test_citizens_and_outsiders_are_refused(client, participant, placement):
    client.force_login(participant.user)
    assert client.get("/ansatt/plasser/").status_code == 404
    assert client.get(f"/ansatt/plasser/plassering/{placement.pk}/").status_code == 404


def test_office_sets_capacity_with_a_reservation(client, caseworker, workshop):
    client.force_login(caseworker)
    response = client.post(
        f"/ansatt/plasser/tilbud/{workshop.slug}/kapasitet/",
        {
            "starts_on": TODAY.isoformat(),
            "places": "114",
            "res1_municipality": "3203",
            "res1_places": "18",
        },
    )
    assert response.status_code == 302
    status = services.capacity_on(workshop, TODAY)
    assert status["places"] == 114 and status["reserved"][0]["places"] == 18


def test_capacity_with_more_reserved_than_places_keeps_the_input(client, caseworker, workshop):
    client.force_login(caseworker)
    response = client.post(
        f"/ansatt/plasser/tilbud/{workshop.slug}/kapasitet/",
        {"starts_on": TODAY.isoformat(), "places": "10", "res1_group": "unge under 25", "res1_places": "12"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_places"' in page and "reservert 12 plasser" in page
    assert 'value="unge under 25"' in page


def test_a_neighbouring_office_reads_but_cannot_set_the_capacity_of_an_offer_that_covers_it(client, provider):
    """Asker's allocation office POSTs capacity to a Bærum offer that also takes Asker's residents:
    404, nothing saved. Reading the offer is still allowed; Bærum's own office may set it."""
    from veivalg.intake.tests.factories import caseworker as make_caseworker
    from veivalg.intake.tests.factories import office

    baerums_offer = OfferFactory(
        organization=provider.provider,
        title="Bærums verksted",
        served=[municipality(BAERUM), municipality("3203")],
    )
    Capacity.objects.create(offer=baerums_offer, starts_on=TODAY - datetime.timedelta(days=30), places=12)
    asker = make_caseworker(
        office("allocation_office", "Tildelingskontoret i Asker", "3203"), username="asker-saksbehandler"
    )
    client.force_login(asker)
    url = f"/ansatt/plasser/tilbud/{baerums_offer.slug}/kapasitet/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"starts_on": TODAY.isoformat(), "places": "1"})
    assert response.status_code == 404
    assert services.capacity_on(baerums_offer, TODAY)["places"] == 12
    assert Capacity.objects.filter(offer=baerums_offer).count() == 1
    offer_page = client.get(f"/ansatt/plasser/tilbud/{baerums_offer.slug}/")
    assert offer_page.status_code == 200 and "kapasitet/" not in offer_page.content.decode()

    client.force_login(make_caseworker(office("allocation_office", "Tildelingskontoret i Bærum", BAERUM)))
    assert client.post(url, {"starts_on": TODAY.isoformat(), "places": "14"}).status_code == 302
    assert services.capacity_on(baerums_offer, TODAY)["places"] == 14


# --- a placement --------------------------------------------------------------------------------


def test_a_provider_does_not_see_its_participants_places_at_other_providers(
    client, provider_staff, caseworker, placement, participant, offers
):
    """Ola has three days at the provider's workshop and two at another provider's day activity.
    The provider opens its own placement: nothing about the other place. His office sees both."""
    services.place(
        person=participant,
        offer=offers["activity"],
        municipality=municipality(BAERUM),
        starts_on=TODAY - datetime.timedelta(days=5),
        days_per_week=Decimal(2),
    )
    client.force_login(provider_staff)
    page = text(client.get(f"/ansatt/plasser/plassering/{placement.pk}/"))
    assert "Ola Deltaker" in page
    assert "Dagtilbud på Gården" not in page and "Andre plasser samtidig" not in page
    client.force_login(caseworker)
    page = text(client.get(f"/ansatt/plasser/plassering/{placement.pk}/"))
    assert "Andre plasser samtidig Dagtilbud på Gården: 2 dager per uke" in page


def test_office_changes_the_extent_and_the_read_is_logged(client, caseworker, placement, participant):
    client.force_login(caseworker)
    assert client.get(f"/ansatt/plasser/plassering/{placement.pk}/").status_code == 200
    assert reads(participant) == 1
    response = client.post(
        f"/ansatt/plasser/plassering/{placement.pk}/",
        {"action": "endre", "version": placement.version, "days_per_week": "4"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.days_per_week == Decimal(4)


def test_a_change_from_an_older_copy_is_refused_with_a_clear_message(client, caseworker, placement):
    client.force_login(caseworker)
    seen = placement.version
    services.change_placement(placement=placement, version=seen, by=caseworker, days_per_week=Decimal(2))
    response = client.post(
        f"/ansatt/plasser/plassering/{placement.pk}/",
        {"action": "endre", "version": seen, "days_per_week": "4", "ends_on": "2030-06-30"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "endret av noen andre" in page and 'value="2030-06-30"' in page
    placement.refresh_from_db()
    assert placement.days_per_week == Decimal(2)


def test_a_week_over_five_days_is_refused_naming_the_total(
    client, caseworker, placement, offers, participant
):
    services.place(
        person=participant,
        offer=offers["activity"],
        municipality=municipality(BAERUM),
        starts_on=TODAY,
        days_per_week=Decimal(2),
    )
    client.force_login(caseworker)
    response = client.post(
        f"/ansatt/plasser/plassering/{placement.pk}/",
        {"action": "endre", "version": placement.version, "days_per_week": "3,5"},
    )
    assert response.status_code == 400
    assert "uka 5,5 dager" in text(response)


def test_provider_registers_a_wish_for_the_participant(client, provider_staff, placement, participant):
    client.force_login(provider_staff)
    response = client.post(
        f"/ansatt/plasser/plassering/{placement.pk}/onske/", {"kind": "more", "reason": "Vil jobbe mer."}
    )
    assert response.status_code == 302
    wish = ChangeWish.objects.get()
    assert (wish.person, wish.placement, wish.registered_by_user) == (participant, placement, provider_staff)


def test_a_wish_without_reason_shows_the_error_summary(client, provider_staff, placement):
    client.force_login(provider_staff)
    response = client.post(f"/ansatt/plasser/plassering/{placement.pk}/onske/", {"kind": "less"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_reason"' in page and re.search(r'value="less"[^>]*checked', page)


# --- a new placement ----------------------------------------------------------------------------


def test_office_places_someone_from_the_waiting_list(client, nav_counsellor, waiting, offers, participant):
    client.force_login(nav_counsellor)
    form = client.get(f"/ansatt/plasser/ny/?venter={waiting.pk}").content.decode()
    assert f'<option value="{participant.pk}" selected>' in form
    response = client.post(
        "/ansatt/plasser/ny/",
        {
            "venter": str(waiting.pk),
            "person": str(participant.pk),
            "offer": str(offers["vta"].pk),
            "municipality": BAERUM,
            "starts_on": TODAY.isoformat(),
            "days_per_week": "5",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get().offer == offers["vta"]
    waiting.refresh_from_db()
    assert waiting.left_reason == WaitingListEntry.Reason.GRANTED


def test_over_capacity_asks_for_a_reason_and_keeps_the_input(
    client, caseworker, workshop, placement, outsider, offices
):
    services.place(
        person=outsider, offer=workshop, municipality=municipality(BAERUM), starts_on=TODAY, days_per_week=1
    )
    person = PersonFactory(display_name="Tredje Person")
    services.place(
        person=person,
        offer=OfferFactory(organization=OrganizationFactory(municipality=municipality(BAERUM))),
        municipality=municipality(BAERUM),
        starts_on=TODAY,
        days_per_week=1,
    )
    client.force_login(caseworker)
    data = {
        "person": str(person.pk),
        "offer": str(workshop.pk),
        "municipality": BAERUM,
        "starts_on": TODAY.isoformat(),
        "days_per_week": "2,5",
    }
    response = client.post("/ansatt/plasser/ny/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_over_capacity_reason"' in page and 'value="2,5"' in page
    response = client.post("/ansatt/plasser/ny/", {**data, "over_capacity_reason": "Akutt etter flytting."})
    assert response.status_code == 302
    assert Placement.objects.get(person=person, offer=workshop).over_capacity


def test_only_offices_may_place(client, provider_staff):
    client.force_login(provider_staff)
    assert client.get("/ansatt/plasser/ny/").status_code == 404


# --- waiting lists ------------------------------------------------------------------------------


def test_both_offices_see_the_list_and_the_total_need(client, caseworker, waiting, participant):
    client.force_login(caseworker)
    page = text(client.get("/ansatt/plasser/venteliste/"))
    assert "Ola Deltaker" in page and "NAV Bærum" in page
    assert "(VTA) Bærum 1 0 1" in page
    assert reads(participant) == 1


def test_only_the_office_keeping_the_list_sets_priority(client, caseworker, nav_counsellor, waiting):
    client.force_login(caseworker)
    page = client.get(f"/ansatt/plasser/venteliste/{waiting.pk}/").content.decode()
    assert "Prioritet og ønsker settes av NAV Bærum" in page and 'name="preferences"' not in page
    refused = client.post(f"/ansatt/plasser/venteliste/{waiting.pk}/", {"version": "1", "priority": 1})
    assert refused.status_code == 404
    client.force_login(nav_counsellor)
    response = client.post(f"/ansatt/plasser/venteliste/{waiting.pk}/", {"version": "1", "priority": "1"})
    assert response.status_code == 400 and 'href="#id_reasons"' in response.content.decode()
    response = client.post(
        f"/ansatt/plasser/venteliste/{waiting.pk}/",
        {"version": "1", "priority": "1", "reasons": "Ingen dagtilbud nå."},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.priority_reasons) == (1, "Ingen dagtilbud nå.")


def entry_page(waiting) -> str:
    return f"/ansatt/plasser/venteliste/{waiting.pk}/"


def test_the_keeping_office_saves_the_preferences_and_sees_them(client, nav_counsellor, waiting, participant):
    client.force_login(nav_counsellor)
    page = client.get(entry_page(waiting)).content.decode()
    assert "Hva personen ønsker seg: sted, dager, arbeidsoppgaver." in page
    assert 'name="version" value="1"' in page
    response = client.post(
        entry_page(waiting),
        {
            "version": "1",
            "priority": "2",
            "reasons": "Mistet dagtilbudet.",
            "preferences": "Nær hjemme, tre dager i uka, gjerne kjøkken.",
        },
        follow=True,
    )
    page = text(response)
    assert "Prioriteten og ønskene er lagret." in page
    assert "Ønsker Nær hjemme, tre dager i uka, gjerne kjøkken." in page
    assert 'name="version" value="2"' in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.version) == (2, 2)
    changes = AccessLogEntry.objects.filter(person=participant, what="venteliste: prioritet og ønsker")
    assert changes.count() == 1


def test_a_save_from_an_older_copy_answers_409_keeps_the_typed_text_and_shows_what_is_saved(
    client, nav_counsellor, waiting
):
    services.set_priority(
        entry=waiting,
        version=1,
        priority=4,
        reasons="Vurdert av en kollega.",
        preferences="Gjerne utendørs.",
        by=nav_counsellor,
    )
    client.force_login(nav_counsellor)
    response = client.post(
        entry_page(waiting),
        {"version": "1", "priority": "1", "reasons": "Akutt nå.", "preferences": "Bare formiddager."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ingenting av det du skrev er lagret" in page and 'role="alert"' in page
    assert "<title>Feil:" in page
    # What is saved now, in the facts
    assert "Prioritet 4" in text(response) and "Ønsker Gjerne utendørs." in text(response)
    # What was typed, in the form, under the version saved now
    assert "\nAkutt nå.</textarea>" in page and "\nBare formiddager.</textarea>" in page
    assert re.search(r'value="1" checked', page) and 'name="version" value="2"' in page
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.priority_reasons, waiting.preferences, waiting.version) == (
        4,
        "Vurdert av en kollega.",
        "Gjerne utendørs.",
        2,
    )


def test_a_form_without_a_version_is_refused_as_an_older_copy(client, nav_counsellor, waiting):
    client.force_login(nav_counsellor)
    response = client.post(entry_page(waiting), {"priority": "1", "reasons": "Akutt nå.", "version": "x"})
    assert response.status_code == 409 and "\nAkutt nå.</textarea>" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.version) == (3, 1)


def test_too_long_preferences_are_refused_in_plain_words_and_the_text_is_kept(
    client, nav_counsellor, waiting
):
    client.force_login(nav_counsellor)
    long = "Vil jobbe med dyr. " * 60
    response = client.post(
        entry_page(waiting),
        {"version": "1", "priority": "2", "reasons": "Mistet dagtilbudet.", "preferences": long},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_preferences"' in page
    assert f"Ønskene kan være på høyst 1000 tegn, og nå er de {len(long.strip())}. Skriv kortere." in page
    assert long.strip() in page and "\nMistet dagtilbudet.</textarea>" in page
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.preferences, waiting.version) == (3, "", 1)


def test_a_priority_outside_1_to_5_is_refused_and_the_text_is_kept(client, nav_counsellor, waiting):
    client.force_login(nav_counsellor)
    response = client.post(
        entry_page(waiting),
        {"version": "1", "priority": "9", "reasons": "Mistet dagtilbudet.", "preferences": "Nær hjemme."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_priority_0"' in page and "Velg en prioritet fra 1 til 5." in page
    assert "\nMistet dagtilbudet.</textarea>" in page and "\nNær hjemme.</textarea>" in page
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.version) == (3, 1)


def test_staff_home_links_to_the_tools(client, caseworker, provider_staff):
    client.force_login(caseworker)
    page = client.get("/ansatt/").content.decode()
    assert "/ansatt/plasser/" in page and "/ansatt/plasser/venteliste/" in page
    client.force_login(provider_staff)
    page = client.get("/ansatt/").content.decode()
    assert "/ansatt/plasser/" in page and "/ansatt/plasser/venteliste/" not in page


def test_the_older_copy_message_is_in_the_readers_language(client, nav_counsellor, waiting):
    # Module-level messages must be translated when shown, not when the module is imported (in
    # whatever language the first request had): one reader in bokmål, then one in English.
    client.force_login(nav_counsellor)
    stale = {"priority": "1", "reasons": "Akutt nå.", "version": "x"}
    client.cookies["veivalg_language"] = "nb"
    assert "Noen andre, eller du i en annen fane, har lagret prioriteten" in (
        client.post(entry_page(waiting), stale).content.decode()
    )
    client.cookies["veivalg_language"] = "en"
    response = client.post(entry_page(waiting), stale)
    assert response.status_code == 409
    assert "Someone else, or you in another tab, saved the priority" in response.content.decode()
