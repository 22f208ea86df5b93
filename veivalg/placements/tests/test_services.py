"""Placements, capacity, waiting lists, wishes and flow meetings: the rules in services/."""

import datetime
from decimal import Decimal

import pytest

from veivalg.audit.models import AccessLogEntry
from veivalg.directory.tests.factories import municipality
from veivalg.intake import services as intake
from veivalg.intake.states import PartStatus
from veivalg.placements import services
from veivalg.placements.models import (
    Capacity,
    ChangeWish,
    MeetingItem,
    Placement,
    Reservation,
    WaitingListEntry,
)

pytestmark = pytest.mark.django_db
BAERUM = "3201"
MONDAY = datetime.date(2027, 8, 16)


def place(person, offer, days, starts_on=MONDAY, ends_on=None, **kwargs):
    return services.place(
        person=person,
        offer=offer,
        municipality=municipality(BAERUM),
        starts_on=starts_on,
        ends_on=ends_on,
        days_per_week=Decimal(days),
        **kwargs,
    )


def test_a_combination_fits_in_a_week_but_not_more(participant, offers):
    place(participant, offers["activity"], 3)
    place(participant, offers["vta"], 2)
    with pytest.raises(services.WeekOverfull) as refused:
        place(participant, offers["vta"], "0.5", starts_on=MONDAY + datetime.timedelta(days=30))
    assert refused.value.total == Decimal("5.5")


def test_placements_one_after_the_other_are_not_added_up(participant, offers):
    place(participant, offers["activity"], 5, ends_on=MONDAY + datetime.timedelta(days=99))
    place(participant, offers["vta"], 5, starts_on=MONDAY + datetime.timedelta(days=100))
    assert Placement.objects.filter(person=participant).count() == 2


def test_over_capacity_needs_a_reason_and_is_then_flagged(participant, guardian, outsider, offers):
    capacity = Capacity.objects.create(offer=offers["vta"], starts_on=datetime.date(2027, 1, 1), places=1)
    Reservation.objects.create(capacity=capacity, municipality=municipality("3203"), places=1)
    place(participant, offers["vta"], 5)
    with pytest.raises(services.OverCapacity):
        place(outsider, offers["vta"], 5)
    extra = place(outsider, offers["vta"], 5, over_capacity_reason="Akutt behov etter flytting.")
    assert extra.over_capacity
    status = services.capacity_on(offers["vta"], MONDAY)
    assert (status["places"], status["occupied"], status["free"]) == (1, 2, -1)
    assert status["reserved"] == [{"for": "Asker", "places": 1, "used": 0}]


def test_a_second_change_from_an_older_copy_is_refused(participant, offers, caseworker):
    placement = place(participant, offers["activity"], 3)
    seen = placement.version
    services.change_placement(placement=placement, version=seen, by=caseworker, days_per_week=Decimal(4))
    with pytest.raises(services.StaleVersion):
        services.change_placement(placement=placement, version=seen, by=caseworker, days_per_week=Decimal(2))
    placement.refresh_from_db()
    assert placement.days_per_week == Decimal(4)


def decide(part, outcome, by, offer, **kwargs):
    intake.move_part(part=part, to=PartStatus.READY, by=by)
    return intake.decide(
        part=part, outcome=outcome, by=by, reasons="Vurdert.", legal_basis="§", offer=offer, **kwargs
    )


def test_waiting_list_decision_puts_on_the_list_and_a_granted_place_takes_off(case, nav_counsellor, offers):
    part = case.parts.get(route="nav")
    decide(part, PartStatus.WAITING_LIST, nav_counsellor, offers["vta"])
    entry = WaitingListEntry.objects.waiting().get()
    assert (entry.person, entry.kind.code, entry.office.name) == (case.applicant, "vta", "NAV Bærum")
    intake.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=nav_counsellor,
        reasons="Plass ledig.",
        legal_basis="§",
        offer=offers["vta"],
        start_date=MONDAY,
        days_per_week=5,
    )
    entry.refresh_from_db()
    assert entry.left_reason == WaitingListEntry.Reason.GRANTED and entry.left_on is not None


def test_priority_and_preferences_are_saved_the_version_goes_up_and_the_change_is_logged(
    case, nav_counsellor, offers
):
    decide(case.parts.get(route="nav"), PartStatus.WAITING_LIST, nav_counsellor, offers["vta"])
    entry = WaitingListEntry.objects.get()
    assert entry.version == 1
    saved = services.set_priority(
        entry=entry,
        version=1,
        priority=2,
        reasons="Mistet dagtilbudet.",
        preferences="Nær hjemme, tre dager i uka, gjerne kjøkken.",
        by=nav_counsellor,
    )
    assert (saved.priority, saved.priority_reasons, saved.version) == (2, "Mistet dagtilbudet.", 2)
    assert saved.preferences == "Nær hjemme, tre dager i uka, gjerne kjøkken."
    changes = AccessLogEntry.objects.filter(
        person=case.applicant, action=AccessLogEntry.Action.CHANGE, what__startswith="venteliste"
    )
    assert list(changes.values_list("what", flat=True)) == ["venteliste: prioritet og ønsker"]


