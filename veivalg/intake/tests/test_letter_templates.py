"""Letter templates belong to an office, and a change is used only after a second person approves it.

The attack this guards against: a caseworker at one office rewrote a shared template (asking the
reader to phone a number and give their BankID code) and the next letter another municipality's
office granted carried it.
"""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from veivalg.accounts.models import OrganisationKind, StaffRoleKind
from veivalg.intake import letter_templates, letters, services
from veivalg.intake.models import LetterTemplate, LetterTemplateChange
from veivalg.intake.states import PartStatus

from . import factories as f

pytestmark = pytest.mark.django_db

PHISHING = "Ring 99 99 99 99 og oppgi koden fra BankID, så får du plassen raskere."


@pytest.fixture
def colleague(offices):
    """A second caseworker at Bærum's allocation office: the one who may approve."""
    return f.caseworker(offices["allocation"], username="kollega")


@pytest.fixture
def bergen_office(db):
    return f.office(OrganisationKind.ALLOCATION_OFFICE, "Tildelingskontoret i Bergen", "4601")


@pytest.fixture
def administrators(db):
    platform = f.office(OrganisationKind.PLATFORM, "Veivalg drift")
    return (
        f.staff_user("admin1", StaffRoleKind.ADMINISTRATOR, platform),
        f.staff_user("admin2", StaffRoleKind.ADMINISTRATOR, platform),
    )


def own_template(office, outcome="granted", language="nb") -> LetterTemplate:
    return next(
        t for t in letter_templates.office_templates(office) if (t.outcome, t.language) == (outcome, language)
    )


def edit_url(template) -> str:
    return reverse("intake:edit_letter_template", kwargs={"number": template.pk})


def review_url(template) -> str:
    return reverse("intake:review_letter_template", kwargs={"number": template.pk})


def national(outcome="granted", language="nb", route="vedtak") -> LetterTemplate:
    return LetterTemplate.objects.national().get(route=route, outcome=outcome, language=language)


def granted_letter(applicant, offers, caseworker) -> str:
    """A vedtak granted now by the applicant's office, rendered as the letter's HTML."""
    part = f.submitted_case(applicant, [offers["activity"]]).parts.get()
    services.move_part(part=part, to=PartStatus.READY, by=caseworker)
    decision = services.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=caseworker,
        reasons="Behovet er dokumentert.",
        legal_basis="helse- og omsorgstjenesteloven § 3-2",
        offer=offers["activity"],
        start_date=datetime.date(2027, 8, 16),
        days_per_week=4,
    )
    return render_to_string("intake/pdf/letter.html", letters.letter_context(decision))


def propose(client, user, template, body=PHISHING, **extra):
    client.force_login(user)
    pending = letter_templates.pending_change(template)
    data = {"title": "Du får plass: {tilbud}", "body": body, "replacing": str(pending.pk) if pending else ""}
    return client.post(edit_url(template), {**data, **extra})


# --- another office, another role ---------------------------------------------------------------


def test_caseworker_at_bergen_posting_to_baerums_template_gets_404_and_nothing_changes(
    client, other_caseworker, offices
):
    template = own_template(offices["allocation"])
    response = propose(client, other_caseworker, template)
    assert response.status_code == 404
    assert client.get(review_url(template)).status_code == 404
    assert (
        client.get(reverse("intake:preview_letter_template", kwargs={"number": template.pk})).status_code
        == 404
    )
    template.refresh_from_db()
    assert template.body == "" and not LetterTemplateChange.objects.exists()


def test_caseworker_cannot_change_the_national_text_every_office_falls_back_to(client, caseworker):
    template = national()
    before = (template.title, template.body)
    response = propose(client, caseworker, template)
    assert response.status_code == 404
    template.refresh_from_db()
    assert (template.title, template.body) == before and not LetterTemplateChange.objects.exists()


def test_nav_counsellor_cannot_change_the_allocation_offices_template(client, nav_counsellor, offices):
    template = own_template(offices["allocation"])
    assert propose(client, nav_counsellor, template).status_code == 404
    assert not LetterTemplateChange.objects.exists()


def test_the_list_shows_only_the_users_own_office(client, caseworker, nav_counsellor, offices, bergen_office):
    own_template(bergen_office)
    client.force_login(caseworker)
    page = client.get(reverse("intake:letter_templates")).content.decode()
    assert "Tildelingskontoret i Bærum" in page
    assert "Tildelingskontoret i Bergen" not in page and "NAV Bærum" not in page
    assert "Felles tekster" not in page
    numbers = {t.pk for t in LetterTemplate.objects.filter(office=offices["allocation"])}
    assert len(numbers) == 6 and all(edit_url(LetterTemplate(pk=n)) in page for n in numbers)
    assert LetterTemplate.objects.filter(office=offices["allocation"], route="nav").count() == 0


# --- the review step ----------------------------------------------------------------------------


def test_a_proposed_change_is_not_in_the_next_letter_until_a_colleague_approves_it(
    client, caseworker, colleague, offices, offers, participant
):
    template = own_template(offices["allocation"])
    assert propose(client, caseworker, template).status_code == 302
    assert PHISHING not in granted_letter(participant, offers, caseworker)

    change = letter_templates.pending_change(template)
    client.force_login(colleague)
    assert PHISHING in client.get(review_url(template)).content.decode()
    response = client.post(review_url(template), {"change": str(change.pk), "approve": ""})
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.reviewed_by) == (LetterTemplateChange.Status.APPROVED, colleague)
    assert PHISHING in granted_letter(participant, offers, caseworker)


