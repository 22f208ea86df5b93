import datetime

import pytest
from django.utils import timezone

from veivalg.directory.models import ErrorReport, OfferKind, OpeningHours

from .factories import LocationFactory, OfferFactory, OrganizationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheltered_company():
    """A company in Bærum with 114 VTA places, 96 for Bærum and 18 reserved for Asker."""
    organization = OrganizationFactory(name="Fjordvik Arbeid AS")
    location = LocationFactory(organization=organization, name="Verkstedet", city="Sandvika")
    OpeningHours.objects.create(location=location, weekday=1, opens_at="08:00", closes_at="15:30")
    return OfferFactory(
        organization=organization,
        kind=OfferKind.objects.get(code="vta"),
        title="Arbeid i Fjordvik",
        title_nn="Arbeid i Fjordvik (nynorsk)",
        summary="Varig tilrettelagt arbeid med snekring og montasje.",
        easy_read="Du jobber sammen med andre. Du får hjelp når du trenger det.",
        places_total=114,
        rolling_intake=True,
        last_checked_on=datetime.date(2026, 10, 1),
        checked_by="Tildelingskontoret i Bærum",
        served=[(municipality("3201"), 96), (municipality("3203"), 18)],
        locations=[location],
    )


def test_municipality_page_groups_offers_by_area_and_kind(client, sheltered_company):
    OfferFactory(title="Dagsenter Solsikken")
    body = client.get("/kommune/3201-baerum/").content.decode()
    assert (
        body.index(">Arbeid<")
        < body.index("Varig tilrettelagt arbeid (VTA)")
        < body.index("Arbeid i Fjordvik")
    )
    assert ">Aktivitet<" in body and "Dagsenter Solsikken" in body


def test_neighbour_sees_offer_hosted_elsewhere_with_reserved_places(client, sheltered_company):
    body = client.get("/kommune/3203-asker/").content.decode()
    assert "Arbeid i Fjordvik" in body
    assert "Ligger i Bærum, men tar imot innbyggere herfra." in body
    assert "18 plasser er satt av til denne kommunen." in body


def test_offer_outside_the_municipality_is_not_listed(client, sheltered_company):
    assert "Arbeid i Fjordvik" not in client.get("/kommune/4601-bergen/").content.decode()


def test_offer_page_tells_who_decides_how_to_apply_and_when_checked(client, sheltered_company):
    body = client.get(sheltered_company.get_absolute_url()).content.decode()
    assert "Tilsagn fra NAV" in body
    assert "Løpende opptak" in body
    assert "114" in body
    assert "Lettlest" in body and "Du jobber sammen med andre." in body
    assert "Sist kontrollert" in body and "Tildelingskontoret i Bærum" in body
    assert "Mandag" in body and "08:00–15:30" in body
    assert "Meld fra om feil" in body


def test_nynorsk_reader_gets_nynorsk_text_and_bokmal_fallback_is_marked(client, sheltered_company):
    client.cookies["veivalg_language"] = "nn"
    body = client.get(sheltered_company.get_absolute_url()).content.decode()
    assert '<html lang="nn"' in body
    assert "Arbeid i Fjordvik (nynorsk)" in body
    # The summary has no nynorsk version: shown in bokmål, marked as such.
    assert '<p class="ds-paragraph lead" lang="nb">Varig tilrettelagt arbeid' in body


