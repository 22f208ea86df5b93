"""The provider's view: bookings at their provider, confirming, and reporting how it went."""

import datetime

import pytest
from django.urls import reverse

from veivalg.audit.models import AccessLogEntry
from veivalg.intake import services
from veivalg.intake.models import CaseEvent, Clarification

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(case, caseworker, provider):
    return services.book_clarification(
        part=case.parts.get(route="vedtak"),
        kind="visit",
        provider=provider,
        starts_on=datetime.date(2027, 3, 1),
        note="Hun liker å jobbe med dyr.",
        by=caseworker,
    )


def detail_url(visit):
    return reverse("intake:clarification", kwargs={"clarification_id": visit.pk})


def test_provider_sees_the_booking_with_name_dates_and_note_only(client, provider_staff, visit):
    client.force_login(provider_staff)
    page = client.get(reverse("intake:provider_clarifications")).content.decode()
    assert "Ola Deltaker" in page
    assert "1.3.2027" in page
    detail = client.get(detail_url(visit)).content.decode()
    assert "Hun liker å jobbe med dyr." in detail
    assert visit.part.case.reference not in detail
    assert "Dagtilbud på Gården" not in detail  # what was applied for belongs to the case


def test_the_list_of_bookings_is_written_to_the_access_log(client, provider_staff, visit, participant):
    client.force_login(provider_staff)
    client.get(reverse("intake:provider_clarifications"))
    entry = AccessLogEntry.objects.get(person=participant, actor_user=provider_staff)
    assert entry.what == "avklaringer hos tilbyderen: liste"
    assert entry.organisation == "Arbeidssenteret AS"


def test_opening_a_booking_is_written_to_the_access_log(client, provider_staff, visit, participant):
    client.force_login(provider_staff)
    client.get(detail_url(visit))
    entry = AccessLogEntry.objects.get(person=participant, action=AccessLogEntry.Action.READ)
    assert entry.organisation == "Arbeidssenteret AS"


def test_provider_confirms_the_booking(client, provider_staff, visit):
    client.force_login(provider_staff)
    response = client.post(detail_url(visit), {"action": "bekreft"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Clarification.Status.CONFIRMED


def test_confirming_twice_says_it_is_already_done(client, provider_staff, visit):
    client.force_login(provider_staff)
    client.post(detail_url(visit), {"action": "bekreft"})
    response = client.post(detail_url(visit), {"action": "bekreft"})
    assert response.status_code == 409
    assert "allerede bekreftet" in response.content.decode()


def test_provider_reports_the_outcome_and_the_caseworker_reads_it(client, provider_staff, caseworker, visit):
    client.force_login(provider_staff)
    response = client.post(
        detail_url(visit), {"action": "rapport", "outcome": "Det gikk fint. Vi anbefaler tre dager."}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Clarification.Status.DONE
    assert CaseEvent.objects.filter(text="Det gikk fint. Vi anbefaler tre dager.", internal=True).exists()
    client.force_login(caseworker)
    page = client.get(reverse("intake:case_detail", kwargs={"case_id": visit.part.case_id})).content.decode()
    assert "Vi anbefaler tre dager." in page


def test_an_empty_report_is_refused_with_a_message(client, provider_staff, visit):
    client.force_login(provider_staff)
    response = client.post(detail_url(visit), {"action": "rapport", "outcome": ""})
    assert response.status_code == 200
    assert "Skriv hvordan det gikk før du sender." in response.content.decode()


def test_staff_at_another_provider_cannot_see_the_booking(client, visit):
    from veivalg.accounts.models import StaffRoleKind

    from . import factories as f

    other = f.staff_user("annen", StaffRoleKind.PROVIDER_STAFF, f.provider_office("Et annet verksted AS"))
    client.force_login(other)
    assert client.get(detail_url(visit)).status_code == 404
    assert "Ola Deltaker" not in client.get(reverse("intake:provider_clarifications")).content.decode()


def test_caseworker_cannot_use_the_provider_view(client, caseworker, visit):
    client.force_login(caseworker)
    assert client.get(reverse("intake:provider_clarifications")).status_code == 404
    assert client.get(detail_url(visit)).status_code == 404


def test_outsider_is_refused_the_provider_view(client, outsider, visit):
    client.force_login(outsider.user)
    assert client.get(reverse("intake:provider_clarifications")).status_code == 404
    assert client.get(detail_url(visit)).status_code == 404
