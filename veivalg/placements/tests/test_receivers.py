"""What placements does when the intake announces a decision or an answer (receivers.py): a move
decided through a flow meeting ends the old placement, and a placement that cannot be made
leaves the applicant's «ja takk» recorded and tells the caseworker on the case."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory, municipality
from veivalg.intake import services as intake
from veivalg.intake.models import CaseEvent
from veivalg.intake.states import PartStatus
from veivalg.placements import services
from veivalg.placements.models import ChangeWish, MeetingItem, Placement

pytestmark = pytest.mark.django_db
BAERUM = "3201"
JANUARY = datetime.date(2027, 1, 4)
MEETING_DAY = datetime.date(2027, 5, 5)
MOVE_DAY = datetime.date(2027, 8, 16)


@pytest.fixture
def other_activity(db):
    """A second day-activity offer in Bærum: where the person moves to."""
    return OfferFactory(
        kind=OfferKind.objects.get(code="dagtilbud"),
        organization=OrganizationFactory(municipality=municipality(BAERUM)),
        title="Dagtilbud i Snekkerverkstedet",
    )


def placed(person, offer, days, starts_on=JANUARY):
    return services.place(
        person=person,
        offer=offer,
        municipality=municipality(BAERUM),
        starts_on=starts_on,
        days_per_week=Decimal(days),
    )


def move_decided_in_a_flow_meeting(*, person, old, new_offer, offices, caseworker, days=5):
    """The person's wish to move from `old` is on a flow meeting's agenda; the meeting's outcome
    opens a change case for `new_offer`, and the caseworker grants it from MOVE_DAY."""
    services.register_wish(
        person=person,
        kind=ChangeWish.Kind.OTHER_PROVIDER,
        reason="Vil bytte sted.",
        placement=old,
        by_person=person,
    )
    meeting = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality(BAERUM)],
        held_on=MEETING_DAY,
        title="Uke 18",
    )
    services.build_agenda(meeting)
    item = meeting.items.get(source=MeetingItem.Source.WISH)
    item = services.record_item_outcome(
        item=item,
        outcome=MeetingItem.Outcome.NEW_DECISION,
        minutes="Bytter til Snekkerverkstedet.",
        version=item.version,
        by=caseworker,
        new_offer=new_offer,
    )
    part = intake.move_part(part=item.new_part, to=PartStatus.READY, by=caseworker)
    decision = intake.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=caseworker,
        reasons="Innvilget etter flytmøtet.",
        legal_basis="Helse- og omsorgstjenesteloven § 3-2",
        offer=new_offer,
        start_date=MOVE_DAY,
        days_per_week=days,
    )
    part.refresh_from_db()
    return part, decision


def say_ja_takk(client, person, part):
    client.force_login(person.user)
    return client.post(
        reverse("intake:answer_offer", kwargs={"part_id": part.pk}), {"answer": "ja", "version": part.version}
    )


def test_a_person_moved_by_a_flow_meeting_outcome_has_their_old_placement_ended(
    client, participant, offers, offices, caseworker, other_activity
):
    old = placed(participant, offers["activity"], 5)
    part, decision = move_decided_in_a_flow_meeting(
        person=participant, old=old, new_offer=other_activity, offices=offices, caseworker=caseworker
    )

    say_ja_takk(client, participant, part)

    new = Placement.objects.get(decision=decision)
    assert (new.offer, new.starts_on, new.days_per_week) == (other_activity, MOVE_DAY, 5)
    old.refresh_from_db()
    assert old.ends_on == MOVE_DAY - datetime.timedelta(days=1)
    assert old.version == 2
    part.refresh_from_db()
    assert part.status == PartStatus.ACCEPTED


def test_a_move_that_would_overfill_the_week_keeps_ja_takk_and_tells_the_caseworker(
    client, participant, offers, offices, caseworker, other_activity
):
    """Three days at the old place and two at work: the move to five days at the new place would
    make a week of seven. The answer stands, no placement is made, the old one keeps running."""
    old = placed(participant, offers["activity"], 3)
    work = placed(participant, offers["vta"], 2)
    part, decision = move_decided_in_a_flow_meeting(
        person=participant, old=old, new_offer=other_activity, offices=offices, caseworker=caseworker
    )

    response = say_ja_takk(client, participant, part)

    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == PartStatus.ACCEPTED
    assert part.events.filter(to_status=PartStatus.ACCEPTED, actor_name=participant.name).exists()
    assert not Placement.objects.filter(decision=decision).exists()
    old.refresh_from_db()
    assert (old.ends_on, old.version) == (None, 1)
    assert set(Placement.objects.filter(person=participant)) == {old, work}
    note = part.events.get(kind=CaseEvent.Kind.NOTE)
    assert (note.internal, note.actor_user, note.actor_name) == (True, None, "Veivalg")
    assert "7" in note.text

    client.force_login(caseworker)
    page = client.get(reverse("intake:case_detail", kwargs={"case_id": part.case_id})).content.decode()
    assert note.text in page


def test_a_move_that_cannot_end_the_old_placement_keeps_ja_takk_and_tells_the_caseworker(
    client, participant, offers, offices, caseworker, other_activity
):
    """The placement the move replaces starts only after the new one would: it cannot end the
    day before, so place refuses; nothing of the placement is kept."""
    later = placed(participant, offers["activity"], 2, starts_on=MOVE_DAY + datetime.timedelta(days=30))
    part, decision = move_decided_in_a_flow_meeting(
        person=participant,
        old=later,
        new_offer=other_activity,
        offices=offices,
        caseworker=caseworker,
        days=2,
    )

    say_ja_takk(client, participant, part)

    part.refresh_from_db()
    assert part.status == PartStatus.ACCEPTED
    assert not Placement.objects.filter(decision=decision).exists()
    later.refresh_from_db()
    assert (later.ends_on, later.version) == (None, 1)
    assert part.events.filter(kind=CaseEvent.Kind.NOTE, internal=True, actor_name="Veivalg").count() == 1


def test_a_wish_to_combine_adds_a_placement_and_ends_none(
    participant, offers, offices, caseworker, other_activity
):
    old = placed(participant, offers["activity"], 3)
    services.register_wish(
        person=participant,
        kind=ChangeWish.Kind.COMBINATION,
        reason="To steder.",
        placement=old,
        by_person=participant,
    )
    meeting = services.plan_meeting(
        organiser=offices["allocation"],
        municipalities=[municipality(BAERUM)],
        held_on=MEETING_DAY,
        title="Uke 18",
    )
    services.build_agenda(meeting)
    item = meeting.items.get()
    item = services.record_outcome(
        item=item,
        outcome=MeetingItem.Outcome.NEW_DECISION,
        minutes="To dager til.",
        version=item.version,
        by=caseworker,
        new_offer=other_activity,
    )
    assert services.replaced_by_change(item.new_part) is None


def test_no_placement_on_nei_takk(participant, case, caseworker, offers):
    part = case.parts.get(route="vedtak")
    part = intake.move_part(part=part, to=PartStatus.READY, by=caseworker)
    intake.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=caseworker,
        reasons="Innvilget.",
        legal_basis="§ 3-2",
        offer=offers["activity"],
        start_date=MOVE_DAY,
        days_per_week=3,
    )
    intake.answer_offer(part=part, accept=False, by=participant)
    assert not Placement.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE).exists()
