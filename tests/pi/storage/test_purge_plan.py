"""The purge's plan as a rule over plain segments: what goes, what is rewritten, what is marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.pi.storage.purge_plan import plan_purge
from kiosk.pi.storage.segments import Segment


def _segments(*firsts_and_days: tuple[int, str]) -> list[Segment]:
    return [Segment(first, day, Path(f"/log/{first:08d}-{day}.journal")) for first, day in firsts_and_days]


def _events(segment: Segment, n: int, child: str = "ann") -> list[dict[str, Any]]:
    return [{"seq": segment.first_seq + i, "child_id": child} for i in range(n)]


def _plan(segments, touches, keep_of, asides=(), held=None, damaged=()):
    held = held or {s: _events(s, 3) for s in segments}
    return plan_purge(
        segments, touches, keep_of, list(asides),
        events_of=lambda s: held[s], is_live=lambda s: s not in damaged, count_of=lambda s: len(held[s]),
    )


def test_whole_old_days_go_and_the_newest_keeps_its_header():
    a, b, c = _segments((1, "2026-01-05"), (4, "2026-01-06"), (7, "2026-01-07"))
    removed, rewrites, doomed = _plan([a, b, c], lambda s: True, None)
    assert (removed, doomed) == (9, [a, b])
    assert rewrites == [(c, True)]  # emptied in place, marked after the deleted ones


def test_a_segment_after_a_deleted_one_is_marked_after_gap_even_if_untouched():
    a, b = _segments((1, "2026-01-05"), (4, "2026-01-06"))
    removed, rewrites, doomed = _plan([a, b], lambda s: s == a, None)
    assert (removed, doomed, rewrites) == (3, [a], [(b, True)])


def test_a_child_removed_from_one_segment_rewrites_only_that_one():
    a, b = _segments((1, "2026-01-05"), (4, "2026-01-06"))
    held = {a: _events(a, 2, "ann") + _events(a, 1, "bob"), b: _events(b, 3, "bob")}
    removed, rewrites, doomed = _plan(
        [a, b], lambda s: True, lambda events: [e for e in events if e["child_id"] != "ann"], held=held)
    assert (removed, rewrites, doomed) == (2, [(a, False)], [])


def test_a_damaged_segment_is_neither_rewritten_nor_deleted():
    a, b = _segments((1, "2026-01-05"), (4, "2026-01-06"))
    removed, rewrites, doomed = _plan([a, b], lambda s: True, lambda events: [], damaged={a})
    assert (removed, rewrites, doomed) == (3, [(b, False)], [])


def test_a_set_aside_file_before_a_segment_marks_it():
    a, b = _segments((1, "2026-01-05"), (10, "2026-01-07"))
    removed, rewrites, doomed = _plan([a, b], lambda s: False, None, asides=[5])
    assert (removed, rewrites, doomed) == (0, [(b, True)], [])
