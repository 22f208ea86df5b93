"""Every read by someone else is logged, the person sees it, and nobody can change it."""

import os

import pytest
from django.db import connection

from veivalg.audit.models import AccessLogEntry, ImmutableEntryError
from veivalg.audit.services import ReasonRequired, log_access, open_person_record

pytestmark = pytest.mark.django_db


def test_relative_reads_are_logged_and_the_person_sees_them(client, guardian, participant):
    client.force_login(guardian.user)
    client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    client.get("/min-side/samtykker/")
    entry = AccessLogEntry.objects.get()
    assert entry.person == participant and entry.actor_person == guardian
    assert entry.role == "pårørende (verge)" and entry.what == "samtykker"

    client.force_login(participant.user)
    page = client.get("/min-side/hvem-har-sett/").content.decode()
    assert "Vera Verge" in page and "så på samtykker" in page
    assert AccessLogEntry.objects.count() == 1  # the person's own reading is not logged


def test_each_read_writes_one_entry(client, guardian, participant):
    client.force_login(guardian.user)
    client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    for _ in range(3):
        client.get("/min-side/mine-data/veivalg-mine-data.json")
    assert AccessLogEntry.objects.filter(person=participant).count() == 3


def test_log_is_paginated_newest_first(client, participant):
    for number in range(30):
        log_access(person=participant, actor_name=f"Saksbehandler {number}", role="ansatt", what="søknad")
    client.force_login(participant.user)
    first = client.get("/min-side/hvem-har-sett/").content.decode()
    assert "Saksbehandler 29" in first and "Saksbehandler 4 " not in first
    second = client.get("/min-side/hvem-har-sett/?side=2").content.decode()
    assert "Saksbehandler 0 " in second


def test_person_sees_only_their_own_log(client, participant, outsider):
    log_access(person=outsider, actor_name="Noen", role="ansatt", what="hemmelig")
    client.force_login(participant.user)
    assert "hemmelig" not in client.get("/min-side/hvem-har-sett/").content.decode()


def test_entries_cannot_be_changed_or_deleted_in_the_app(participant):
    entry = log_access(person=participant, actor_name="Noen", role="ansatt", what="søknad")
    entry.what = "ingenting"
    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        entry.delete()
    with pytest.raises(ImmutableEntryError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(what="x")
    with pytest.raises(ImmutableEntryError):
        AccessLogEntry.objects.all().delete()


def test_staff_outside_caseload_must_give_a_reason_and_are_flagged(client, participant, django_user_model):
    staff = django_user_model.objects.create_user(
        "saksbehandler", is_staff=True, first_name="Siri", last_name="Sak"
    )
    with pytest.raises(ReasonRequired):
        open_person_record(user=staff, person=participant, what="søknad")
    entry = open_person_record(user=staff, person=participant, what="søknad", reason="Telefon fra verge")
    assert entry.flagged and entry.why == "Telefon fra verge" and entry.actor_name == "Siri Sak"


def test_staff_without_a_role_that_works_with_people_cannot_open_records(
    client, participant, django_user_model
):
    staff = django_user_model.objects.create_user("redaktor", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/ansatt/person/{participant.pk}/").status_code == 404


def test_caseworker_opens_a_record_in_the_caseload_without_a_reason(client, participant):
    from veivalg.intake.tests import factories as f

    offices = f.baerum_offices()
    f.submitted_case(participant, [f.applicable_offers()["activity"]])
    client.force_login(f.caseworker(offices["allocation"]))
    assert client.get(f"/ansatt/person/{participant.pk}/").status_code == 200
    entry = AccessLogEntry.objects.get()
    assert not entry.flagged and entry.organisation == "Tildelingskontoret i Bærum"


def test_staff_reason_form(client, participant, django_user_model):
    from veivalg.intake.tests import factories as f

    bergen = f.office("allocation_office", "Tildelingskontoret i Bergen", "4601")
    client.force_login(f.caseworker(bergen))
    url = f"/ansatt/person/{participant.pk}/"
    assert "Oppgi grunn" in client.get(url).content.decode()
    assert not AccessLogEntry.objects.exists()
    assert "Skriv hvorfor" in client.post(url, {"reason": ""}).content.decode()
    page = client.post(url, {"reason": "Klage fra pårørende"}).content.decode()
    assert "merket for kontroll" in page
    assert AccessLogEntry.objects.get().flagged


def test_superuser_opens_without_reason_and_is_not_flagged(client, participant, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password="x" * 16)
    client.force_login(admin)
    client.get(f"/ansatt/person/{participant.pk}/")
    assert not AccessLogEntry.objects.get().flagged


def test_citizens_cannot_open_the_staff_view(client, participant, outsider):
    client.force_login(outsider.user)
    assert client.get(f"/ansatt/person/{participant.pk}/").status_code == 404


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the trigger is PostgreSQL's"
)
def test_postgresql_refuses_update_and_delete_even_in_raw_sql(participant):
    from django.db import DatabaseError, transaction

    entry = log_access(person=participant, actor_name="Noen", role="ansatt", what="søknad")
    for sql in (
        "UPDATE audit_accesslogentry SET what = 'x' WHERE id = %s",
        "DELETE FROM audit_accesslogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).what == "søknad"


def test_person_with_log_entries_cannot_be_deleted_silently(participant):
    from django.db.models import ProtectedError

    log_access(person=participant, actor_name="Noen", role="ansatt", what="søknad")
    with pytest.raises(ProtectedError):
        participant.delete()
