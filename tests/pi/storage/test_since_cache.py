"""``EventLog.since`` keeps the last older segment it read while that file is unchanged.

A sync asks for page after page; each page starts inside the segment where the last
one stopped. The cache spares that second read, and must never serve events that
changed: an append, a purge (child or day) or a damaged file all show through.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from kiosk.pi.storage import EventLog
from tests.pi.storage.storage_helpers import event

DAYS = ["2026-11-16", "2026-11-17", "2026-11-18"]


def _three_days(log: EventLog) -> list[dict]:
    events = []
    for seq in range(1, 10):
        item = event(seq, DAYS[(seq - 1) // 3], child_id="amy" if seq % 3 == 0 else "bob")
        log.append(item)
        events.append(item)
    return events


def test_the_next_page_inside_the_same_older_segment_is_not_read_again(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    events = _three_days(log)
    reopened = EventLog(tmp_path / "events")  # every older segment is on the card only
    log.close()
    assert [e["seq"] for e in islice(reopened.since(0), 2)] == [1, 2]  # a page of two
    first = reopened.segments_read
    page = reopened.since(1)
    assert next(page) == events[1]  # the first segment again: from memory
    assert reopened.segments_read == first
    assert list(page) == events[2:]
    assert reopened.segments_read == first + 1  # the second segment, once
    assert list(reopened.since(4)) == events[4:]  # the second segment: from memory
    assert reopened.segments_read == first + 1
    reopened.close()


def test_events_handed_out_are_copies(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    events = _three_days(log)
    for item in log.since(1):
        item["child_id"] = "changed"
    assert list(log.since(1)) == events[1:]
    log.close()


def test_an_append_is_seen_after_the_cache_was_filled(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    events = _three_days(log)
    assert list(log.since(0)) == events
    extra = event(10, DAYS[-1])
    log.append(extra)
    assert list(log.since(1)) == events[1:] + [extra]
    log.close()


def test_a_purge_of_a_child_is_seen_in_a_cached_segment(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    events = _three_days(log)
    assert list(log.since(1)) == events[1:]  # first segment cached
    assert log.purge_child("amy") == 3
    assert list(log.since(1)) == [e for e in events[1:] if e["child_id"] != "amy"]
    log.close()


def test_a_purge_of_old_days_is_seen_in_a_cached_segment(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    events = _three_days(log)
    assert list(log.since(4)) == events[4:]  # second segment cached
    assert log.purge_before(DAYS[1]) == 6
    assert list(log.since(0)) == events[6:]
    assert list(log.since(4)) == events[6:]
    log.close()


def test_a_cached_segment_damaged_on_the_card_is_read_again_and_set_aside(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = _three_days(log)
    log.close()
    log = EventLog(directory)
    assert list(log.since(1)) == events[1:]  # first segment cached
    first = sorted(directory.glob("*.journal"))[0]
    first.write_bytes(first.read_bytes()[:-5] + b"XXXX\n")
    assert list(log.since(1)) == events[3:]  # the damaged file is not trusted
    assert len(log.problems) == 1
    log.close()