def test_a_priority_from_an_older_copy_is_refused_and_nothing_is_saved(case, nav_counsellor, offers):
    decide(case.parts.get(route="nav"), PartStatus.WAITING_LIST, nav_counsellor, offers["vta"])
    entry = WaitingListEntry.objects.get()
    services.set_priority(
        entry=entry, version=1, priority=2, reasons="Først.", preferences="", by=nav_counsellor
    )
    with pytest.raises(services.StaleVersion):
        services.set_priority(
            entry=entry, version=1, priority=5, reasons="Sist.", preferences="Noe annet.", by=nav_counsellor
        )
    entry.refresh_from_db()
    assert (entry.priority, entry.priority_reasons, entry.preferences, entry.version) == (2, "Først.", "", 2)
    assert AccessLogEntry.objects.filter(what__startswith="venteliste: prioritet").count() == 1


def test_ja_takk_makes_the_placement_from_the_decision(case, caseworker, offers):
    part = case.parts.get(route="vedtak")
    decision = decide(
        part, PartStatus.GRANTED, caseworker, offers["activity"], start_date=MONDAY, days_per_week=3
    )
    intake.answer_offer(part=part, accept=True, by=case.applicant)
    placement = Placement.objects.get()
    assert (placement.offer, placement.days_per_week, placement.decision) == (offers["activity"], 3, decision)


def test_agenda_holds_wishes_waiting_and_endings_once(
    case, caseworker, nav_counsellor, offers, offices, participant
):
    ending = place(participant, offers["activity"], 2, ends_on=datetime.date(2027, 12, 31))
    services.register_wish(
        person=participant,
        kind=ChangeWish.Kind.MORE,
        reason="Vil jobbe mer.",
        placement=ending,
        by_person=participant,
    )
    decide(case.parts.get(route="nav"), PartStatus.WAITING_LIST, nav_counsellor, offers["vta"])
    meeting = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality(BAERUM)],
        held_on=datetime.date(2027, 10, 13),
        title="Flytmøte uke 41",
        invited=[offices["nav"]],
    )
    assert services.build_agenda(meeting) == 3
    assert services.build_agenda(meeting) == 0
    assert set(meeting.items.values_list("source", flat=True)) == {"wish", "waiting", "ending"}


def test_an_outcome_opens_a_new_case_and_a_closed_meeting_cannot_change(
    case, caseworker, offices, offers, participant
):
    services.register_wish(
        person=participant, kind=ChangeWish.Kind.ORDINARY, reason="Prøve vanlig jobb.", by_person=participant
    )
    meeting = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality(BAERUM)],
        held_on=datetime.date(2027, 5, 5),
        title="Flytmøte uke 18",
    )
    services.build_agenda(meeting)
    item = meeting.items.get(source=MeetingItem.Source.WISH)
    item = services.record_outcome(
        item=item,
        outcome=MeetingItem.Outcome.NEW_DECISION,
        minutes="Søker VTO.",
        version=item.version,
        by=caseworker,
        new_offer=offers["vta"],
    )
    assert item.new_part.route == "nav" and item.new_part.status == PartStatus.RECEIVED
    assert ChangeWish.objects.get().status == ChangeWish.Status.DONE
    services.close_meeting(meeting=meeting, by=caseworker, make_minutes=False)
    with pytest.raises(services.MeetingClosed):
        services.record_outcome(
            item=item, outcome=MeetingItem.Outcome.NO_CHANGE, minutes="x", version=item.version, by=caseworker
        )


def test_default_meeting_weeks_are_18_and_41():
    first, second = services.default_meeting_dates(2027)
    assert first.isocalendar()[1] == 18 and second.isocalendar()[1] == 41


def test_a_new_case_from_a_meeting_is_where_the_person_lives_and_can_reach_them(
    case, caseworker, offices, offers, participant
):
    from veivalg.accounts.models import Organisation

    asker_office = Organisation.objects.create(name="Tildelingskontoret i Asker", kind="allocation_office")
    asker_office.municipalities.add(municipality("3203"))
    services.register_wish(
        person=participant, kind=ChangeWish.Kind.LESS, reason="Sliten.", by_person=participant
    )
    region = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality("3203"), municipality(BAERUM)],
        held_on=datetime.date(2027, 5, 5),
        title="Regionalt flytmøte",
    )
    services.build_agenda(region)
    item = region.items.get()
    item = services.record_outcome(
        item=item,
        outcome=MeetingItem.Outcome.NEW_DECISION,
        minutes="Færre dager.",
        version=item.version,
        by=caseworker,
        new_offer=offers["activity"],
    )
    assert item.new_part.case.municipality.number == BAERUM
    assert item.new_part.office == offices["allocation"]
    assert item.new_part.case.application.answer("kontakt", "email") == "soker@eksempel.no"
