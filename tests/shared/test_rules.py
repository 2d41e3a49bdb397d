"""The pure rules of choice time, with plain values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.pi.rules import (
    Outcome,
    children_at,
    decide_choice,
    is_full,
    last_undoable,
    over_by,
    placements,
    reflected_on,
    seats_left,
    switch_status,
)
from kiosk.shared.domain import EventKind, SwitchRule
from tests.shared.factories import center, event

CENTERS = {c.id: c for c in (center("blocks", 2), center("art", 1), center("library", 3, open_today=False))}
FREE = SwitchRule(allowed=True, min_minutes=0)


def decide(child, center_id, events, rule=FREE, elapsed=None):
    return decide_choice(
        child_id=child,
        center_id=center_id,
        centers=CENTERS,
        places=placements(events),
        rule=rule,
        elapsed_s=elapsed,
    )


def test_a_choice_places_the_child_and_takes_a_seat():
    events = [event("ava", "blocks")]
    places = placements(events)
    assert places["ava"].center_id == "blocks"
    assert seats_left(CENTERS["blocks"], places) == 1
    assert not is_full(CENTERS["blocks"], places)


def test_a_later_choice_moves_the_child_and_frees_the_seat():
    events = [event("ava", "blocks"), event("ava", "art")]
    places = placements(events)
    assert places["ava"].center_id == "art"
    assert seats_left(CENTERS["blocks"], places) == 2
    assert is_full(CENTERS["art"], places)


def test_left_removes_the_child():
    events = [event("ava", "blocks"), event("ava", None, EventKind.LEFT)]
    assert "ava" not in placements(events)


def test_undo_cancels_the_entry_and_restores_the_previous_place():
    first = event("ava", "blocks")
    second = event("ava", "art")
    undo = event("ava", "art", EventKind.UNDONE, ref=second.id)
    assert placements([first, second, undo])["ava"].center_id == "blocks"
    assert last_undoable([first, second, undo], "ava") == first


def test_undo_of_the_only_choice_leaves_no_place_and_nothing_more_to_undo():
    first = event("ava", "blocks")
    undo = event("ava", "blocks", EventKind.UNDONE, ref=first.id)
    assert placements([first, undo]) == {}
    assert last_undoable([first, undo], "ava") is None


def test_a_reflection_never_moves_anyone_and_undo_skips_it():
    chose = event("ava", "blocks")
    ben = event("ben", "blocks")
    felt = event("ava", "blocks", EventKind.REFLECTED, ref=chose.id, feeling="happy")
    before, after = placements([chose, ben]), placements([chose, ben, felt])
    assert after == before and after["ava"].event == chose
    assert seats_left(CENTERS["blocks"], after) == 0 and children_at("blocks", after) == ["ava", "ben"]
    assert last_undoable([chose, ben, felt], "ava") == chose
    undo = event("ava", "blocks", EventKind.UNDONE, ref=chose.id)
    assert placements([chose, ben, felt, undo]).get("ava") is None


def test_reflected_on_names_one_stay():
    chose = event("ava", "blocks")
    felt = event("ava", "blocks", EventKind.REFLECTED, ref=chose.id, feeling="okay")
    assert not reflected_on([chose], "ava", placements([chose])["ava"])
    assert reflected_on([chose, felt], "ava", placements([chose, felt])["ava"])
    switched = event("ava", "art")
    log = [chose, felt, switched]
    assert not reflected_on(log, "ava", placements(log)["ava"])
    assert not reflected_on(log, "ben", placements(log)["ava"])


def test_teacher_move_counts_as_a_placement_even_over_capacity():
    events = [event("ava", "art"), event("ben", "art", EventKind.MOVED)]
    places = placements(events)
    assert children_at("art", places) == ["ava", "ben"]
    assert seats_left(CENTERS["art"], places) == 0


def test_full_center_is_refused():
    events = [event("ava", "art")]
    assert decide("ben", "art", events).outcome is Outcome.FULL


def test_same_center_twice_is_one_choice():
    events = [event("ava", "blocks")]
    assert decide("ava", "blocks", events).outcome is Outcome.ALREADY_THERE


def test_the_center_you_are_at_is_not_full_for_you():
    events = [event("ava", "art")]
    assert decide("ava", "art", events).outcome is Outcome.ALREADY_THERE


def test_closed_and_unknown_centers_are_refused():
    assert decide("ava", "library", []).outcome is Outcome.CLOSED
    assert decide("ava", "moon", []).outcome is Outcome.UNKNOWN


def test_first_choice_is_recorded_whatever_the_switch_rule():
    rule = SwitchRule(allowed=False)
    assert decide("ava", "blocks", [], rule=rule).outcome is Outcome.RECORD


def test_switching_not_allowed():
    rule = SwitchRule(allowed=False)
    events = [event("ava", "blocks")]
    assert decide("ava", "art", events, rule=rule, elapsed=3600).outcome is Outcome.SWITCH_NOT_ALLOWED


def test_switching_too_soon_says_how_many_minutes_are_left():
    rule = SwitchRule(allowed=True, min_minutes=10)
    events = [event("ava", "blocks")]
    decision = decide("ava", "art", events, rule=rule, elapsed=4 * 60 + 1)
    assert decision.outcome is Outcome.SWITCH_TOO_SOON
    assert decision.wait_minutes == 6
    assert decide("ava", "art", events, rule=rule, elapsed=600).outcome is Outcome.RECORD


def test_switch_status_for_the_switch_screen():
    assert switch_status(SwitchRule(True, 5), 299).outcome is Outcome.SWITCH_TOO_SOON
    assert switch_status(SwitchRule(True, 5), 300).outcome is Outcome.RECORD
    assert switch_status(SwitchRule(False, 0), 10_000).outcome is Outcome.SWITCH_NOT_ALLOWED


def test_full_is_checked_before_the_switch_wait():
    rule = SwitchRule(allowed=True, min_minutes=10)
    events = [event("ben", "art"), event("ava", "blocks")]
    assert decide("ava", "art", events, rule=rule, elapsed=0).outcome is Outcome.FULL


def test_over_by_counts_children_beyond_the_seats_and_never_below_zero():
    events = [event("ava", "art"), event("ben", "art"), event("cy", "blocks")]
    assert over_by(CENTERS["art"], placements(events)) == 1, "Art has 1 seat and 2 children"
    assert over_by(CENTERS["blocks"], placements(events)) == 0


children = st.sampled_from(["ava", "ben", "cy", "dee"])
centers = st.sampled_from(["blocks", "art", "library"])


@st.composite
def logs(draw):
    """Random valid day logs: choices, moves, leaves, reflections and undos of earlier entries."""
    events = []
    for _ in range(draw(st.integers(0, 25))):
        kinds = [EventKind.CHOSE, EventKind.MOVED, EventKind.LEFT, EventKind.UNDONE, EventKind.REFLECTED]
        kind = draw(st.sampled_from(kinds))
        child = draw(children)
        if kind is EventKind.REFLECTED:
            here = placements(events).get(child)
            if here is None:
                continue
            events.append(event(child, here.center_id, kind, ref=here.event.id, feeling="sad"))
        elif kind is EventKind.UNDONE:
            target = last_undoable(events, child)
            if target is None:
                continue
            events.append(event(child, target.center_id, kind, ref=target.id))
        elif kind is EventKind.LEFT:
            events.append(event(child, None, kind))
        else:
            events.append(event(child, draw(centers), kind))
    return events


@given(logs())
def test_every_child_is_in_at_most_one_place_and_seats_add_up(events):
    places = placements(events)
    for cid, c in CENTERS.items():
        here = children_at(cid, places)
        assert len(here) == len(set(here))
        assert seats_left(c, places) == max(0, c.seats - len(here))
    total = sum(len(children_at(cid, places)) for cid in CENTERS)
    assert total == len(places)


@given(logs())
def test_the_place_is_the_last_effective_entry(events):
    places = placements(events)
    for child in {e.child_id for e in events}:
        last = last_undoable(events, child)
        if last is None or last.kind is EventKind.LEFT:
            assert child not in places
        else:
            assert places[child].center_id == last.center_id


@given(logs(), children, centers)
def test_a_recorded_choice_never_overfills_a_center(events, child, center_id):
    decision = decide(child, center_id, events)
    if decision.records:
        after = placements([*events, event(child, center_id)])
        assert len(children_at(center_id, after)) <= CENTERS[center_id].seats


def test_a_full_center_is_not_full_for_the_child_already_there():
    from kiosk.pi.rules import full_for

    places = placements([event("ava", "art")])
    assert full_for("ben", CENTERS["art"], places)
    assert not full_for("ava", CENTERS["art"], places)
    assert not full_for("ben", CENTERS["blocks"], places)
