"""Applying, page by page: Ola (or his guardian Vera acting for him) fills in a draft, checks the
answers and submits; bad input, a second tab, a double click and a closed offer are handled
without losing anything; outsiders get 404."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from veivalg.accounts.models import Purpose
from veivalg.accounts.services import has_consent
from veivalg.accounts.tests import conftest as people
from veivalg.audit.models import AccessLogEntry
from veivalg.directory.models import OfferStatus
from veivalg.intake import services
from veivalg.intake.models import Application, ApplicationStatus, Case, IntakeDeadline

from . import apply_factories as af
from . import factories as f

pytestmark = pytest.mark.django_db

# A relative on the participant's consent, and a parent with a child under 18 (accounts' cast).
consent_relative = people.consent_relative
child = people.child
parent = people.parent


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Attachments and copies in a temporary folder instead of var/private."""
    from django.core.files.storage import FileSystemStorage

    from veivalg.intake.models import Application, Attachment

    storage = FileSystemStorage(location=tmp_path / "private", base_url=None)
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    monkeypatch.setattr(Application._meta.get_field("pdf"), "storage", storage)
    return storage


def step_url(application, step: str) -> str:
    return reverse("intake:step", kwargs={"application_id": application.pk, "step": step})


def post_step(client, application, step: str, data: dict, **extra):
    application.refresh_from_db()
    return client.post(step_url(application, step), {"version": application.version, **data}, **extra)


def acting_client(client, relative, participant):
    client.force_login(relative.user)
    response = client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    assert response.status_code == 302
    return client


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the whole journey ---------------------------------------------------------------------------