def test_the_proposer_cannot_approve_their_own_change(client, caseworker, offices):
    template = own_template(offices["allocation"])
    propose(client, caseworker, template)
    change = letter_templates.pending_change(template)
    page = client.get(review_url(template)).content.decode()
    assert 'name="approve"' not in page
    response = client.post(review_url(template), {"change": str(change.pk), "approve": ""})
    assert response.status_code == 403
    change.refresh_from_db()
    template.refresh_from_db()
    assert change.status == LetterTemplateChange.Status.PENDING and template.body == ""
    with pytest.raises(letter_templates.OwnChange):
        letter_templates.approve_change(change=change, by=caseworker)


def test_an_approved_change_at_one_office_never_reaches_another_offices_letters(
    client, caseworker, colleague, offices, bergen_office, participant
):
    template = own_template(offices["allocation"])
    propose(client, caseworker, template)
    letter_templates.approve_change(change=letter_templates.pending_change(template), by=colleague)
    bergen_offers = f.applicable_offers("4601")
    bergen_caseworker = f.caseworker(bergen_office, username="bergen")
    applicant = participant
    applicant_case = f.draft(
        applicant,
        offers=[bergen_offers["activity"]],
        answers={**f.COMPLETE_ANSWERS, "kommune": {"municipality": "4601", "moving_in": False}},
    )
    part = services.submit_application(application=applicant_case, by=applicant, missing_steps=[]).parts.get()
    assert part.office == bergen_office
    services.move_part(part=part, to=PartStatus.READY, by=bergen_caseworker)
    decision = services.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=bergen_caseworker,
        reasons="Behovet er dokumentert.",
        legal_basis="§ 3-2",
        offer=bergen_offers["activity"],
        start_date=datetime.date(2027, 8, 16),
        days_per_week=4,
    )
    text = render_to_string("intake/pdf/letter.html", letters.letter_context(decision))
    assert PHISHING not in text and national().body.splitlines()[0] in text


def test_a_rejected_change_leaves_the_letters_as_they_were(client, caseworker, colleague, offices):
    template = own_template(offices["allocation"])
    propose(client, caseworker, template)
    change = letter_templates.pending_change(template)
    client.force_login(colleague)
    response = client.post(
        review_url(template), {"change": str(change.pk), "reject": "", "note": "Ikke be om koder."}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == LetterTemplateChange.Status.REJECTED and change.review_note == "Ikke be om koder."
    assert letters.template_for("vedtak", "granted", "nb", office=offices["allocation"]) == national()


def test_approving_a_change_that_was_replaced_meanwhile_is_refused(client, caseworker, colleague, offices):
    template = own_template(offices["allocation"])
    propose(client, caseworker, template, body="Første forslag.")
    seen = letter_templates.pending_change(template)
    propose(client, caseworker, template, body=PHISHING)
    client.force_login(colleague)
    response = client.post(review_url(template), {"change": str(seen.pk), "approve": ""})
    assert response.status_code == 409
    template.refresh_from_db()
    assert template.body == ""
    assert letter_templates.pending_change(template).body == PHISHING


def test_a_form_opened_before_a_colleagues_proposal_replaces_nothing_and_keeps_the_text(
    client, caseworker, colleague, offices
):
    template = own_template(offices["allocation"])
    propose(client, colleague, template, body="Kollegaens forslag.")
    client.force_login(caseworker)
    response = client.post(
        edit_url(template), {"title": "Overskrift", "body": "Mitt forslag.", "replacing": ""}
    )
    assert response.status_code == 409
    assert "Mitt forslag." in response.content.decode()
    assert letter_templates.pending_change(template).body == "Kollegaens forslag."


def test_unknown_fields_are_refused_with_the_error_summary(client, caseworker, offices):
    template = own_template(offices["allocation"], outcome="refused")
    client.force_login(caseworker)
    page = client.get(edit_url(template)).content.decode()
    assert "{klagefrist}" in page and national("refused").body.splitlines()[0] in page
    response = propose(client, caseworker, template, body="Svar {feil}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_body"' in page and "Disse feltene finnes ikke: {feil}" in page
    assert not LetterTemplateChange.objects.exists()


def test_preview_is_a_pdf_and_saves_nothing(client, nav_counsellor, offices):
    template = own_template(offices["nav"], language="nn")
    response = propose(client, nav_counsellor, template, body="Prøvetekst.", preview="")
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"
    assert not LetterTemplateChange.objects.exists()


# --- the national texts -------------------------------------------------------------------------


def test_only_administrators_change_the_national_text_and_a_second_one_approves(client, administrators):
    first, second = administrators
    template = national("refused", "nn")
    assert propose(client, first, template, body="Ny felles tekst.").status_code == 302
    assert national("refused", "nn").body != "Ny felles tekst."
    change = letter_templates.pending_change(template)
    assert client.post(review_url(template), {"change": str(change.pk), "approve": ""}).status_code == 403
    client.force_login(second)
    assert client.post(review_url(template), {"change": str(change.pk), "approve": ""}).status_code == 302
    assert national("refused", "nn").body == "Ny felles tekst."


def test_an_edit_made_before_the_review_step_is_held_for_review(caseworker):
    """The migration puts the shipped wording back and keeps an unreviewed edit as pending."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("veivalg.intake.migrations.0003_letter_templates_per_office_with_review")
    template = national()
    shipped = (template.title, template.body)
    LetterTemplate.objects.filter(pk=template.pk).update(body=PHISHING, approved_by=caseworker)
    migration.hold_unreviewed_edits(apps, None)
    template.refresh_from_db()
    assert (template.title, template.body) == shipped and template.approved_by is None
    change = letter_templates.pending_change(template)
    assert (change.body, change.proposed_by) == (PHISHING, caseworker)
