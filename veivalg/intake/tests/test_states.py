"""The case part's state machine: only the table's moves, and every status reachable."""

from hypothesis import given
from hypothesis import strategies as st

from veivalg.intake.states import AWAITING_DECISION, CLOSED, OPEN, TRANSITIONS, PartStatus, can_move


def test_every_status_is_in_the_table_and_reachable_from_received():
    assert set(TRANSITIONS) == set(PartStatus.values)
    seen, frontier = {PartStatus.RECEIVED}, [PartStatus.RECEIVED]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(PartStatus.values)


def test_withdrawn_is_reachable_from_every_open_state_and_closed_states_are_final():
    assert OPEN == {s for s in PartStatus.values if PartStatus.WITHDRAWN in TRANSITIONS[s]}
    assert all(TRANSITIONS[s] == frozenset() for s in CLOSED)
    assert {PartStatus.REFUSED, PartStatus.DECLINED, PartStatus.STARTED, PartStatus.WITHDRAWN} == CLOSED
    assert AWAITING_DECISION <= OPEN


def test_a_decision_comes_only_after_ready_or_the_waiting_list():
    for status in PartStatus.values:
        if can_move(status, PartStatus.GRANTED):
            assert status in {PartStatus.READY, PartStatus.WAITING_LIST}


@given(st.lists(st.sampled_from(PartStatus.values), max_size=12))
def test_any_walk_of_allowed_moves_ends_in_a_known_state(targets):
    status = PartStatus.RECEIVED
    for target in targets:
        if can_move(status, target):
            status = target
        else:
            assert target not in TRANSITIONS[status]
    assert status in TRANSITIONS


@given(st.sampled_from(PartStatus.values), st.text(max_size=20))
def test_unknown_statuses_never_move(status, junk):
    assert not can_move(junk if junk not in PartStatus.values else "x", status)
