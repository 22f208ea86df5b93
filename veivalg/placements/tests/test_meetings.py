"""Flow meetings in the back office (/ansatt/flytmoter/): a caseworker at Bærum's allocation
office plans the meetings, builds the agenda, records outcomes, closes the meeting and downloads
the minutes; NAV (invited) reads; everyone else is refused."""

import datetime
import re
import zlib

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.urls import reverse
from django_tasks.signals import task_enqueued

from veivalg.audit.models import AccessLogEntry
from veivalg.directory.tests.factories import municipality
from veivalg.intake.models import Case
from veivalg.intake.states import PartStatus
from veivalg.placements import services
from veivalg.placements.models import ChangeWish, FlowMeeting, MeetingItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage_in_tmp")]
BAERUM = "3201"


@pytest.fixture
def meeting(offices):
    return services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality(BAERUM)],
        held_on=datetime.date(2027, 5, 5),
        title="Flytmøte uke 18",
        invited=[offices["nav"]],
    )


@pytest.fixture
def wish_item(meeting, participant, offers):
    placement = services.place(
        person=participant,
        offer=offers["activity"],
        municipality=municipality(BAERUM),
        starts_on=datetime.date(2026, 8, 17),
        days_per_week=3,
    )
    services.register_wish(
        person=participant,
        kind=ChangeWish.Kind.ORDINARY,
        reason="Prøve vanlig jobb.",
        placement=placement,
        by_person=participant,
    )
    services.build_agenda(meeting)
    return meeting.items.get(source=MeetingItem.Source.WISH)


def signed_in(client, user):
    client.force_login(user)
    return client


def item_url(item):
    return reverse("placements:meeting_item", kwargs={"item_id": item.pk})


def meeting_url(meeting):
    return reverse("placements:meeting", kwargs={"meeting_id": meeting.pk})


# --- who may ------------------------------------------------------------------------------------


def test_caseworker_sees_the_meetings_of_her_office(client, caseworker, meeting):
    response = signed_in(client, caseworker).get(reverse("placements:meetings"))
    assert response.status_code == 200 and "Flytmøte uke 18" in response.content.decode()


def test_a_caseworker_in_another_municipality_is_refused(client, other_caseworker, meeting, wish_item):
    signed_in(client, other_caseworker)
    assert "Flytmøte uke 18" not in client.get(reverse("placements:meetings")).content.decode()
    assert client.get(meeting_url(meeting)).status_code == 404
    assert client.get(item_url(wish_item)).status_code == 404


def test_provider_staff_and_citizens_are_refused(client, provider_staff, participant, meeting):
    assert signed_in(client, provider_staff).get(meeting_url(meeting)).status_code == 404
    client.logout()
    assert signed_in(client, participant.user).get(meeting_url(meeting)).status_code == 404


def test_invited_nav_reads_the_item_but_cannot_record(client, nav_counsellor, wish_item):
    signed_in(client, nav_counsellor)
    page = client.get(item_url(wish_item))
    assert page.status_code == 200 and "Lagre utfallet" not in page.content.decode()
    refused = client.post(item_url(wish_item), {"version": 1, "outcome": "no_change", "minutes": "x"})
    assert refused.status_code == 404
    assert (
        client.get(
            reverse("placements:close_meeting", kwargs={"meeting_id": wish_item.meeting_id})
        ).status_code
        == 404
    )


# --- planning -----------------------------------------------------------------------------------


def test_plan_offers_weeks_18_and_41_and_invites_nav(client, caseworker, offices, provider):
    signed_in(client, caseworker)
    form = client.get(reverse("placements:plan_meetings"))
    choices = form.context["form"].fields["dates"].choices
    assert [datetime.date.fromisoformat(v).isocalendar()[1] for v, _ in choices] in ([18, 41], [41, 18])
    invitable = set(form.context["form"].fields["invited"].queryset)
    assert invitable == {offices["nav"], provider}
    response = client.post(
        reverse("placements:plan_meetings"),
        {
            "kontor": str(offices["allocation"].pk),
            "dates": [v for v, _ in choices],
            "municipalities": [municipality(BAERUM).pk],
            "invited": [str(offices["nav"].pk)],
        },
    )
    assert response.status_code == 302
    planned = FlowMeeting.objects.filter(organiser=offices["allocation"])
    assert planned.count() == 2 and all(m.invited.get() == offices["nav"] for m in planned)
    again = client.post(
        reverse("placements:plan_meetings"),
        {
            "kontor": str(offices["allocation"].pk),
            "dates": [choices[0][0]],
            "municipalities": [municipality(BAERUM).pk],
        },
    )
    assert again.status_code == 400 and "har allerede et møte" in again.content.decode()


