"""A provider invited to a flow meeting (issue 7, item 4): Arbeidssenteret's staff see the
meeting and the items about their own offers and participants, read only; the other people on
the agenda, the minutes and every change stay with the offices. Each item shown is logged."""

import datetime

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from veivalg.accounts.tests.factories import PersonFactory
from veivalg.audit.models import AccessLogEntry
from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, municipality
from veivalg.intake.tests import factories as f
from veivalg.placements import services
from veivalg.placements.models import ChangeWish, MeetingItem, WaitingListEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage_in_tmp")]
BAERUM = "3201"
MEETING_DAY = datetime.date(2027, 5, 5)


@pytest.fixture
def workshop(provider):
    """The provider's own offer."""
    return OfferFactory(
        organization=provider.provider,
        kind=OfferKind.objects.get(code="kommunalt-tilrettelagt-arbeid"),
        title="Verkstedet hos Arbeidssenteret",
    )


def place(person, offer, starts_on=datetime.date(2026, 8, 17), ends_on=None):
    return services.place(
        person=person,
        offer=offer,
        municipality=municipality(BAERUM),
        starts_on=starts_on,
        ends_on=ends_on,
        days_per_week=2,
    )


def wish(person, placement):
    return services.register_wish(
        person=person,
        kind=ChangeWish.Kind.MORE,
        reason="Vil jobbe mer.",
        placement=placement,
        by_person=person,
    )


@pytest.fixture
def agenda(offices, provider, workshop, offers):
    """Bærum's meeting, NAV and the provider invited, with five people on the agenda: three
    connected to the provider's workshop, two not."""
    ours = PersonFactory(display_name="Ida Verksted")  # a wish about her place in the workshop
    wish(ours, place(ours, workshop))
    ending = PersonFactory(display_name="Per Slutter")  # her workshop place ends after the meeting
    place(ending, workshop, ends_on=MEETING_DAY + datetime.timedelta(days=30))
    waiting = PersonFactory(display_name="Kari Venter")  # waiting for the workshop
    WaitingListEntry.objects.create(
        person=waiting,
        offer=workshop,
        kind=workshop.kind,
        municipality=municipality(BAERUM),
        office=offices["allocation"],
        since=datetime.date(2026, 1, 10),
        priority_reasons="Bor hjemme, trenger dagen fylt.",
    )
    elsewhere = PersonFactory(display_name="Ola Gården")  # a wish about a place at another provider
    wish(elsewhere, place(elsewhere, offers["activity"]))
    former = PersonFactory(display_name="Siv Tidligere")  # left the workshop before the meeting
    place(former, workshop, starts_on=datetime.date(2025, 1, 6), ends_on=datetime.date(2026, 6, 30))
    wish(former, place(former, offers["activity"], starts_on=datetime.date(2026, 8, 17)))
    meeting = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality(BAERUM)],
        held_on=MEETING_DAY,
        title="Flytmøte uke 18",
        invited=[offices["nav"], provider],
    )
    services.build_agenda(meeting)
    return meeting


def signed_in(client, user):
    client.force_login(user)
    return client


def meeting_url(meeting):
    return reverse("placements:meeting", kwargs={"meeting_id": meeting.pk})


def item_of(meeting, name):
    return meeting.items.get(person__display_name=name)


def item_url(item):
    return reverse("placements:meeting_item", kwargs={"item_id": item.pk})


OURS = {"Ida Verksted", "Per Slutter", "Kari Venter"}
OTHERS = {"Ola Gården", "Siv Tidligere"}


# --- what the provider sees ---------------------------------------------------------------------


def test_the_rule_connects_the_providers_offers_and_participants_only(agenda, provider):
    shown = MeetingItem.objects.filter(meeting=agenda).shown_to_providers([provider.pk])
    assert {i.person.display_name for i in shown} == OURS
    assert agenda.items.count() == len(OURS | OTHERS)


def test_a_running_place_in_the_workshop_connects_an_item_about_another_offer(agenda, provider, offers):
    ida = item_of(agenda, "Ida Verksted").person
    WaitingListEntry.objects.create(
        person=ida,
        offer=offers["vta"],
        kind=offers["vta"].kind,
        municipality=municipality(BAERUM),
        office=agenda.organiser,
        since=datetime.date(2026, 3, 1),
    )
    services.build_agenda(agenda)
    shown = agenda.items.shown_to_providers([provider.pk]).filter(person=ida)
    assert set(shown.values_list("source", flat=True)) == {"wish", "waiting"}


def test_invited_provider_finds_the_meeting_with_counts_of_its_own_items(client, provider_staff, agenda):
    response = signed_in(client, provider_staff).get(reverse("placements:meetings"))
    assert response.status_code == 200
    (listed,) = response.context["upcoming"]
    assert listed == agenda and (listed.item_count, listed.undecided_count) == (3, 3)
    assert "Planlegg neste møter" not in response.content.decode()


