"""Trusted times for choices recorded while the kiosk's clock was wrong."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from kiosk.shared.sync.clock_fix import (
    ANCHORED,
    AS_RECORDED,
    CLOCK_SUSPECT,
    ClockAnchor,
    check_clock,
    correct_walls,
)
from kiosk.shared.sync.merge import EventFormatError
from tests.sync.events import event, typed


def test_a_boot_with_an_anchor_is_corrected_from_the_monotonic_clock():
    # after a power cut the clock restarted at 1 January; the sync later in the
    # same boot tells the real time
    log = [
        event("k1", 1, wall="2026-01-01T00:05:00+01:00", boot="b2", mono=300.0),
        event("k1", 2, wall="2026-01-01T00:15:00+01:00", boot="b2", mono=900.0),
    ]
    anchor = ClockAnchor("b2", 3900.0, "2026-11-25T10:00:00+00:00")
    fixes = correct_walls(typed(log), [anchor])
    assert fixes == [
        ("k1-1", "2026-11-25T10:00:00+01:00", ANCHORED),
        ("k1-2", "2026-11-25T10:10:00+01:00", ANCHORED),
    ]


def test_the_nearest_anchor_of_the_boot_is_used():
    log = [event("k1", 1, boot="b1", mono=1000.0)]
    anchors = [
        ClockAnchor("b1", 0.0, "2026-11-25T08:00:00+00:00"),
        ClockAnchor("b1", 1100.0, "2026-11-25T08:20:00+00:00"),
        ClockAnchor("other", 1000.0, "2030-01-01T00:00:00+00:00"),
    ]
    assert correct_walls(typed(log), anchors)[0].wall == "2026-11-25T08:18:20+00:00"


def test_a_plausible_boot_without_anchor_keeps_its_times():
    log = [
        event("k1", 1, wall="2026-11-24T09:00:00+00:00", boot="b1"),
        event("k1", 2, wall="2026-11-25T09:00:00+00:00", boot="b2"),
    ]
    assert [f.flag for f in correct_walls(typed(log))] == [AS_RECORDED, AS_RECORDED]
    assert correct_walls(typed(log))[1].wall == "2026-11-25T09:00:00+00:00"


def test_a_clock_that_went_back_flags_its_whole_boot_never_files_it():
    log = [
        event("k1", 1, wall="2026-11-24T09:00:00+00:00", boot="b1", mono=10.0),
        event("k1", 2, wall="2026-11-24T09:30:00+00:00", boot="b1", mono=1810.0),
        event("k1", 3, wall="2026-11-24T09:31:00+00:00", boot="b2", mono=5.0),  # looks fine...
        event("k1", 4, wall="2026-11-24T09:20:00+00:00", boot="b2", mono=60.0),  # ...but not
        event("k1", 5, wall="2026-11-25T09:00:00+00:00", boot="b3", mono=5.0),
    ]
    fixes = correct_walls(typed(log))
    assert [f.flag for f in fixes] == [AS_RECORDED, AS_RECORDED, CLOCK_SUSPECT, CLOCK_SUSPECT, AS_RECORDED]
    assert fixes[2].wall is None and fixes[3].wall is None


def test_a_boot_after_a_corrected_one_is_judged_against_the_corrected_time():
    log = [
        event("k1", 1, wall="2026-01-01T00:10:00+00:00", boot="b1", mono=600.0),
        event("k1", 2, wall="2026-01-01T00:02:00+00:00", boot="b2", mono=120.0),
    ]
    fixes = correct_walls(typed(log), [ClockAnchor("b1", 600.0, "2026-11-25T09:00:00+00:00")])
    assert [f.flag for f in fixes] == [ANCHORED, CLOCK_SUSPECT]


def test_input_events_are_not_changed_and_results_come_in_seq_order():
    log = [event("k1", 2, boot="b1", mono=2.0), event("k1", 1, boot="b1", mono=1.0)]
    before = copy.deepcopy(log)
    fixes = correct_walls(typed(log), [ClockAnchor("b1", 0.0, "2026-11-25T09:00:00+00:00")])
    assert log == before
    assert [f.event_id for f in fixes] == ["k1-1", "k1-2"]


def test_an_unreadable_time_is_refused():
    with pytest.raises(EventFormatError, match="not readable"):
        correct_walls(typed([event("k1", 1, wall="yesterday")]))


def test_check_clock_notices_a_clock_behind_the_log_or_far_from_the_laptop():
    assert check_clock("2026-11-25T09:00:00+00:00", last_event_wall="2026-11-24T15:00:00+00:00") is None
    behind = check_clock("2026-01-01T00:00:00+00:00", last_event_wall="2026-11-24T15:00:00+00:00")
    assert behind is not None and behind.code == "clock_behind_log"
    far = check_clock("2026-11-25T09:00:00+00:00", laptop_wall="2026-11-25T10:00:00+01:00")
    assert far is None
    far = check_clock("2026-11-25T09:00:00+00:00", laptop_wall="2026-11-25T09:30:00+00:00")
    assert far is not None and far.code == "clock_far_from_laptop" and "5 minutes" in far.message


def test_an_event_without_monotonic_time_is_refused_when_anchored():
    broken = replace(typed([event("k1", 1)])[0], mono=None)
    with pytest.raises(EventFormatError, match="monotonic"):
        correct_walls([broken], [ClockAnchor("b1", 0.0, "2026-11-25T09:00:00+00:00")])


def test_an_anchor_is_read_from_what_was_stored_or_sent_and_refused_when_incomplete():
    from kiosk.shared.sync.clock_fix import ClockAnchor

    anchor = ClockAnchor.from_dict({"boot_id": "b1", "mono": "12.5", "wall": "2026-12-01T09:00:00+00:00"})
    assert anchor == ClockAnchor("b1", 12.5, "2026-12-01T09:00:00+00:00")
    assert ClockAnchor.from_dict(anchor) is anchor
    for bad in ({"boot_id": "b1", "wall": "2026-12-01T09:00:00+00:00"}, {"boot_id": "b1", "mono": "x", "wall": "w"}):
        with pytest.raises((KeyError, ValueError)):
            ClockAnchor.from_dict(bad)
