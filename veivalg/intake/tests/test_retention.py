"""Deletion on request and by retention: drafts go, sent applications and decisions stay."""

import datetime

import pytest
from django.utils import timezone

from veivalg.accounts.models import Consent, DataRequest, Purpose
from veivalg.accounts.own_data import export_person_data, make_data_request, remove_expired_data
from veivalg.accounts.services import give_consent
from veivalg.intake.models import Application, Case

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_deletion_request_removes_drafts_withdraws_consents_and_says_what_is_kept(
    case, participant, offers
):
    draft = f.draft(participant, offers=[offers["activity"]])
    give_consent(person=participant, purpose=Purpose.COUNSELLOR_CONTACT)
    request = make_data_request(
        person=participant, made_by=participant, kind=DataRequest.Kind.DELETION, text="Slett alt."
    )
    removed = remove_expired_data()
    assert removed["slettet_etter_foresporsel"] == 1
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert Case.objects.filter(pk=case.pk).exists()
    assert not Consent.objects.in_force().filter(person=participant).exists()
    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE
    assert "søknadsutkast: 1" in request.outcome and "vedtak og brev" in request.outcome
    assert remove_expired_data()["slettet_etter_foresporsel"] == 0


def test_drafts_untouched_past_retention_are_deleted_and_fresh_ones_kept(participant, settings):
    settings.RETENTION_DRAFT_APPLICATION_DAYS = 30
    old = f.draft(participant)
    Application.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=31))
    fresh = f.draft(participant)
    assert remove_expired_data()["soknadsutkast"] == 1
    assert list(Application.objects.all()) == [fresh]


def test_my_data_export_holds_applications_and_cases_without_internal_notes(case, participant, caseworker):
    from veivalg.intake import services

    services.add_note(part=case.parts.first(), text="Intern vurdering", by=caseworker)
    exported = export_person_data(participant)["soknader_og_saker"]
    assert exported[0]["referanse"] == case.reference
    assert {p["kontor"] for p in exported[0]["saksdeler"]} == {"Tildelingskontoret i Bærum", "NAV Bærum"}
    assert "Intern vurdering" not in str(exported)