def test_the_offices_still_count_every_item(client, caseworker, agenda):
    response = signed_in(client, caseworker).get(reverse("placements:meetings"))
    assert response.context["upcoming"][0].item_count == 5


def test_invited_provider_sees_only_the_items_of_its_participants(client, provider_staff, agenda):
    response = signed_in(client, provider_staff).get(meeting_url(agenda))
    assert response.status_code == 200
    text = response.content.decode()
    assert all(name in text for name in OURS)
    assert not any(name in text for name in OTHERS)
    assert response.context["total"] == 3
    assert [count for _, _, count in response.context["counts"]] == [1, 1, 1]
    assert "Lag sakslisten" not in text and "Oppdater sakslisten" not in text and "Lukk møtet" not in text


def test_invited_provider_reads_an_item_of_its_own_participant(client, provider_staff, agenda):
    response = signed_in(client, provider_staff).get(item_url(item_of(agenda, "Kari Venter")))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bor hjemme, trenger dagen fylt." in text and "Lagre utfallet" not in text


def test_the_offices_see_the_whole_agenda(client, nav_counsellor, agenda):
    response = signed_in(client, nav_counsellor).get(meeting_url(agenda))
    assert response.context["total"] == 5


# --- what the provider may not ------------------------------------------------------------------


def test_a_provider_not_invited_gets_404(client, agenda):
    other = f.provider_office("Annen Tilbyder AS")
    staff = f.staff_user("annen", "provider_staff", other)
    signed_in(client, staff)
    assert agenda not in client.get(reverse("placements:meetings")).context["upcoming"]
    assert client.get(meeting_url(agenda)).status_code == 404
    assert client.get(item_url(item_of(agenda, "Ida Verksted"))).status_code == 404


def test_invited_provider_cannot_open_another_persons_item(client, provider_staff, agenda):
    signed_in(client, provider_staff)
    for name in OTHERS:
        assert client.get(item_url(item_of(agenda, name))).status_code == 404


def test_invited_provider_cannot_record_an_outcome(client, provider_staff, agenda):
    item = item_of(agenda, "Ida Verksted")
    response = signed_in(client, provider_staff).post(
        item_url(item), {"version": item.version, "outcome": "no_change", "minutes": "Fortsetter."}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert (item.outcome, item.minutes) == ("", "")


def test_invited_provider_cannot_build_the_agenda_close_or_plan(client, provider_staff, agenda):
    signed_in(client, provider_staff)
    kwargs = {"meeting_id": agenda.pk}
    assert client.post(reverse("placements:build_agenda", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("placements:close_meeting", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("placements:close_meeting", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("placements:plan_meetings")).status_code == 404
    agenda.refresh_from_db()
    assert not agenda.is_closed


def test_invited_provider_cannot_download_the_minutes(
    client, provider_staff, caseworker, agenda, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.close_meeting(meeting=agenda, by=caseworker)
    agenda.refresh_from_db()
    assert storages["private"].exists(agenda.minutes_pdf.name)
    signed_in(client, provider_staff)
    page = client.get(meeting_url(agenda)).content.decode()
    assert "Last ned referatet" not in page and "kan ikke laste det ned" in page
    url = reverse("placements:minutes_pdf", kwargs={"meeting_id": agenda.pk})
    assert client.get(url).status_code == 404


# --- the access log -----------------------------------------------------------------------------


def test_each_item_shown_to_the_provider_is_logged_once_a_day(client, provider_staff, agenda):
    signed_in(client, provider_staff)
    client.get(meeting_url(agenda))
    client.get(meeting_url(agenda))
    reads = AccessLogEntry.objects.filter(
        actor_user=provider_staff, action="read", what__endswith="saksliste"
    )
    assert sorted(reads.values_list("person__display_name", flat=True)) == sorted(OURS)
    assert set(reads.values_list("organisation", flat=True)) == {"Arbeidssenteret AS"}


def test_opening_an_item_is_logged_for_its_person(client, provider_staff, agenda):
    item = item_of(agenda, "Per Slutter")
    signed_in(client, provider_staff).get(item_url(item))
    reads = AccessLogEntry.objects.filter(actor_user=provider_staff, what__endswith=": sak")
    assert list(reads.values_list("person", flat=True)) == [item.person_id]


# --- the staff home -----------------------------------------------------------------------------


def test_the_staff_home_offers_provider_staff_the_flow_meetings(client, provider_staff):
    response = signed_in(client, provider_staff).get(reverse("staff:home"))
    assert reverse("placements:meetings") in response.content.decode()
