"""The applicant's own case page: status, timeline, letters, ja takk / nei takk, withdrawal and
messages; the relative acting for her sees the same, and only a guardian or a parent of a minor
decides for her (a relative on her consent only looks); everyone else gets 404."""

import pytest
from django.urls import reverse

from veivalg.accounts.tests import conftest as people
from veivalg.audit.models import AccessLogEntry
from veivalg.intake import services
from veivalg.intake.models import CaseEvent
from veivalg.intake.states import PartStatus
from veivalg.intake.tests import factories as f

from . import test_decisions

# The decided case and the private storage, shared with test_decisions.
decided = test_decisions.decided
private_files = test_decisions.private_files
vedtak_part = test_decisions.vedtak_part
# A relative on the participant's consent, and a parent with a child under 18 (accounts' cast).
consent_relative = people.consent_relative
child = people.child
parent = people.parent

pytestmark = pytest.mark.django_db


def case_url(case) -> str:
    return reverse("intake:own_case", kwargs={"case_id": case.pk})


def act_for(client, relative, participant):
    client.force_login(relative.user)
    assert client.post("/min-side/handle-for/", {"person": str(participant.pk)}).status_code == 302


def test_applicant_sees_each_part_with_status_and_answer_due(client, participant, case):
    client.force_login(participant.user)
    page = client.get(case_url(case)).content.decode()
    assert "Plass fra kommunen" in page and "Plass betalt av NAV" in page
    assert "Vi har fått søknaden" in page
    assert "Svar innen" in page
    assert "Dagtilbud på Gården" in page


def test_internal_notes_never_show(client, participant, case, caseworker):
    services.add_note(part=case.parts.get(route="vedtak"), text="Hemmelig merknad", by=caseworker)
    client.force_login(participant.user)
    assert "Hemmelig merknad" not in client.get(case_url(case)).content.decode()


def test_own_reads_are_not_logged_but_a_relatives_are(client, participant, guardian, case):
    client.force_login(participant.user)
    client.get(case_url(case))
    assert not AccessLogEntry.objects.filter(person=participant).exists()
    act_for(client, guardian, participant)
    page = client.get(case_url(case)).content.decode()
    assert "Plass fra kommunen" in page
    assert AccessLogEntry.objects.filter(person=participant, actor_person=guardian).exists()


def test_outsider_and_staff_of_another_office_get_404(client, outsider, other_caseworker, case, decided):
    part = case.parts.get(route="vedtak")
    urls = [
        case_url(case),
        reverse("intake:send_message", kwargs={"case_id": case.pk}),
        reverse("intake:withdraw_part", kwargs={"part_id": part.pk}),
        reverse("intake:own_letter", kwargs={"decision_id": decided.pk}),
    ]
    for user in (outsider.user, other_caseworker):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        response = client.post(reverse("intake:answer_offer", kwargs={"part_id": part.pk}), {"answer": "ja"})
        assert response.status_code == 404


