"""Two kiosks of one class: what one learns of the other counts for seats and the switching rule."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.peers import PeerToday, class_peers, fold_class_day, shift_walls
from kiosk.pi.rules import Outcome
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import ChoiceEvent, EventKind, Method

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _kiosk(path, clock):
    return build_kiosk(path, clock=clock, speaker=SilentSpeaker())


def _entry(**changes: object) -> dict[str, object]:
    """One of kiosk kB's entries as its answer carries it."""
    entry = {"id": "x", "kiosk_id": "kB", "seq": 1, "child_id": "c01", "center_id": "blocks", "kind": "chose",
             "method": "tap", "wall": "1970-01-02T08:59:00+00:00", "day": "1970-01-02", "boot_id": "b", "mono": 1.0}
    return {**entry, **changes}


def _answer(now: str, *events: object) -> PeerToday:
    return PeerToday.from_answer("kB", {"kiosk_id": "kB", "now": now, "events": list(events)})


def test_a_peers_entries_are_moved_onto_our_clock() -> None:
    (moved,) = shift_walls(_answer("1970-01-02T09:00:00+00:00", _entry()), START)
    assert moved.wall == "2026-11-25T08:59:00+00:00" and moved.day == "2026-11-25"


def test_a_peers_entry_is_moved_from_its_time_on_the_peers_present_timeline() -> None:
    at = "1970-01-02T08:30:00+00:00"  # stamped 08:59 before the peer's clock was put right: it happened at 08:30
    (moved,) = shift_walls(_answer("1970-01-02T09:00:00+00:00", _entry(at=at)), START)
    assert moved.wall == "2026-11-25T08:30:00+00:00" and moved.kind is EventKind.CHOSE and moved.method is Method.TAP


def test_unreadable_peer_entries_are_left_out_where_the_answer_comes_in() -> None:
    answer = _answer("1970-01-02T09:00:00+00:00", {"id": "x"}, _entry(kind="sang"), _entry(wall="soon"), "x", _entry())
    assert [e.event.id for e in answer.entries] == ["x"] and len(shift_walls(answer, START)) == 1


def test_ours_keep_their_order_and_theirs_go_in_by_time() -> None:
    at = lambda e: e[1]  # noqa: E731
    ours = [("o1", 1), ("o2", 5), ("o3", 3)]  # our log order is the truth, even if our clock jumped
    theirs = [("t1", 4), ("t0", 0)]
    assert [e[0] for e in fold_class_day(ours, theirs, wall_of=at)] == ["t0", "o1", "t1", "o2", "o3"]


def test_the_laptops_introduction_is_checked() -> None:
    key = base64.b64encode(b"k" * 32).decode()
    peer = {"kiosk_id": "kB", "name": "B", "address": "10.0.0.2:8765", "fingerprint": "a" * 64}
    found = class_peers({"key": key, "kiosks": [peer, {**peer, "kiosk_id": "kA"}, {**peer, "kiosk_id": "../x"}]}, "kA")
    assert found is not None and [p.kiosk_id for p in found.kiosks] == ["kB"]
    assert class_peers({"key": "not base64!", "kiosks": [peer]}, "kA") is None
    assert class_peers({"key": base64.b64encode(b"short").decode(), "kiosks": [peer]}, "kA") is None
    assert class_peers(None, "kA") is None


def test_a_child_placed_on_one_kiosk_meets_the_switching_rule_and_seats_on_the_other(tmp_path) -> None:
    clock_a, clock_b = ManualClock(START, boot_id="a"), ManualClock(START + timedelta(hours=3), boot_id="b")
    a, b = _kiosk(tmp_path / "a", clock_a), _kiosk(tmp_path / "b", clock_b)
    heard = []
    try:
        b.service.on_change(lambda: heard.append(b.service.seats_left("array-war")))
        assert a.service.choose("c01", "array-war", Method.TAP).decision.records
        assert a.service.choose("c02", "array-war", Method.TAP).decision.records  # Array War: 2 seats, now full on A
        a_id = a.storage.config.get_meta("kiosk_id")
        answer = PeerToday.from_answer(
            a_id, {"now": clock_a.now().isoformat(), "events": a.storage.events.events_on(a.service.today())}
        )
        b.service.set_peer_today(a_id, shift_walls(answer, clock_b.now()))  # B's clock runs 3 hours ahead
        assert heard == [0], "B's screens are told at once"
        assert b.service.seats_left("array-war") == 0
        assert b.service.choose("c03", "array-war", Method.TAP).decision.outcome is Outcome.FULL
        switch = b.service.choose("c01", "blocks", Method.TAP).decision
        assert switch.outcome is Outcome.SWITCH_TOO_SOON, "placed on A a moment ago: B applies the class's rule"
        clock_b.advance(11 * 60)
        assert b.service.choose("c01", "blocks", Method.TAP).decision.records
        assert [c.id for c in b.service.children_at("array-war")] == ["c02"]
        assert len(list(b.storage.events.since(0))) == 1, "B's log holds only what was chosen on B"
    finally:
        a.close()
        b.close()


def test_unreadable_or_foreign_peer_entries_are_left_out(tmp_path) -> None:
    b = _kiosk(tmp_path / "b", ManualClock(START))
    try:
        now = START.isoformat()
        answer = PeerToday.from_answer("kA", {"now": now, "events": [{"id": "x"}, _entry(kiosk_id="kZ", wall=now)]})
        b.service.set_peer_today("kA", shift_walls(answer, START))
        assert b.service.placement_of("c01") is None
    finally:
        b.close()


def test_a_choice_names_the_placement_it_replaced_on_its_peer_and_the_review_calls_it_a_switch(tmp_path) -> None:
    from kiosk.laptop.review.choices import review_choices

    clock_a, clock_b = ManualClock(START, boot_id="a"), ManualClock(START, boot_id="b")
    a, b = _kiosk(tmp_path / "a", clock_a), _kiosk(tmp_path / "b", clock_b)
    try:
        first = a.service.choose("c01", "blocks", Method.TAP).event
        assert first.replaces is None and "replaces" not in first.to_dict(), "nothing replaced: no key at all"
        a_id = a.storage.config.get_meta("kiosk_id")
        b.service.take_peer_day(
            PeerToday.from_answer(a_id, {"now": clock_a.now().isoformat(), "events": list(a.storage.events.since(0))})
        )
        clock_b.advance(11 * 60)
        clock_a.advance(11 * 60)
        moved = b.service.choose("c01", "art", Method.TAP).event
        assert moved.replaces == first.id, "B knew Ava was at Blocks on A"
        again = b.service.choose("c01", "writing", Method.TAP)
        assert again.decision.outcome is Outcome.SWITCH_TOO_SOON
        events = list(a.storage.events.since(0)) + list(b.storage.events.since(0))
        assert "replaces" in events[-1]
        kept = [c for c in review_choices(map(ChoiceEvent.from_dict, events), {}) if c.child_id == "c01"]
        assert [(c.center_id, c.switched, c.other_kiosk) for c in kept] == [("blocks", False, None), ("art", True, None)]
    finally:
        a.close()
        b.close()


def test_a_day_goes_on_the_wire_and_comes_back_the_same() -> None:
    answer = _answer("1970-01-02T09:00:00+00:00", _entry(at="1970-01-02T08:30:00+00:00"), _entry(id="y", seq=2))
    wire = answer.to_answer()
    assert list(wire) == ["kiosk_id", "now", "last_seq", "events"] and wire["events"][0]["at"].startswith("1970")
    assert PeerToday.from_answer("kB", wire) == answer
