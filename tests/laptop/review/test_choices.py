"""From event dicts to kept choices: undo, switches, two kiosks, clocks, setup records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kiosk.laptop.review.choices import class_info, from_store, review_choices
from kiosk.shared.sync.clock_fix import ClockAnchor

from .helpers import EST, Log, wall

DAY = "2026-03-03"


def test_an_undone_choice_and_its_undo_entry_are_both_dropped():
    log = Log()
    wrong = log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", "lego", wall(DAY, "09:01"), "undone", ref=wrong, method="teacher")
    log.add("ann", "paint", wall(DAY, "09:02"))
    [kept] = review_choices(log.events, {})
    assert (kept.center_id, kept.switched, kept.until, kept.event_id) == ("paint", False, None, "A3")


def test_a_switch_ends_the_first_choice_and_a_left_entry_ends_the_second():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", "paint", wall(DAY, "09:20"))
    log.add("ann", None, wall(DAY, "09:40"), "left")
    first, second = review_choices(log.events, {})
    assert (first.center_id, first.switched, first.until) == ("lego", False, datetime(2026, 3, 3, 9, 20, tzinfo=EST))
    assert (second.center_id, second.switched, second.until) == ("paint", True, datetime(2026, 3, 3, 9, 40, tzinfo=EST))


def test_undoing_a_left_entry_keeps_the_child_there():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    left = log.add("ann", None, wall(DAY, "09:10"), "left")
    log.add("ann", None, wall(DAY, "09:11"), "undone", ref=left, method="teacher")
    [kept] = review_choices(log.events, {})
    assert kept.until is None


def test_a_teacher_move_is_kept_as_a_choice_made_by_the_teacher():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", "paint", wall(DAY, "09:05"), "moved", method="teacher")
    _, moved = review_choices(log.events, {})
    assert (moved.kind, moved.method, moved.switched) == ("moved", "teacher", False)  # the teacher's act


def test_a_child_on_two_kiosks_appears_once_per_choice_in_time_order():
    log = Log()
    log.add("ben", "lego", wall(DAY, "09:15"), kiosk="B")
    log.add("ann", "lego", wall(DAY, "09:00"), kiosk="A")
    log.add("ann", "paint", wall(DAY, "09:30"), kiosk="B")
    kept = review_choices(log.events, {})
    assert [(c.child_id, c.kiosk_id, c.center_id) for c in kept] == [
        ("ann", "A", "lego"),
        ("ben", "B", "lego"),
        ("ann", "B", "paint"),
    ]
    assert kept[0].until == datetime(2026, 3, 3, 9, 30, tzinfo=EST)
    # Placed at Lego on kiosk A, then choosing on kiosk B: shown as such, not as a switch.
    assert not kept[2].switched and kept[2].other_kiosk == "A"
    assert not kept[1].switched and kept[1].other_kiosk is None


def test_a_change_made_on_a_kiosk_that_knew_the_placement_on_its_peer_is_a_switch():
    log = Log()
    at_lego = log.add("ann", "lego", wall(DAY, "09:00"), kiosk="A")
    log.add("ann", "paint", wall(DAY, "09:20"), kiosk="B", replaces=at_lego)  # B saw Ann at Lego on A
    log.add("ben", "lego", wall(DAY, "09:00"), kiosk="A")
    log.add("ben", "paint", wall(DAY, "09:20"), kiosk="B")  # B could not see A: not a switch, said as such
    log.add("cy", "lego", wall(DAY, "09:00"), kiosk="A")
    log.add("cy", "sand", wall(DAY, "09:10"), kiosk="A")
    log.add("cy", "paint", wall(DAY, "09:20"), kiosk="B", replaces=at_lego)  # names an older placement, not Cy's
    kept = {(c.child_id, c.center_id): c for c in review_choices(log.events, {})}
    assert kept[("ann", "paint")].switched and kept[("ann", "paint")].other_kiosk is None
    assert not kept[("ben", "paint")].switched and kept[("ben", "paint")].other_kiosk == "A"
    assert not kept[("cy", "paint")].switched and kept[("cy", "paint")].other_kiosk == "A"
    from kiosk.bench.sqlite_check import sqlite_switches

    assert sqlite_switches(log.events) == {"ann": 1, "cy": 1}, "the independent count agrees (Cy: Lego → Sand on A)"


def test_choices_on_one_kiosk_after_another_kiosk_are_switches_again_on_that_kiosk():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"), kiosk="A")
    log.add("ann", "paint", wall(DAY, "09:20"), kiosk="B")
    log.add("ann", "sand", wall(DAY, "09:40"), kiosk="B")
    log.add("ann", "lego", wall(DAY, "09:50"), "moved", kiosk="A", method="teacher")
    kept = review_choices(log.events, {})
    assert [(c.switched, c.other_kiosk) for c in kept] == [(False, None), (False, "A"), (True, None), (False, None)]


def test_choices_on_different_days_are_not_switches():
    log = Log()
    log.add("ann", "lego", wall("2026-03-02", "09:00"))
    log.add("ann", "paint", wall(DAY, "09:00"))
    first, second = review_choices(log.events, {})
    assert first.until is None and not second.switched
    assert [c.day for c in (first, second)] == [date(2026, 3, 2), date(2026, 3, 3)]


def test_a_clock_that_went_back_keeps_the_recorded_day_and_is_flagged():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"), boot="b1", mono=100)
    log.add("ben", "paint", wall("2000-01-01", "00:05"), boot="b2", mono=300)
    second, first = review_choices(log.events, {})
    assert (first.child_id, first.clock_flag) == ("ann", "as_recorded")
    assert (second.clock_flag, second.day) == ("clock_suspect", date(2000, 1, 1))
    assert second.at == datetime(2000, 1, 1, 0, 5, tzinfo=EST)


def test_an_anchor_puts_the_choice_on_the_laptop_s_day_in_the_kiosk_s_offset():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"), boot="b1", mono=100)
    log.add("ben", "paint", wall("2000-01-01", "00:05"), boot="b2", mono=160)
    anchors = {"A": [ClockAnchor("b2", 100, "2026-03-04T04:00:00+00:00")]}
    _, fixed = review_choices(log.events, anchors)
    assert fixed.clock_flag == "anchored"
    assert fixed.at == datetime(2026, 3, 3, 23, 1, tzinfo=EST)
    assert fixed.at.utcoffset() == timedelta(hours=-5)
    assert fixed.day == date(2026, 3, 3)


def test_anchors_may_be_given_as_clock_anchor_values():
    log = Log()
    log.add("ann", "lego", wall("2000-01-01", "00:05"), boot="b2", mono=160)
    anchors = {"A": [ClockAnchor("b2", 100.0, "2026-03-03T14:00:00+00:00")]}
    [fixed] = review_choices(log.events, anchors)
    assert fixed.at.astimezone(UTC) == datetime(2026, 3, 3, 14, 1, tzinfo=UTC)


def test_class_info_skips_deleted_records_and_tolerates_missing_fields():
    info = class_info(
        [
            {"id": "lego", "name": "Lego Stories", "seats": "4", "open_today": False},
            {"id": "old", "name": "Old", "deleted": True},
            {"id": "bare"},
        ],
        [{"id": "ann", "first_name": "Zoë", "badges": ["x"]}, {"id": "gone", "deleted": True}],
    )
    assert sorted(info.centers) == ["bare", "lego"]
    assert (info.centers["lego"].seats, info.centers["lego"].open_today) == (4, False)
    assert (info.centers["bare"].name, info.centers["bare"].seats) == ("bare", 0)
    assert info.child_name("ann") == "Zoë" and info.child_name("gone") == "(removed child)"


class _FakeKiosks:
    def __init__(self, anchors):
        self._anchors = anchors

    def all(self):
        return {"A": {"id": "A"}}

    def anchors(self, kiosk_id):
        return self._anchors.get(kiosk_id, [])


class _FakeStore:
    def __init__(self, events, anchors):
        self._events, self.paired = events, _FakeKiosks(anchors)
        self.choices = self.setup = self  # the store's choice files and setup records, as read_store reads them

    def events(self):
        return self._events

    def centers(self):
        return [{"id": "lego", "name": "Lego"}]

    def children(self):
        return [{"id": "ann", "first_name": "Ann"}]

    def settings(self):
        return {}


def test_from_store_reads_events_anchors_of_every_kiosk_and_records():
    log = Log()
    log.add("ann", "lego", wall("2000-01-01", "00:05"), boot="b2", mono=160, kiosk="B")
    store = _FakeStore(log.events, {"B": [ClockAnchor("b2", 100, "2026-03-03T14:00:00+00:00")]})
    choices, info = from_store(store)
    assert [c.clock_flag for c in choices] == ["anchored"]
    assert list(info.centers) == ["lego"] and list(info.children) == ["ann"]


def _switches(log: Log) -> list[tuple[str, bool]]:
    return [(c.center_id, c.switched) for c in review_choices(log.events, {})]


def test_the_same_center_chosen_again_is_not_a_switch():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", "lego", wall(DAY, "09:15"))
    assert _switches(log) == [("lego", False), ("lego", False)]


def test_a_to_b_and_back_to_a_is_two_switches():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", "paint", wall(DAY, "09:15"))
    log.add("ann", "lego", wall(DAY, "09:30"))
    assert _switches(log) == [("lego", False), ("paint", True), ("lego", True)]


def test_an_undone_switch_is_no_switch_and_the_next_change_counts_from_where_the_child_was():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    wrong = log.add("ann", "paint", wall(DAY, "09:10"))
    log.add("ann", None, wall(DAY, "09:11"), "undone", ref=wrong, method="teacher")
    log.add("ann", "lego", wall(DAY, "09:20"))
    log.add("ann", "sand", wall(DAY, "09:30"))
    assert _switches(log) == [("lego", False), ("lego", False), ("sand", True)]


def test_a_teacher_move_is_no_switch_but_a_choice_after_it_is():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", "paint", wall(DAY, "09:05"), "moved", method="teacher")
    log.add("ann", "sand", wall(DAY, "09:25"))
    log.add("ann", "sand", wall(DAY, "09:35"), "moved", method="teacher")
    assert _switches(log) == [("lego", False), ("paint", False), ("sand", True), ("sand", False)]


def test_a_choice_after_leaving_or_at_a_later_choice_time_is_no_switch():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    log.add("ann", None, wall(DAY, "09:30"), "left")
    log.add("ann", "paint", wall(DAY, "09:40"))  # left first: a new choice
    log.add("ben", "lego", wall(DAY, "09:05"))
    log.add("ben", "blocks", wall(DAY, "13:30"))  # nobody chose for hours: the afternoon's choice time
    log.add("ben", "paint", wall(DAY, "13:50"))
    kept = {(c.child_id, c.center_id): c.switched for c in review_choices(log.events, {})}
    assert kept == {("ann", "lego"): False, ("ann", "paint"): False,
                    ("ben", "lego"): False, ("ben", "blocks"): False, ("ben", "paint"): True}


def test_a_quiet_child_in_a_busy_class_is_still_in_the_same_choice_time():
    log = Log()
    log.add("ann", "lego", wall(DAY, "09:00"))
    for n, hhmm in enumerate(("09:30", "10:00", "10:30")):
        log.add(f"k{n}", "sand", wall(DAY, hhmm))
    log.add("ann", "paint", wall(DAY, "10:50"))  # an hour and fifty minutes at Lego, then a change
    assert [c.switched for c in review_choices(log.events, {}) if c.child_id == "ann"] == [False, True]