def test_applicant_reads_the_letter_and_it_is_marked_read(client, participant, case, decided):
    logged_before = AccessLogEntry.objects.filter(person=participant).count()  # the staff's changes
    client.force_login(participant.user)
    page = client.get(case_url(case)).content.decode()
    assert "ikke lest" in page
    response = client.get(reverse("intake:own_letter", kwargs={"decision_id": decided.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"%PDF"
    decided.refresh_from_db()
    assert decided.read_by_applicant_at is not None
    assert AccessLogEntry.objects.filter(person=participant).count() == logged_before  # own reads: no entry


def test_ja_takk_with_one_click(client, participant, case, decided):
    part = decided.part
    part.refresh_from_db()
    client.force_login(participant.user)
    response = client.post(
        reverse("intake:answer_offer", kwargs={"part_id": part.pk}),
        {"answer": "ja", "version": part.version},
        follow=True,
    )
    assert "Du har sagt ja takk til plassen" in response.content.decode()
    part.refresh_from_db()
    assert part.status == PartStatus.ACCEPTED


def test_relative_says_nei_takk_for_her(client, participant, guardian, case, decided):
    part = decided.part
    part.refresh_from_db()
    act_for(client, guardian, participant)
    client.post(
        reverse("intake:answer_offer", kwargs={"part_id": part.pk}),
        {"answer": "nei", "version": part.version},
    )
    part.refresh_from_db()
    assert part.status == PartStatus.DECLINED
    assert part.events.filter(to_status=PartStatus.DECLINED, actor_name=guardian.name).exists()


def test_relative_on_consent_says_nei_takk_and_is_refused(
    client, participant, consent_relative, case, decided
):
    """The finding: acting on Ola's consent, Sara answered «nei takk» to his place (issue 12, 3)."""
    part = decided.part
    part.refresh_from_db()
    version, events = part.version, part.events.count()
    act_for(client, consent_relative, participant)
    response = client.post(
        reverse("intake:answer_offer", kwargs={"part_id": part.pk}), {"answer": "nei", "version": version}
    )
    assert response.status_code == 404
    part.refresh_from_db()
    assert part.status == PartStatus.GRANTED and part.version == version
    assert part.events.count() == events


def test_relative_on_consent_sees_the_case_but_not_the_buttons(
    client, participant, consent_relative, case, decided
):
    act_for(client, consent_relative, participant)
    page = client.get(case_url(case)).content.decode()
    assert "Plass fra kommunen" in page and "Du har fått plass" in page
    assert "Du kan se dette, men ikke bestemme" in page
    assert f"ja-takk-{decided.part_id}" not in page and f"nei-takk-{decided.part_id}" not in page
    assert reverse("intake:withdraw_part", kwargs={"part_id": decided.part_id}) not in page
    assert reverse("intake:send_message", kwargs={"case_id": case.pk}) not in page


def test_relative_on_consent_cannot_withdraw_or_write_for_her(client, participant, consent_relative, case):
    part = case.parts.get(route="nav")
    withdraw = reverse("intake:withdraw_part", kwargs={"part_id": part.pk})
    message = reverse("intake:send_message", kwargs={"case_id": case.pk})
    act_for(client, consent_relative, participant)
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw, {"why": "Sara vil det", "version": part.version}).status_code == 404
    assert client.get(message).status_code == 404
    assert client.post(message, {"text": "Ola trekker søknaden."}).status_code == 404
    part.refresh_from_db()
    assert part.status == PartStatus.RECEIVED
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MESSAGE_IN).exists()


def test_relative_on_consent_reads_the_letter_and_it_stays_unread_for_her(
    client, participant, consent_relative, case, decided
):
    act_for(client, consent_relative, participant)
    response = client.get(reverse("intake:own_letter", kwargs={"decision_id": decided.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    decided.refresh_from_db()
    assert decided.read_by_applicant_at is None
    assert AccessLogEntry.objects.filter(person=participant, actor_person=consent_relative).exists()


def test_parent_of_a_minor_says_ja_takk_for_her(client, parent, child, offers, offices, caseworker):
    import datetime

    case = f.submitted_case(child, [offers["activity"]])
    part = services.move_part(part=case.parts.get(), to=PartStatus.READY, by=caseworker)
    services.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=caseworker,
        reasons="Behovet er dokumentert.",
        legal_basis="Helse- og omsorgstjenesteloven § 3-2",
        offer=offers["activity"],
        start_date=datetime.date(2027, 8, 16),
        days_per_week=5,
    )
    part.refresh_from_db()
    act_for(client, parent, child)
    assert f"ja-takk-{part.pk}" in client.get(case_url(case)).content.decode()
    client.post(
        reverse("intake:answer_offer", kwargs={"part_id": part.pk}), {"answer": "ja", "version": part.version}
    )
    part.refresh_from_db()
    assert part.status == PartStatus.ACCEPTED


def test_an_answer_from_an_old_page_is_refused_with_a_message(client, participant, case, decided):
    part = decided.part
    client.force_login(participant.user)
    response = client.post(
        reverse("intake:answer_offer", kwargs={"part_id": part.pk}),
        {"answer": "ja", "version": 1},
        follow=True,
    )
    assert "Saken er endret siden du åpnet siden" in response.content.decode()
    part.refresh_from_db()
    assert part.status == PartStatus.GRANTED


def test_withdraw_asks_first_then_withdraws(client, participant, case):
    part = case.parts.get(route="nav")
    url = reverse("intake:withdraw_part", kwargs={"part_id": part.pk})
    client.force_login(participant.user)
    assert "Vil du trekke søknaden?" in client.get(url).content.decode()
    part.refresh_from_db()
    response = client.post(url, {"why": "Jeg har fått jobb.", "version": part.version}, follow=True)
    assert "Søknaden er trukket" in response.content.decode()
    part.refresh_from_db()
    assert part.status == PartStatus.WITHDRAWN
    assert "Trekk søknaden om plass betalt av nav" not in response.content.decode().lower().replace(
        "nav", "nav"
    )


def test_message_to_the_caseworker(client, participant, case):
    url = reverse("intake:send_message", kwargs={"case_id": case.pk})
    client.force_login(participant.user)
    page = client.post(url, {"text": ""}).content.decode()
    assert "Skriv meldingen før du sender den." in page
    response = client.post(url, {"text": "Kan jeg komme på omvisning?"}, follow=True)
    assert "Kan jeg komme på omvisning?" in response.content.decode()
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MESSAGE_IN).count() == 1


def test_case_list_include_shows_each_case(participant, case):
    from django.template.loader import render_to_string

    from veivalg.intake.selectors import cases_for

    html = render_to_string("intake/case/_case_list.html", {"cases": cases_for(participant)})
    assert case_url(case) in html and case.reference in html
    assert "svar innen" in html