def test_plan_without_a_day_says_what_to_do(client, caseworker):
    response = signed_in(client, caseworker).post(reverse("placements:plan_meetings"), {"municipalities": []})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Velg minst én møtedag" in text and "Velg minst én kommune" in text


# --- the agenda ---------------------------------------------------------------------------------


def test_build_agenda_button_and_one_log_entry_per_person_shown(
    client, caseworker, meeting, participant, offers
):
    placement = services.place(
        person=participant,
        offer=offers["activity"],
        municipality=municipality(BAERUM),
        starts_on=datetime.date(2026, 8, 17),
        days_per_week=3,
    )
    services.register_wish(
        person=participant,
        kind=ChangeWish.Kind.MORE,
        reason="Mer.",
        placement=placement,
        by_person=participant,
    )
    signed_in(client, caseworker)
    built = client.post(reverse("placements:build_agenda", kwargs={"meeting_id": meeting.pk}), follow=True)
    assert "1 nye saker" in built.content.decode()
    assert participant.name in built.content.decode()
    reads = AccessLogEntry.objects.filter(person=participant, action="read", what__endswith="saksliste")
    assert reads.count() == 1
    client.get(meeting_url(meeting))
    assert reads.count() == 1  # not again the same day


def test_building_the_agenda_of_a_closed_meeting_is_refused(client, caseworker, meeting):
    services.close_meeting(meeting=meeting, by=caseworker, make_minutes=False)
    response = signed_in(client, caseworker).post(
        reverse("placements:build_agenda", kwargs={"meeting_id": meeting.pk}), follow=True
    )
    assert "Møtet er lukket" in response.content.decode()


# --- outcomes -----------------------------------------------------------------------------------


def record(client, item, **data):
    return client.post(item_url(item), {"version": item.version, "minutes": "Vi prøver VTA.", **data})


