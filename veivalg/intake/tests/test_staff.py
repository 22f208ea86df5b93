"""Case work at the allocation office and NAV: the queue, the case page, and the forms on it."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veivalg.audit.models import AccessLogEntry
from veivalg.intake import services
from veivalg.intake.models import CaseEvent, Clarification
from veivalg.intake.states import PartStatus

from . import factories as f

pytestmark = pytest.mark.django_db


def vedtak_part(case):
    return case.parts.get(route="vedtak")


def nav_part(case):
    return case.parts.get(route="nav")


def case_url(case):
    return reverse("intake:case_detail", kwargs={"case_id": case.pk})


def move(client, part, to, why="Vi trenger mer informasjon.", version=None):
    return client.post(
        reverse("intake:move", kwargs={"part_id": part.pk}),
        {
            f"status-{part.route}-to": to,
            f"status-{part.route}-why": why,
            f"status-{part.route}-version": version if version is not None else part.version,
        },
    )


# --- the queue ----------------------------------------------------------------------------------


def test_caseworker_sees_the_new_case_in_the_queue(client, caseworker, case):
    client.force_login(caseworker)
    response = client.get(reverse("intake:queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page
    assert "Ola Deltaker" in page
    assert "Dagtilbud" in page
    entry = AccessLogEntry.objects.get(person=case.applicant, actor_user=caseworker)
    assert entry.what == "saksliste" and entry.action == AccessLogEntry.Action.READ
    client.get(reverse("intake:queue"), {"side": "1"})
    assert AccessLogEntry.objects.filter(person=case.applicant, actor_user=caseworker).count() == 1


def test_nav_sees_its_own_part_in_its_queue(client, nav_counsellor, case):
    client.force_login(nav_counsellor)
    response = client.get(reverse("intake:queue"))
    assert case.reference in response.content.decode()
    assert [p.route for p in response.context["page"].object_list] == ["nav"]


def test_caseworker_in_another_municipality_does_not_see_the_case(client, other_caseworker, case):
    client.force_login(other_caseworker)
    response = client.get(reverse("intake:queue"))
    assert response.status_code == 200
    assert case.reference not in response.content.decode()


def test_citizen_cannot_open_the_queue(client, outsider):
    client.force_login(outsider.user)
    assert client.get(reverse("intake:queue")).status_code == 404


def test_provider_staff_cannot_open_the_queue(client, provider_staff):
    client.force_login(provider_staff)
    assert client.get(reverse("intake:queue")).status_code == 404


def test_anonymous_visitor_is_sent_to_the_staff_sign_in(client):
    response = client.get(reverse("intake:queue"))
    assert response.status_code == 302
    assert "next=%2Fansatt%2Fsaker%2F" in response["Location"]


def test_queue_filters_by_status(client, caseworker, case):
    services.move_part(part=vedtak_part(case), to=PartStatus.CLARIFICATION, by=caseworker, why="Omvisning")
    client.force_login(caseworker)
    assert case.reference in client.get(reverse("intake:queue"), {"status": "clarification"}).content.decode()
    assert case.reference not in client.get(reverse("intake:queue"), {"status": "ready"}).content.decode()


def test_queue_filters_by_kind(client, caseworker, case):
    client.force_login(caseworker)
    assert case.reference in client.get(reverse("intake:queue"), {"type": "dagtilbud"}).content.decode()
    response = client.get(reverse("intake:queue"), {"type": "kommunalt-tilrettelagt-arbeid"})
    assert case.reference not in response.content.decode()


def test_queue_filters_by_age_of_case(client, caseworker, participant, offers):
    f.submitted_case(participant, [offers["activity"]], when=timezone.now() - datetime.timedelta(days=40))
    client.force_login(caseworker)
    assert client.get(reverse("intake:queue"), {"alder": "30"}).context["page"].paginator.count == 1
    assert client.get(reverse("intake:queue"), {"alder": "60"}).context["page"].paginator.count == 0


def test_queue_filters_by_municipality_school_and_round(client, caseworker, case):
    client.force_login(caseworker)
    part = vedtak_part(case)
    wanted = {"kommune": "3201", "runde": str(part.round_year)}
    assert client.get(reverse("intake:queue"), wanted).context["page"].paginator.count == 1
    other_round = {"runde": str(part.round_year + 1)}
    # A round with no cases is not on offer, so the filter is ignored rather than failing.
    assert client.get(reverse("intake:queue"), other_round).status_code == 200


def test_queue_shows_only_my_cases_when_asked(client, caseworker, case):
    client.force_login(caseworker)
    assert client.get(reverse("intake:queue"), {"fordelt": "meg"}).context["page"].paginator.count == 0
    services.assign_part(part=vedtak_part(case), to_user=caseworker, by=caseworker)
    assert client.get(reverse("intake:queue"), {"fordelt": "meg"}).context["page"].paginator.count == 1
    assert client.get(reverse("intake:queue"), {"fordelt": "ingen"}).context["page"].paginator.count == 0


def test_queue_sorts_newest_first_when_asked(client, caseworker, participant, offers, case):
    older = f.submitted_case(
        participant, [offers["activity"]], when=timezone.now() - datetime.timedelta(days=9)
    )
    client.force_login(caseworker)
    oldest_first = [p.case_id for p in client.get(reverse("intake:queue")).context["page"].object_list]
    newest_first = [
        p.case_id
        for p in client.get(reverse("intake:queue"), {"sortering": "nyest"}).context["page"].object_list
    ]
    assert oldest_first == [older.pk, case.pk]
    assert newest_first == [case.pk, older.pk]


def test_queue_takes_the_same_number_of_queries_for_many_cases(client, caseworker, participant, offers):
    client.force_login(caseworker)
    f.submitted_case(participant, [offers["activity"], offers["vta"]])
    client.get(reverse("intake:queue"))  # the session is saved on the first request
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:queue"))
    for _ in range(6):
        f.submitted_case(participant, [offers["activity"], offers["vta"]])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("intake:queue"))
    assert response.context["page"].paginator.count == 7
    assert len(many) == len(few)


def test_queue_is_paginated(client, caseworker, participant, offers, settings):
    from veivalg.intake.views import staff

    for _ in range(3):
        f.submitted_case(participant, [offers["activity"]])
    client.force_login(caseworker)
    original = staff.QUEUE_PAGE_SIZE
    staff.QUEUE_PAGE_SIZE = 2
    try:
        response = client.get(reverse("intake:queue"), {"type": "dagtilbud", "side": "2"})
    finally:
        staff.QUEUE_PAGE_SIZE = original
    assert len(response.context["page"].object_list) == 1
    assert "type=dagtilbud&amp;side=1" in response.content.decode()


# --- the case page ------------------------------------------------------------------------------


def test_both_offices_see_the_whole_case(client, caseworker, nav_counsellor, case):
    for user in (caseworker, nav_counsellor):
        client.force_login(user)
        page = client.get(case_url(case)).content.decode()
        assert "Tildelingskontoret i Bærum" in page
        assert "NAV Bærum" in page
        assert "Varig tilrettelagt arbeid på Verkstedet" in page


def test_caseworker_gets_forms_only_for_their_own_part(client, caseworker, case):
    client.force_login(caseworker)
    response = client.get(case_url(case))
    handled = {part.route: part.handled for part in response.context["parts"]}
    assert handled == {"vedtak": True, "nav": False}
    page = response.content.decode()
    assert reverse("intake:move", kwargs={"part_id": vedtak_part(case).pk}) in page
    assert reverse("intake:move", kwargs={"part_id": nav_part(case).pk}) not in page


def test_reading_a_case_is_written_to_the_access_log(client, caseworker, case, participant):
    client.force_login(caseworker)
    client.get(case_url(case))
    entry = AccessLogEntry.objects.get(person=participant, action=AccessLogEntry.Action.READ)
    assert entry.what == f"sak {case.reference}"
    assert entry.organisation == "Tildelingskontoret i Bærum"
    assert entry.actor_user == caseworker


def test_caseworker_in_another_municipality_cannot_open_the_case(client, other_caseworker, case):
    client.force_login(other_caseworker)
    assert client.get(case_url(case)).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_applicant_cannot_open_the_staff_case_page(client, participant, case):
    client.force_login(participant.user)
    assert client.get(case_url(case)).status_code == 404


def test_provider_staff_cannot_open_the_case(client, provider_staff, case):
    client.force_login(provider_staff)
    assert client.get(case_url(case)).status_code == 404


def test_case_page_links_to_the_decision_only_when_that_page_exists(client, caseworker, case):
    services.move_part(part=vedtak_part(case), to=PartStatus.READY, by=caseworker, why="Alt er avklart")
    client.force_login(caseworker)
    assert client.get(case_url(case)).status_code == 200


# --- status -------------------------------------------------------------------------------------


def test_caseworker_moves_their_part_to_clarification_with_a_reason(client, caseworker, case):
    client.force_login(caseworker)
    response = move(client, vedtak_part(case), "clarification")
    assert response.status_code == 302
    assert response["Location"].endswith("#del-vedtak")
    assert vedtak_part(case).status == PartStatus.CLARIFICATION
    event = CaseEvent.objects.get(kind=CaseEvent.Kind.TRANSITION)
    assert (event.actor_user, event.from_status, event.to_status) == (caseworker, "received", "clarification")
    assert event.text == "Vi trenger mer informasjon."
    assert "Statusen er endret" in client.get(response["Location"]).content.decode()


def test_a_status_change_needs_a_reason(client, caseworker, case):
    client.force_login(caseworker)
    response = move(client, vedtak_part(case), "ready", why="")
    assert response.status_code == 200
    assert "Skriv hvorfor du endrer statusen." in response.content.decode()
    assert vedtak_part(case).status == PartStatus.RECEIVED


def test_a_move_the_state_machine_forbids_is_refused_with_a_message(client, caseworker, case):
    client.force_login(caseworker)
    response = move(client, vedtak_part(case), "started")
    assert response.status_code == 200
    assert "Saken kan ikke flyttes dit" in response.content.decode()
    assert vedtak_part(case).status == PartStatus.RECEIVED


def test_an_older_copy_from_a_second_tab_overwrites_nothing(client, caseworker, case):
    part = vedtak_part(case)
    old_version = part.version
    client.force_login(caseworker)
    assert move(client, part, "clarification", version=old_version).status_code == 302
    part.refresh_from_db()
    response = move(client, part, "ready", why="Fra den andre fanen", version=old_version)
    assert response.status_code == 409
    page = response.content.decode()
    assert "endret av noen andre" in page
    assert "Fra den andre fanen" in page  # what was typed is kept
    assert vedtak_part(case).status == PartStatus.CLARIFICATION


def test_caseworker_cannot_move_the_nav_part(client, caseworker, case):
    client.force_login(caseworker)
    assert move(client, nav_part(case), "clarification").status_code == 404
    assert nav_part(case).status == PartStatus.RECEIVED


def test_outsider_cannot_move_a_part(client, outsider, case):
    client.force_login(outsider.user)
    assert move(client, vedtak_part(case), "clarification").status_code == 404


def test_caseworker_records_that_the_applicant_withdrew(client, caseworker, case):
    client.force_login(caseworker)
    response = move(client, vedtak_part(case), "withdrawn", why="Mor ringte 3. mars og trakk søknaden.")
    assert response.status_code == 302
    assert vedtak_part(case).status == PartStatus.WITHDRAWN
    assert AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.CHANGE, what__endswith="trukket"
    ).exists()


def test_moving_to_started_after_the_applicant_accepted(client, caseworker, case, participant):
    part = vedtak_part(case)
    services.move_part(part=part, to=PartStatus.READY, by=caseworker, why="Klar")
    services.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=caseworker,
        reasons="Behovet er dokumentert.",
        legal_basis="Helse- og omsorgstjenesteloven § 3-2",
        offer=part.case.application.choices.first().offer,
        start_date=datetime.date(2027, 8, 16),
    )
    services.answer_offer(part=part, accept=True, by=participant)
    client.force_login(caseworker)
    part.refresh_from_db()
    assert move(client, part, "started", why="Første dag 16. august").status_code == 302
    assert vedtak_part(case).status == PartStatus.STARTED


# --- assigning and notes ------------------------------------------------------------------------


def test_caseworker_takes_the_case(client, caseworker, case):
    part = vedtak_part(case)
    client.force_login(caseworker)
    response = client.post(
        reverse("intake:assign", kwargs={"part_id": part.pk}),
        {"saksbehandler-vedtak-assignee": str(caseworker.pk), "saksbehandler-vedtak-version": part.version},
    )
    assert response.status_code == 302
    assert vedtak_part(case).assigned_to == caseworker


def test_caseworker_assigns_a_colleague_at_the_same_office(client, caseworker, offices, case):
    colleague = f.caseworker(offices["allocation"], username="kollega")
    part = vedtak_part(case)
    client.force_login(caseworker)
    client.post(
        reverse("intake:assign", kwargs={"part_id": part.pk}),
        {"saksbehandler-vedtak-assignee": str(colleague.pk), "saksbehandler-vedtak-version": part.version},
    )
    assert vedtak_part(case).assigned_to == colleague


def test_a_caseworker_at_another_office_cannot_be_assigned(client, caseworker, other_caseworker, case):
    part = vedtak_part(case)
    client.force_login(caseworker)
    response = client.post(
        reverse("intake:assign", kwargs={"part_id": part.pk}),
        {
            "saksbehandler-vedtak-assignee": str(other_caseworker.pk),
            "saksbehandler-vedtak-version": part.version,
        },
    )
    assert response.status_code == 200
    assert "Velg en saksbehandler fra listen." in response.content.decode()
    assert vedtak_part(case).assigned_to is None


def test_outsider_cannot_assign(client, outsider, case):
    client.force_login(outsider.user)
    part = vedtak_part(case)
    response = client.post(reverse("intake:assign", kwargs={"part_id": part.pk}), {})
    assert response.status_code == 404


def test_internal_note_is_seen_by_both_offices(client, caseworker, nav_counsellor, case):
    client.force_login(caseworker)
    response = client.post(
        reverse("intake:note", kwargs={"part_id": vedtak_part(case).pk}),
        {"merknad-vedtak-text": "Søkeren ønsker å starte etter sommeren."},
    )
    assert response.status_code == 302
    assert CaseEvent.objects.get(kind=CaseEvent.Kind.NOTE).internal
    client.force_login(nav_counsellor)
    assert "Søkeren ønsker å starte etter sommeren." in client.get(case_url(case)).content.decode()


def test_an_empty_note_is_refused_with_a_message(client, caseworker, case):
    client.force_login(caseworker)
    response = client.post(reverse("intake:note", kwargs={"part_id": vedtak_part(case).pk}), {})
    assert "Skriv merknaden før du lagrer." in response.content.decode()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE).exists()


def test_outsider_cannot_write_a_note(client, other_caseworker, case):
    client.force_login(other_caseworker)
    response = client.post(
        reverse("intake:note", kwargs={"part_id": vedtak_part(case).pk}), {"merknad-vedtak-text": "Hei"}
    )
    assert response.status_code == 404


def test_the_change_forms_answer_only_post(caseworker, case):
    client = Client()  # a 405 has no page to check
    client.force_login(caseworker)
    for name in ("move", "assign", "note"):
        assert (
            client.get(reverse(f"intake:{name}", kwargs={"part_id": vedtak_part(case).pk})).status_code == 405
        )


# --- booking a clarification --------------------------------------------------------------------


def booking(provider, **changes):
    start = timezone.localdate() + datetime.timedelta(days=7)
    return {
        "kind": "visit",
        "provider": str(provider.pk),
        "starts_on": start.isoformat(),
        "note": "",
        **changes,
    }


def test_caseworker_books_a_visit_at_a_provider(client, caseworker, provider, case):
    client.force_login(caseworker)
    url = reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk})
    assert client.get(url).status_code == 200
    response = client.post(url, booking(provider, note="Hun liker å jobbe med dyr."))
    assert response.status_code == 302
    clarification = Clarification.objects.get()
    assert (clarification.provider, clarification.booked_by) == (provider, caseworker)
    assert vedtak_part(case).status == PartStatus.CLARIFICATION


def test_caseworker_opening_the_booking_form_is_logged_for_the_applicant(client, caseworker, case):
    client.force_login(caseworker)
    url = reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk})
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.get(
        person=case.applicant, actor_user=caseworker, action=AccessLogEntry.Action.READ
    )
    assert entry.what == f"bestilling av avklaring i sak {case.reference}"


def test_nav_opening_the_booking_form_of_the_municipal_part_is_refused_and_not_logged(
    client, nav_counsellor, case
):
    client.force_login(nav_counsellor)
    url = reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk})
    assert client.get(url).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_trial_cannot_end_before_it_starts(client, caseworker, provider, case):
    client.force_login(caseworker)
    start = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk}),
        booking(provider, kind="trial", ends_on=(start - datetime.timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    assert "Siste dag kan ikke være før første dag." in response.content.decode()
    assert not Clarification.objects.exists()


def test_a_date_in_the_past_is_refused(client, caseworker, provider, case):
    client.force_login(caseworker)
    response = client.post(
        reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk}),
        booking(provider, starts_on="2020-01-01"),
    )
    assert "Datoen har vært." in response.content.decode()


def test_only_providers_serving_the_municipality_are_offered(client, caseworker, provider, case):
    f.provider_office("Bergen Verksted AS", "4601")
    client.force_login(caseworker)
    response = client.get(reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk}))
    assert list(response.context["form"].fields["provider"].queryset) == [provider]


def test_caseworker_cannot_book_on_the_nav_part(client, caseworker, case):
    client.force_login(caseworker)
    assert (
        client.get(reverse("intake:book_clarification", kwargs={"part_id": nav_part(case).pk})).status_code
        == 404
    )


def test_outsider_cannot_book_a_clarification(client, outsider, case):
    client.force_login(outsider.user)
    url = reverse("intake:book_clarification", kwargs={"part_id": vedtak_part(case).pk})
    assert client.get(url).status_code == 404
