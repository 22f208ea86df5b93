"""Submitting, routing and moving a case: the rules in services.py, told as small stories."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from veivalg.audit.models import AccessLogEntry
from veivalg.audit.services import in_caseload
from veivalg.directory.models import OfferStatus
from veivalg.directory.tests.factories import municipality
from veivalg.intake import services
from veivalg.intake.models import Application, Case, CaseEvent
from veivalg.intake.states import PartStatus

from . import factories as f

pytestmark = pytest.mark.django_db


def test_submitting_makes_one_case_with_a_part_for_each_deciding_office(participant, offers, offices):
    case = f.submitted_case(participant, [offers["activity"], offers["vta"]])
    parts = {part.route: part for part in case.parts.all()}
    assert parts["vedtak"].office == offices["allocation"]
    assert parts["nav"].office == offices["nav"]
    assert {p.status for p in parts.values()} == {PartStatus.RECEIVED}
    assert case.application.reference.startswith("S-")
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SUBMITTED).count() == 2


def test_the_receipt_mail_has_the_reference_and_no_name(
    participant, offers, offices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = f.submitted_case(participant, [offers["activity"]])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert case.reference in message.subject and message.to == ["soker@eksempel.no"]
    assert participant.name not in message.body and participant.name not in message.subject


def test_submitting_twice_gives_the_same_case(participant, offers, offices):
    application = f.draft(participant, offers=[offers["activity"]])
    first = services.submit_application(application=application, by=participant, missing_steps=[])
    second = services.submit_application(application=application, by=participant, missing_steps=[])
    assert first.pk == second.pk and Case.objects.count() == 1


def test_an_older_copy_cannot_overwrite_a_newer_one(participant):
    application = services.start_application(applicant=participant, started_by=participant)
    old_version = application.version
    services.save_answers(application=application, step="stotte", answers={"text": "ny"}, version=old_version)
    with pytest.raises(services.StaleVersion):
        services.save_answers(
            application=application, step="stotte", answers={"text": "gammel"}, version=old_version
        )
    assert Application.objects.get(pk=application.pk).answers["stotte"] == {"text": "ny"}


def test_an_offer_closed_since_it_was_chosen_stops_submission_and_names_it(participant, offers, offices):
    application = f.draft(participant, offers=[offers["activity"]])
    offers["activity"].status = OfferStatus.DEFUNCT
    offers["activity"].save()
    with pytest.raises(services.OfferClosed) as refused:
        services.submit_application(application=application, by=participant, missing_steps=[])
    assert refused.value.offers == [offers["activity"]]
    assert Application.objects.get(pk=application.pk).is_draft


def test_no_office_for_the_municipality_is_refused_before_anything_is_saved(participant, offers):
    application = f.draft(participant, offers=[offers["activity"]])
    with pytest.raises(services.NoOffice):
        services.submit_application(application=application, by=participant, missing_steps=[])
    assert Application.objects.get(pk=application.pk).is_draft and not Case.objects.exists()


def test_late_municipal_application_is_marked_but_moving_in_is_not(participant, offers, offices, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2027, 3, 10, 12, 0, tzinfo=datetime.UTC))
    late = f.submitted_case(participant, [offers["activity"], offers["vta"]])
    assert late.application.is_late
    assert late.parts.get(route="vedtak").is_late and not late.parts.get(route="nav").is_late
    answers = {**f.COMPLETE_ANSWERS, "kommune": {"municipality": "3201", "moving_in": True}}
    application = f.draft(participant, offers=[offers["activity"]], answers=answers)
    moving = services.submit_application(application=application, by=participant, missing_steps=[])
    assert not moving.application.is_late


def test_only_allowed_moves_and_each_is_recorded_and_logged(case, caseworker):
    part = case.parts.get(route="vedtak")
    with pytest.raises(services.NotAllowed):
        services.decide(part=part, outcome=PartStatus.REFUSED, by=caseworker, reasons="x", legal_basis="y")
    services.move_part(
        part=part, to=PartStatus.READY, by=caseworker, why="Alt er avklart.", version=part.version
    )
    event = CaseEvent.objects.filter(part=part, kind=CaseEvent.Kind.TRANSITION).get()
    assert (event.from_status, event.to_status, event.text) == ("received", "ready", "Alt er avklart.")
    entry = AccessLogEntry.objects.for_person(case.applicant).first()
    assert entry.action == "change" and entry.organisation == "Tildelingskontoret i Bærum"


def test_a_caseworker_cannot_move_a_part_with_an_old_version(case, caseworker):
    part = case.parts.get(route="vedtak")
    seen = part.version
    services.move_part(part=part, to=PartStatus.CLARIFICATION, by=caseworker, version=seen)
    with pytest.raises(services.StaleVersion):
        services.move_part(part=part, to=PartStatus.READY, by=caseworker, version=seen)


def test_granted_then_ja_takk_then_started(
    case, caseworker, offers, participant, django_capture_on_commit_callbacks
):
    part = case.parts.get(route="vedtak")
    services.move_part(part=part, to=PartStatus.READY, by=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            part=part,
            outcome=PartStatus.GRANTED,
            by=caseworker,
            reasons="Behovet er dokumentert.",
            legal_basis="hol. § 3-2",
            offer=offers["activity"],
            start_date=datetime.date(2027, 8, 16),
            days_per_week=3,
        )
    decision.refresh_from_db()
    assert decision.letter.read().startswith(b"%PDF")
    assert [m.subject for m in mail.outbox] == ["Du har fått et nytt brev i Veivalg"]
    assert decision.letter and decision.complaint_deadline == timezone.localdate() + datetime.timedelta(
        days=21
    )
    services.answer_offer(part=part, accept=True, by=participant)
    services.move_part(part=part, to=PartStatus.STARTED, by=caseworker)
    part.refresh_from_db()
    assert part.status == PartStatus.STARTED and part.decided_at is not None


def test_the_applicant_withdraws_an_open_part_but_not_a_closed_one(case, participant, caseworker):
    part = case.parts.get(route="nav")
    services.withdraw_part(part=part, by=participant, why="Fått jobb.")
    with pytest.raises(services.NotAllowed):
        services.withdraw_part(part=part, by=participant)


def test_caseload_is_the_offices_cases_and_the_providers_clarifications(
    case, caseworker, nav_counsellor, other_caseworker, provider, provider_staff, participant, outsider
):
    assert in_caseload(caseworker, participant) and in_caseload(nav_counsellor, participant)
    assert not in_caseload(other_caseworker, participant)
    assert not in_caseload(caseworker, outsider)
    assert not in_caseload(provider_staff, participant)
    services.book_clarification(
        part=case.parts.get(route="vedtak"),
        kind="trial",
        provider=provider,
        starts_on=datetime.date(2027, 3, 1),
        by=caseworker,
    )
    assert in_caseload(provider_staff, participant)


def test_an_assignee_must_work_at_the_office(case, caseworker, other_caseworker):
    part = case.parts.get(route="vedtak")
    with pytest.raises(services.NotAllowed):
        services.assign_part(part=part, to_user=other_caseworker, by=caseworker)
    services.assign_part(part=part, to_user=caseworker, by=caseworker)
    assert case.parts.get(route="vedtak").assigned_to == caseworker


def test_applicable_offers_are_the_municipalitys_vedtak_and_nav_offers(offers):
    found = set(services.applicable_offers(municipality("3201")))
    assert {offers["activity"], offers["vta"]} <= found
    assert all(offer.intake_route in {"vedtak", "nav"} for offer in found)
    assert not set(services.applicable_offers(municipality("4601"))) & {offers["activity"], offers["vta"]}