def test_a_script_address_stored_before_the_check_is_never_a_link(client, sheltered_company):
    """An offer and its provider hold javascript: addresses from before web addresses were checked:
    neither the offer page, the provider page nor the HSDS API hands them on."""
    from veivalg.directory.models import Offer, Organization

    Offer.objects.filter(pk=sheltered_company.pk).update(url="javascript:alert(document.cookie)")
    Organization.objects.filter(pk=sheltered_company.organization_id).update(website="JavaScript:alert(1)")
    pages = [
        client.get(sheltered_company.get_absolute_url()),
        client.get(sheltered_company.organization.get_absolute_url()),
        client.get(f"/api/hsds/services/{sheltered_company.pk}"),
        client.get(f"/api/hsds/organizations/{sheltered_company.organization_id}"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "alert(" not in page.content.decode()


def test_an_https_website_is_a_link(client, sheltered_company):
    from veivalg.directory.models import Offer

    Offer.objects.filter(pk=sheltered_company.pk).update(url="https://fjordvik.example/")
    body = client.get(sheltered_company.get_absolute_url()).content.decode()
    assert 'href="https://fjordvik.example/"' in body


def test_draft_offer_is_not_public(client):
    offer = OfferFactory(live=False)
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert offer.title not in client.get("/kommune/3201-baerum/").content.decode()


def test_provider_page_lists_offers_and_locations(client, sheltered_company):
    body = client.get(sheltered_company.organization.get_absolute_url()).content.decode()
    assert "Fjordvik Arbeid AS" in body and "Arbeid i Fjordvik" in body and "Verkstedet" in body


def test_reader_can_report_an_error(client, sheltered_company):
    url = f"{sheltered_company.get_absolute_url()}meld-feil/"
    response = client.post(url, {"message": "Telefonnummeret er feil.", "email": ""})
    assert response.status_code == 302
    assert ErrorReport.objects.get().message == "Telefonnummeret er feil."
    assert "Takk!" in client.get(response["Location"]).content.decode()


def test_error_report_with_bad_email_keeps_the_message(client, sheltered_company):
    url = f"{sheltered_company.get_absolute_url()}meld-feil/"
    body = client.post(url, {"message": "Adressen er feil.", "email": "ikke-epost"}).content.decode()
    assert "Skriv en gyldig e-postadresse" in body
    assert "Adressen er feil." in body and 'value="ikke-epost"' in body
    assert 'href="#id_email"' in body  # the error summary links to the field
    assert not ErrorReport.objects.exists()


def test_overdue_review_is_known_to_the_offer():
    offer = OfferFactory(review_by=timezone.localdate() - datetime.timedelta(days=1))
    assert offer.is_review_overdue


def test_large_municipality_page_shows_first_offers_of_a_kind_and_links_to_the_rest(client, monkeypatch):
    from veivalg.directory.views import municipality as views

    monkeypatch.setattr(views, "OFFERS_PER_KIND", 2)
    for n in range(3):
        OfferFactory(title=f"Dagsenter {n}")
    body = client.get("/kommune/3201-baerum/").content.decode()
    assert "Dagsenter 0" in body and "Dagsenter 1" in body and "Dagsenter 2" not in body
    assert "Se alle 3 tilbud av typen Dagtilbud" in body
    assert "Vi har 3 tilbud som innbyggere her kan bruke." in body


def test_cached_pages_show_an_editors_change_at_once(client, sheltered_company):
    assert "Arbeid i Fjordvik" in client.get("/kommune/3201-baerum/").content.decode()
    client.get(sheltered_company.get_absolute_url())
    sheltered_company.summary = "Ny tekst om snekring."
    sheltered_company.title = "Fjordvik Verksted"
    sheltered_company.save()
    assert "Ny tekst om snekring." in client.get(sheltered_company.get_absolute_url()).content.decode()
    assert "Fjordvik Verksted" in client.get("/kommune/3201-baerum/").content.decode()


def test_whole_page_cache_is_only_for_anonymous_readers_and_follows_edits(client, sheltered_company):
    from django.contrib.auth import get_user_model

    url = sheltered_company.get_absolute_url()
    first = client.get(url).content.decode()
    assert first == client.get(url).content.decode()  # served again, identical
    sheltered_company.summary = "Endret etter hurtiglagring."
    sheltered_company.save()
    assert "Endret etter hurtiglagring." in client.get(url).content.decode()
    staff = get_user_model().objects.create_user("leser", password="x-very-long-password-1")
    client.force_login(staff)
    assert "csrfmiddlewaretoken" not in client.get(url).content.decode()  # rendered fresh, no form leak


def test_language_switch_is_a_plain_get_and_remembered(client, sheltered_company):
    response = client.get("/sprak/", {"language": "nn", "next": "/kommune/3201-baerum/"})
    assert response.status_code == 302 and response["Location"] == "/kommune/3201-baerum/"
    assert response.cookies["veivalg_language"].value == "nn"
    assert '<html lang="nn"' in client.get("/kommune/3201-baerum/").content.decode()


def test_language_switch_refuses_other_sites(client):
    response = client.get("/sprak/", {"language": "en", "next": "https://example.com/"})
    assert response["Location"] == "/"
