"""A person downloads what we hold, asks for correction or deletion; old data is removed."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from veivalg.accounts.models import Consent, DataRequest, Purpose
from veivalg.accounts.own_data import remove_expired_data
from veivalg.accounts.services import give_consent

pytestmark = pytest.mark.django_db


def test_json_holds_the_persons_data_and_nobody_elses(client, participant, outsider):
    give_consent(person=participant, purpose=Purpose.SHARE_SCHOOL_INFO, scope="Praksis på Sandvika vgs")
    give_consent(person=outsider, purpose=Purpose.COUNSELLOR_CONTACT, scope="Hemmelig for andre")
    client.force_login(participant.user)
    response = client.get("/min-side/mine-data/veivalg-mine-data.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)
    assert data["person"]["navn"] == "Ola Deltaker"
    assert data["samtykker"][0]["omfang"] == "Praksis på Sandvika vgs"
    assert "Ute Stående" not in text and "Hemmelig for andre" not in text
    assert participant.identity_hash not in text


def test_pdf_is_a_pdf(client, participant):
    client.force_login(participant.user)
    response = client.get("/min-side/mine-data/veivalg-mine-data.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_correction_request_is_stored_with_a_reference(client, participant):
    client.force_login(participant.user)
    response = client.post("/min-side/mine-data/retting/", {"text": "Fødselsåret er feil."})
    made = DataRequest.objects.get()
    assert made.kind == DataRequest.Kind.CORRECTION and made.person == participant
    page = client.get(response["Location"]).content.decode()
    assert made.reference in page


def test_empty_correction_says_what_to_do(client, participant):
    client.force_login(participant.user)
    response = client.post("/min-side/mine-data/retting/", {"text": ""})
    page = response.content.decode()
    assert "Skriv hva som er feil" in page and "<title>Feil:" in page
    assert not DataRequest.objects.exists()


def test_deletion_request_needs_the_archive_notice_ticked(client, participant):
    client.force_login(participant.user)
    client.post("/min-side/mine-data/sletting/", {"text": "Alt"})
    assert not DataRequest.objects.exists()
    client.post("/min-side/mine-data/sletting/", {"text": "Alt", "understood": "on"})
    assert DataRequest.objects.get().kind == DataRequest.Kind.DELETION


def test_someone_elses_request_answers_404(client, participant, outsider):
    client.force_login(participant.user)
    client.post("/min-side/mine-data/retting/", {"text": "Feil navn"})
    made = DataRequest.objects.get()
    client.force_login(outsider.user)
    assert client.get(f"/min-side/mine-data/foresporsel/{made.pk}/").status_code == 404


def test_outsider_gets_404_on_every_person_view_of_someone_else(client, participant, outsider):
    """There is no URL that names a person to a citizen: the session decides whose data it is."""
    client.force_login(outsider.user)
    session = client.session
    session["accounts_acting_for"] = str(participant.pk)  # a forged choice
    session.save()
    data = json.loads(client.get("/min-side/mine-data/veivalg-mine-data.json").content)
    assert data["person"]["navn"] == "Ute Stående"


def test_expired_data_is_removed_and_counted(participant, settings):
    today = datetime.date(2030, 1, 1)
    old = timezone.make_aware(datetime.datetime(2020, 1, 1))
    kept = give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN)
    gone = give_consent(person=participant, purpose=Purpose.COUNSELLOR_CONTACT)
    Consent.objects.filter(pk=gone.pk).update(withdrawn_at=old)
    give_consent(person=participant, purpose=Purpose.SHARE_SCHOOL_INFO, ends_on=datetime.date(2021, 1, 1))
    DataRequest.objects.create(
        person=participant, kind="correction", text="x", reference="R1", status="done", handled_at=old
    )
    DataRequest.objects.create(person=participant, kind="correction", text="y", reference="R2")
    removed = remove_expired_data(today=today)
    assert (removed["samtykker"], removed["foresporsler"], removed["slettet_etter_foresporsel"]) == (2, 1, 0)
    assert list(Consent.objects.all()) == [kept]
    assert list(DataRequest.objects.values_list("reference", flat=True)) == ["R2"]


def test_command_reports_counts_only(participant, capsys):
    call_command("remove_expired_data")
    lines = capsys.readouterr().out.splitlines()
    assert "samtykker: 0" in lines and "foresporsler: 0" in lines and "soknadsutkast: 0" in lines
    assert all(line.split(": ")[1].isdigit() for line in lines)


def test_task_runs_the_same(participant):
    from veivalg.accounts.tasks import remove_expired_data as task

    result = task.enqueue()
    assert result.return_value == {
        "slettet_etter_foresporsel": 0,
        "samtykker": 0,
        "foresporsler": 0,
        "soknadsutkast": 0,
        "pameldinger_anonymisert": 0,
        "pameldinger_ikke_bekreftet": 0,
        "utgaende_e_post": 0,
    }
