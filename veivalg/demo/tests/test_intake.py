"""The demo intake loads offices, staff in each role and cases, and loading twice doubles nothing."""

import pytest
from django.core.management import call_command

from veivalg.accounts.models import Organisation, StaffRole
from veivalg.intake.models import Case, LetterTemplate, LetterTemplateChange

pytestmark = pytest.mark.django_db


def test_demo_intake_is_complete_and_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    call_command("load_demo_people", stdout=open("/dev/null", "w"))
    call_command("load_demo_intake", stdout=open("/dev/null", "w"))
    counts = (Organisation.objects.count(), StaffRole.objects.count(), Case.objects.count())
    assert Organisation.objects.filter(kind="allocation_office").count() == 7
    assert {r.role for r in StaffRole.objects.all()} >= {"caseworker", "nav_counsellor", "provider_staff"}
    assert Case.objects.count() >= 20
    statuses = set(Case.objects.values_list("parts__status", flat=True))
    assert {"received", "clarification", "ready", "granted", "waiting_list", "refused"} <= statuses
    assert all(case.applicant.is_demo for case in Case.objects.select_related("applicant"))
    changes = LetterTemplateChange.objects.count()
    call_command("load_demo_intake", stdout=open("/dev/null", "w"))
    assert (Organisation.objects.count(), StaffRole.objects.count(), Case.objects.count()) == counts
    assert LetterTemplateChange.objects.count() == changes


def test_demo_offices_have_their_own_letter_templates_and_one_change_waits(settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    call_command("load_demo_intake", stdout=open("/dev/null", "w"))
    for office in Organisation.objects.filter(kind__in=["allocation_office", "nav_office"], is_demo=True):
        assert LetterTemplate.objects.filter(office=office).count() == 6
    baerum = Organisation.objects.get(name="Tildelingskontoret i Bærum")
    approved = LetterTemplate.objects.get(office=baerum, outcome="granted", language="nb")
    assert (
        "Bli kjent før du begynner" in approved.body
        and approved.approved_by.username == "saksbehandler2.baerum"
    )
    waiting = LetterTemplateChange.objects.get(status="pending")
    assert waiting.template.office == baerum and waiting.proposed_by.username == "saksbehandler2.baerum"