def test_a_new_decision_opens_a_case_and_the_participant_is_told(
    client, caseworker, wish_item, offers, django_capture_on_commit_callbacks
):
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append((task_result.task.name, task_result.args))

    task_enqueued.connect(remember)
    signed_in(client, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        response = record(client, wish_item, outcome="new_decision", new_offer=offers["vta"].pk)
    assert response.status_code == 302
    wish_item.refresh_from_db()
    assert wish_item.new_part.route == "nav" and wish_item.new_part.status == PartStatus.RECEIVED
    wish = ChangeWish.objects.get()
    assert (wish.status, wish.outcome) == (ChangeWish.Status.DONE, "Vi prøver VTA.")
    task_enqueued.disconnect(remember)
    assert ("send_case_notice", [str(wish_item.new_part.case_id)]) in enqueued  # no personal data in it
    assert AccessLogEntry.objects.filter(person=wish_item.person, action="change").exists()


def test_a_new_decision_needs_an_offer(client, caseworker, wish_item):
    response = record(signed_in(client, caseworker), wish_item, outcome="new_decision")
    assert response.status_code == 400
    assert "Velg tilbudet" in response.content.decode() and "Vi prøver VTA." in response.content.decode()


def test_an_older_copy_is_refused_and_what_was_typed_is_kept(client, caseworker, wish_item):
    signed_in(client, caseworker)
    services.record_outcome(item=wish_item, outcome="postponed", minutes="Først.", version=1, by=caseworker)
    response = client.post(
        item_url(wish_item), {"version": 1, "outcome": "no_change", "minutes": "Mitt referat."}
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Noen andre har lagret" in text and "Mitt referat." in text
    assert response.context["form"].initial["version"] == 2
    wish_item.refresh_from_db()
    assert wish_item.minutes == "Først."


def test_a_closed_meeting_cannot_change_and_the_text_is_shown_again(client, caseworker, wish_item):
    services.close_meeting(meeting=wish_item.meeting, by=caseworker, make_minutes=False)
    response = record(signed_in(client, caseworker), wish_item, outcome="no_change", minutes="Sent referat.")
    assert response.status_code == 409
    text = response.content.decode()
    assert "Møtet er lukket" in text and "Sent referat." in text
    wish_item.refresh_from_db()
    assert wish_item.outcome == ""


def test_an_open_case_for_the_same_offer_conflicts(client, caseworker, case, meeting, offers):
    services.register_wish(
        person=case.applicant, kind=ChangeWish.Kind.MORE, reason="Mer.", by_person=case.applicant
    )
    services.build_agenda(meeting)
    item = meeting.items.get(source="wish")
    response = record(signed_in(client, caseworker), item, outcome="new_decision", new_offer=offers["vta"].pk)
    assert response.status_code == 409
    assert case.reference in response.content.decode()
    assert Case.objects.count() == 1


def test_no_change_after_a_case_was_opened_conflicts_but_minutes_may_change(
    client, caseworker, wish_item, offers
):
    signed_in(client, caseworker)
    record(client, wish_item, outcome="new_decision", new_offer=offers["vta"].pk)
    wish_item.refresh_from_db()
    refused = record(client, wish_item, outcome="no_change")
    assert refused.status_code == 409 and "allerede startet en ny sak" in refused.content.decode()
    fixed = record(client, wish_item, outcome="new_decision", minutes="Rettet referat.")
    assert fixed.status_code == 302
    wish_item.refresh_from_db()
    assert wish_item.minutes == "Rettet referat." and Case.objects.count() == 1
    assert ChangeWish.objects.get().outcome == "Rettet referat."


def test_opening_an_item_is_logged_once_per_view(client, caseworker, wish_item):
    signed_in(client, caseworker).get(item_url(wish_item))
    assert AccessLogEntry.objects.filter(person=wish_item.person, what__endswith=": sak").count() == 1


# --- closing and the minutes --------------------------------------------------------------------


def test_closing_makes_tagged_minutes_in_private_storage(
    client, caseworker, nav_counsellor, wish_item, django_capture_on_commit_callbacks
):
    signed_in(client, caseworker)
    record(client, wish_item, outcome="no_change", minutes="Fortsetter som nå.")
    confirm = client.get(reverse("placements:close_meeting", kwargs={"meeting_id": wish_item.meeting_id}))
    assert "Alle 1 saker har fått utfall" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        closed = client.post(reverse("placements:close_meeting", kwargs={"meeting_id": wish_item.meeting_id}))
    assert closed.status_code == 302
    meeting = FlowMeeting.objects.get()
    assert meeting.is_closed and storages["private"].exists(meeting.minutes_pdf.name)
    client.logout()
    signed_in(client, nav_counsellor)
    download = client.get(reverse("placements:minutes_pdf", kwargs={"meeting_id": meeting.pk}))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    objects = inflated(pdf)
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects and b"/Lang" in objects
    assert b"pdfuaid:part" in objects  # declared PDF/UA-1
    assert AccessLogEntry.objects.filter(person=wish_item.person, what__endswith="referat").count() == 1


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, metadata) unpacked, to search in."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_minutes_are_not_for_outsiders(client, other_caseworker, caseworker, wish_item):
    services.close_meeting(meeting=wish_item.meeting, by=caseworker)
    url = reverse("placements:minutes_pdf", kwargs={"meeting_id": wish_item.meeting_id})
    assert signed_in(client, other_caseworker).get(url).status_code == 404


def test_no_mail_carries_personal_data(client, caseworker, wish_item, offers):
    record(signed_in(client, caseworker), wish_item, outcome="new_decision", new_offer=offers["vta"].pk)
    for message in mail.outbox:
        assert wish_item.person.name not in message.body + message.subject