def test_participant_applies_step_by_step_and_gets_a_receipt_email_and_pdf(
    client, participant, offers, offices, django_capture_on_commit_callbacks
):
    client.force_login(participant.user)
    response = client.get(reverse("intake:start"))
    assert "1. februar" in text(response)
    response = client.post(reverse("intake:start"))
    application = Application.objects.get(applicant=participant)
    assert response.url == step_url(application, "kommune")

    answers = [
        ("kommune", {"municipality": "Bærum"}, "tilbud"),
        ("tilbud", {"offers": [str(offers["vta"].pk), str(offers["activity"].pk)]}, "prioritet"),
        (
            "prioritet",
            {
                f"order_{offers['activity'].pk}": "1",
                f"days_{offers['activity'].pk}": "3",
                f"order_{offers['vta'].pk}": "2",
                f"days_{offers['vta'].pk}": "2",
            },
            "skole",
        ),
        ("skole", {"school": "Sandvika vgs", "adapted_education": "ja", "finished": "juni 2026"}, "erfaring"),
        (
            "erfaring",
            {
                "handling": "videre",
                "kind": "hospitering",
                "place": "Arba AS",
                "starts_on": "01.09.2025",
                "ends_on": "30.11.2025",
            },
            "uforetrygd",
        ),
        ("uforetrygd", {"benefit": "sokt"}, "stotte"),
        ("stotte", {"needs": "Hjelp til å ta bussen."}, "kontaktpersoner"),
        ("kontaktpersoner", {"who": ["skole", "parorende"]}, "kontakt"),
        ("kontakt", {"email": "ola@eksempel.no", "phone": "912 34 567", "language": "nb"}, "vedlegg"),
    ]
    for step, data, following in answers:
        response = post_step(client, application, step, data)
        assert response.status_code == 302, (step, text(response)[:500])
        assert response.url == step_url(application, following), step

    response = post_step(
        client, application, "vedlegg", {"handling": "videre", "file": af.upload("attest.png")}
    )
    assert response.url == reverse("intake:check", kwargs={"application_id": application.pk})

    page = text(client.get(response.url))
    for expected in (
        "Bærum",
        "Varig tilrettelagt arbeid på Verkstedet",
        "3 dager i uka",
        "Arba AS",
        "attest.png",
    ):
        assert expected in page
    application.refresh_from_db()
    assert [c.offer for c in application.choices.all()] == [offers["activity"], offers["vta"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:submit", kwargs={"application_id": application.pk}),
            {"version": application.version},
        )
    assert response.url == reverse("intake:receipt", kwargs={"application_id": application.pk})
    application.refresh_from_db()
    receipt = text(client.get(response.url))
    assert application.reference in receipt
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["ola@eksempel.no"]
    assert "Hjelp til å ta bussen" not in mail.outbox[0].body  # no personal data in the e-mail
    assert set(application.case.parts.values_list("route", flat=True)) == {"vedtak", "nav"}

    pdf = client.get(reverse("intake:application_pdf", kwargs={"application_id": application.pk}))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")

    listing = text(client.get(reverse("intake:my_applications")))
    assert application.reference in listing


def test_guardian_acting_for_ola_applies_and_the_application_is_his(
    client, participant, guardian, offers, offices
):
    acting_client(client, guardian, participant)
    client.post(reverse("intake:start"))
    application = Application.objects.get(applicant=participant)
    assert application.started_by == guardian
    post_step(client, application, "kommune", {"municipality": "3201"})
    application.refresh_from_db()
    assert application.municipality.number == "3201"
    assert client.get(step_url(application, "tilbud")).status_code == 200
    assert AccessLogEntry.objects.filter(person=participant, actor_person=guardian).exists()


def test_experience_and_benefit_questions_only_when_the_kinds_need_them(client, participant, offers, offices):
    from veivalg.intake import steps

    activity_only = f.draft(participant, offers=[offers["activity"]])
    keys = [s.key for s in steps.applicable(activity_only)]
    assert "erfaring" not in keys and "uforetrygd" not in keys and "prioritet" not in keys
    vta = f.draft(participant, offers=[offers["vta"]])
    keys = [s.key for s in steps.applicable(vta)]
    assert "erfaring" in keys and "uforetrygd" in keys

    client.force_login(participant.user)
    response = client.get(step_url(activity_only, "uforetrygd"))
    assert response.status_code == 302  # not asked: on to the next step


# --- bad input -----------------------------------------------------------------------------------


def test_a_missing_answer_shows_the_error_summary_and_keeps_what_was_typed(
    client, participant, offers, offices
):
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(participant.user)
    response = post_step(client, application, "kontakt", {"email": "ikke-en-epost", "phone": "912 34 567"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="ds-error-summary"' in html
    assert 'href="#id_email"' in html and 'href="#id_language_0"' in html
    assert 'value="912 34 567"' in html and 'value="ikke-en-epost"' in html
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html
    assert "<title>Feil: Hvordan kan vi nå deg?" in html


def test_an_unknown_municipality_is_explained(client, participant):
    application = services.start_application(applicant=participant, started_by=participant)
    client.force_login(participant.user)
    response = post_step(client, application, "kommune", {"municipality": "Atlantis"})
    assert response.status_code == 400
    assert "Vi fant ingen kommune" in text(response)
    assert 'value="Atlantis"' in response.content.decode()


def test_a_second_tab_with_an_older_copy_is_refused_and_keeps_what_was_typed(
    client, participant, offers, offices
):
    application = f.draft(participant, offers=[offers["activity"]])
    old_version = application.version
    client.force_login(participant.user)
    first = client.post(step_url(application, "stotte"), {"version": old_version, "needs": "Fra fane en."})
    assert first.status_code == 302
    second = client.post(step_url(application, "stotte"), {"version": old_version, "needs": "Fra fane to."})
    assert second.status_code == 409
    assert "endret et annet sted" in text(second)
    assert "Fra fane to." in second.content.decode()
    application.refresh_from_db()
    assert application.answers["stotte"]["needs"] == "Fra fane en."
    # Saving again from the same page (now carrying the current version) goes through.
    version = re.search(r'name="version" value="(\d+)"', second.content.decode()).group(1)
    third = client.post(step_url(application, "stotte"), {"version": version, "needs": "Fra fane to."})
    assert third.status_code == 302
    application.refresh_from_db()
    assert application.answers["stotte"]["needs"] == "Fra fane to."


def test_a_double_click_on_submit_makes_one_application(client, participant, offers, offices):
    application = af.complete_draft(participant, [offers["activity"]])
    client.force_login(participant.user)
    url = reverse("intake:submit", kwargs={"application_id": application.pk})
    first = client.post(url, {"version": application.version})
    second = client.post(url, {"version": application.version})
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Case.objects.filter(application=application).count() == 1
    assert Application.objects.filter(applicant=participant, status=ApplicationStatus.SUBMITTED).count() == 1


def test_submitting_a_copy_older_than_the_answers_asks_to_look_again(client, participant, offers, offices):
    application = af.complete_draft(participant, [offers["activity"]])
    client.force_login(participant.user)
    response = client.post(
        reverse("intake:submit", kwargs={"application_id": application.pk}),
        {"version": application.version - 1},
    )
    assert response.status_code == 409
    assert "endret et annet sted" in text(response)
    application.refresh_from_db()
    assert application.is_draft


def test_an_offer_no_longer_open_stops_submitting_with_a_clear_message(client, participant, offers, offices):
    application = af.complete_draft(participant, [offers["activity"]])
    offers["activity"].status = OfferStatus.DEFUNCT
    offers["activity"].save()
    client.force_login(participant.user)
    response = client.post(
        reverse("intake:submit", kwargs={"application_id": application.pk}), {"version": application.version}
    )
    assert response.status_code == 409
    page = text(response)
    assert "tar ikke imot søknader lenger" in page and "Svarene dine er lagret" in page
    application.refresh_from_db()
    assert application.is_draft and application.answers["stotte"]["needs"]


def test_submitting_with_unanswered_steps_points_to_them(client, participant, offers, offices):
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(participant.user)
    check = text(client.get(reverse("intake:check", kwargs={"application_id": application.pk})))
    assert "Dette mangler" in check and "Hva trenger du hjelp til?" in check
    response = client.post(
        reverse("intake:submit", kwargs={"application_id": application.pk}), {"version": application.version}
    )
    assert response.status_code == 409
    assert "ikke svart på" in text(response)


# --- deadline ------------------------------------------------------------------------------------


def _deadline_passed(municipality):
    today = timezone.localdate()
    year = today.year if today < datetime.date(today.year, 8, 1) else today.year + 1
    IntakeDeadline.objects.create(
        municipality=municipality,
        year=year,
        deadline=today - datetime.timedelta(days=1),
        answer_by=today + datetime.timedelta(days=60),
    )


def test_late_applications_are_accepted_and_marked_but_not_for_people_moving_in(
    client, participant, outsider, offers, offices
):
    application = af.complete_draft(participant, [offers["activity"]])
    _deadline_passed(application.municipality)
    client.force_login(participant.user)
    page = text(client.get(step_url(application, "stotte")))
    assert "Fristen har gått ut, men du kan fortsatt søke" in page
    client.post(
        reverse("intake:submit", kwargs={"application_id": application.pk}), {"version": application.version}
    )
    application.refresh_from_db()
    assert application.is_late
    assert "kom etter fristen" in text(
        client.get(reverse("intake:receipt", kwargs={"application_id": application.pk}))
    )

    moving = af.complete_draft(outsider, [offers["activity"]])
    moving = services.save_answers(
        application=moving,
        step="kommune",
        answers={"municipality": "3201", "moving_in": True},
        version=moving.version,
    )
    client.force_login(outsider.user)
    client.post(reverse("intake:submit", kwargs={"application_id": moving.pk}), {"version": moving.version})
    moving.refresh_from_db()
    assert not moving.is_draft and not moving.is_late


def test_nav_kinds_are_said_to_have_rolling_intake(client, participant, offers, offices):
    application = f.draft(participant, offers=[offers["vta"]])
    client.force_login(participant.user)
    page = text(client.get(step_url(application, "stotte")))
    assert "Du kan søke når som helst" in page
    assert "Søknadsfristen for kommunale tilbud" not in page


# --- attachments ---------------------------------------------------------------------------------


def test_an_exe_renamed_pdf_is_refused_by_its_content(client, participant, offers, offices):
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(participant.user)
    response = post_step(
        client,
        application,
        "vedlegg",
        {"handling": "last-opp", "file": af.upload("attest.pdf", af.exe_bytes(), "application/pdf")},
    )
    assert response.status_code == 400
    assert "Filen må være en PDF" in text(response)
    assert 'href="#id_file"' in response.content.decode()
    assert application.attachments.count() == 0


def test_a_file_over_the_limit_is_refused(client, participant, offers, offices, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 1024
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(participant.user)
    big = af.pdf_bytes() + b"0" * 2048
    response = post_step(
        client, application, "vedlegg", {"handling": "last-opp", "file": af.upload("stor.pdf", big)}
    )
    assert response.status_code == 400
    assert "Filen er for stor" in text(response)
    assert application.attachments.count() == 0


def test_an_attachment_is_served_privately_to_the_applicant_and_nobody_else(
    client, participant, guardian, outsider, offers, offices
):
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(participant.user)
    response = post_step(
        client, application, "vedlegg", {"handling": "last-opp", "file": af.upload("mitt bilde.jpg")}
    )
    assert response.status_code == 302
    attachment = application.attachments.get()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "mitt bilde.png"  # named by its content
    assert "mitt" not in attachment.file.name  # stored under a random name
    url = reverse(
        "intake:attachment", kwargs={"application_id": application.pk, "attachment_id": attachment.pk}
    )
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == af.png_bytes()

    client.force_login(outsider.user)
    assert client.get(url).status_code == 404
    acting_client(client, guardian, participant)
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(person=participant, what__contains="vedlegg").exists()


def test_removing_an_attachment(client, participant, offers, offices):
    application = f.draft(participant, offers=[offers["activity"]])
    attachment = af.attachment(application)
    client.force_login(participant.user)
    response = post_step(client, application, "vedlegg", {"handling": f"fjern-{attachment.pk}"})
    assert response.status_code == 302
    assert application.attachments.count() == 0


# --- experiences ---------------------------------------------------------------------------------


def test_experiences_are_added_one_at_a_time_and_can_be_removed(client, participant, offers, offices):
    application = f.draft(participant, offers=[offers["vta"]])
    client.force_login(participant.user)
    response = post_step(
        client,
        application,
        "erfaring",
        {"handling": "legg-til", "kind": "jobbsmak", "place": "Kiwi", "starts_on": "03.03.2025"},
    )
    assert response.status_code == 302 and "erfaring" in response.url
    response = post_step(
        client,
        application,
        "erfaring",
        {
            "handling": "legg-til",
            "kind": "hospitering",
            "place": "Arba",
            "starts_on": "2.2.2025",
            "ends_on": "1.1.2025",
        },
    )
    assert response.status_code == 400
    assert "Til-datoen må være" in text(response)
    page = text(client.get(step_url(application, "erfaring")))
    assert "Kiwi (03.03.2025 – nå)" in page
    response = post_step(client, application, "erfaring", {"handling": "fjern-0"})
    application.refresh_from_db()
    assert application.answers["erfaring"]["items"] == []
    response = post_step(client, application, "erfaring", {"handling": "videre"})
    application.refresh_from_db()
    assert application.answers["erfaring"]["done"] is True


# --- easy read -----------------------------------------------------------------------------------


def test_easy_read_mode_shows_the_shorter_help_texts(client, participant, offers, offices):
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(participant.user)
    standard = text(client.get(step_url(application, "kontakt")))
    assert "Vi sender kvitteringen hit" in standard
    response = client.post(
        reverse("intake:easy_read", kwargs={"application_id": application.pk}),
        {"lettlest": "1", "steg": "kontakt"},
    )
    assert response.url == step_url(application, "kontakt")
    easy = text(client.get(response.url))
    assert "Vi sender svar hit" in easy and "Vis vanlig tekst" in easy


# --- who may ---------------------------------------------------------------------------------------


def test_an_outsider_gets_404_on_every_page_of_someone_elses_application(
    client, participant, outsider, offers, offices
):
    draft = af.complete_draft(participant, [offers["activity"]])
    submitted = f.submitted_case(participant, [offers["vta"]]).application
    client.force_login(outsider.user)
    for url in (
        step_url(draft, "kommune"),
        reverse("intake:check", kwargs={"application_id": draft.pk}),
        reverse("intake:share_with_school", kwargs={"application_id": draft.pk}),
        reverse("intake:receipt", kwargs={"application_id": submitted.pk}),
        reverse("intake:application_pdf", kwargs={"application_id": submitted.pk}),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("intake:submit", kwargs={"application_id": draft.pk}),
        reverse("intake:easy_read", kwargs={"application_id": draft.pk}),
        step_url(draft, "stotte"),
    ):
        assert client.post(url, {"version": draft.version, "needs": "x"}).status_code == 404, url
    draft.refresh_from_db()
    assert draft.is_draft and draft.answers["stotte"]["needs"] == "Hjelp til å ta bussen."


def test_relative_on_consent_reads_a_draft_but_cannot_start_change_share_or_send_it(
    client, participant, consent_relative, offers, offices
):
    """Sara acts for Ola on his consent: she may look, not decide (issue 12, finding 3)."""
    draft = af.complete_draft(participant, [offers["activity"]])
    attachment = af.attachment(draft)
    submitted = f.submitted_case(participant, [offers["vta"]]).application
    draft.refresh_from_db()
    acting_client(client, consent_relative, participant)

    listing = text(client.get(reverse("intake:my_applications")))
    assert "Du kan se dette, men ikke bestemme" in listing
    assert "Søk om arbeid eller aktivitet" not in listing and "Fortsett på søknaden" not in listing
    check = client.get(reverse("intake:check", kwargs={"application_id": draft.pk}))
    assert check.status_code == 200 and "Hjelp til å ta bussen." in text(check)
    assert "Du kan se dette, men ikke bestemme" in text(check)
    assert 'name="version"' not in check.content.decode() and "Endre" not in text(check)
    assert client.get(reverse("intake:attachment", args=[draft.pk, attachment.pk])).status_code == 200
    assert client.get(reverse("intake:receipt", kwargs={"application_id": submitted.pk})).status_code == 200

    for url in (
        reverse("intake:start"),
        step_url(draft, "stotte"),
        reverse("intake:share_with_school", kwargs={"application_id": draft.pk}),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("intake:start"),
        step_url(draft, "stotte"),
        reverse("intake:submit", kwargs={"application_id": draft.pk}),
        reverse("intake:easy_read", kwargs={"application_id": draft.pk}),
        reverse("intake:share_with_school", kwargs={"application_id": draft.pk}),
    ):
        assert (
            client.post(
                url, {"version": draft.version, "needs": "Endret av Sara", "lettlest": "1"}
            ).status_code
            == 404
        ), url
    version = draft.version
    draft.refresh_from_db()
    assert draft.is_draft and draft.version == version and not draft.easy_read
    assert draft.answers["stotte"]["needs"] == "Hjelp til å ta bussen."
    assert Application.objects.filter(applicant=participant).count() == 2


def test_parent_of_a_minor_applies_and_sends_for_her(client, parent, child, offers, offices):
    draft = af.complete_draft(child, [offers["activity"]])
    acting_client(client, parent, child)
    assert "Fortsett på søknaden" in text(client.get(reverse("intake:my_applications")))
    response = client.post(
        reverse("intake:submit", kwargs={"application_id": draft.pk}), {"version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft


def test_urls_carry_no_personal_data(client, participant, offers, offices):
    client.force_login(participant.user)
    client.post(reverse("intake:start"))
    application = Application.objects.get(applicant=participant)
    response = post_step(client, application, "kommune", {"municipality": "Bærum"})
    assert re.fullmatch(r"/min-side/soknader/[0-9a-f-]{36}/[a-z]+/", response.url)


# --- the school helps ----------------------------------------------------------------------------


@pytest.fixture
def school_counsellor(db):
    from veivalg.accounts.models import Organisation, OrganisationKind, StaffRoleKind
    from veivalg.directory.tests.factories import municipality

    school = Organisation.objects.create(name="Sandvika videregående skole", kind=OrganisationKind.SCHOOL)
    school.municipalities.add(municipality("3201"))
    return f.staff_user("radgiver", StaffRoleKind.SCHOOL_COUNSELLOR, school), school


def test_the_family_shares_with_the_school_which_helps_but_cannot_submit(
    client, participant, offers, offices, school_counsellor
):
    counsellor, school = school_counsellor
    application = f.draft(participant, offers=[offers["activity"]])
    client.force_login(counsellor)
    assert client.get(reverse("intake:school_drafts")).status_code == 200
    assert client.get(step_url(application, "skole")).status_code == 404  # not shared yet

    client.force_login(participant.user)
    share = reverse("intake:share_with_school", kwargs={"application_id": application.pk})
    refused = client.post(share, {"school": school.pk})
    assert refused.status_code == 400 and "Kryss av" in text(refused)
    client.post(share, {"school": school.pk, "consent": "on"})
    assert has_consent(participant, Purpose.SHARE_SCHOOL_INFO, for_party=school.name)

    client.force_login(counsellor)
    listing = text(client.get(reverse("intake:school_drafts")))
    assert participant.name in listing
    response = post_step(client, application, "skole", {"school": "Sandvika vgs", "adapted_education": "ja"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["skole"]["school"] == "Sandvika vgs"
    assert application.prepared_by == counsellor
    assert "Familien sender søknaden selv" in text(
        client.get(reverse("intake:check", kwargs={"application_id": application.pk}))
    )
    submit = client.post(
        reverse("intake:submit", kwargs={"application_id": application.pk}), {"version": application.version}
    )
    assert submit.status_code == 404
    assert AccessLogEntry.objects.filter(person=participant, actor_user=counsellor).exists()


def test_the_school_loses_access_when_consent_is_withdrawn(
    client, participant, offers, offices, school_counsellor
):
    from veivalg.accounts.models import Consent
    from veivalg.accounts.services import withdraw_consent
    from veivalg.intake.services import applications

    counsellor, school = school_counsellor
    application = f.draft(participant, offers=[offers["activity"]])
    applications.share_with_school(application=application, school=school, by=participant)
    client.force_login(counsellor)
    assert client.get(step_url(application, "skole")).status_code == 200
    withdraw_consent(consent=Consent.objects.get(person=participant), by=participant)
    assert client.get(step_url(application, "skole")).status_code == 404
    assert participant.name not in text(client.get(reverse("intake:school_drafts")))
