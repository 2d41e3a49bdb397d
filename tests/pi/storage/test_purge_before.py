"""Retention by the day in a segment's name: ``purge_before`` deletes whole days, set-aside files of those days too.

(Retention on a kiosk now goes by the seqs a laptop names, ``purge_seqs``; ``purge_before``
stays the storage's own tool and is tested here.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog
from kiosk.shared.files.durable_io import set_aside
from tests.pi.storage.purge_helpers import DAYS, assert_clean_reopen, fill, names, raw, week
from tests.pi.storage.storage_helpers import FaultyOps, file_bytes


def test_purge_before_deletes_whole_days(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = week(log)
    assert log.purge_before(DAYS[1]) == 6
    kept = [e for e in events if e["day"] > DAYS[1]]
    assert list(log.since(0)) == kept
    assert log.events_on(DAYS[0]) == []
    assert log.count() == 9
    assert log.last_seq() == 15
    data = raw(directory)
    for gone in events[:6]:
        assert gone["id"].encode() not in data
    assert names(directory) == [
        "0000000007-2026-11-18.journal",
        "0000000010-2026-11-19.journal",
        "0000000013-2026-11-20.journal",
    ]
    assert log.purge_before(DAYS[1]) == 0
    log.close()
    assert_clean_reopen(directory, kept, 15)


def test_purge_before_everything_keeps_last_seq(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    week(log)
    assert log.purge_before("2027-01-01") == 15
    assert list(log.since(0)) == []
    assert log.last_seq() == 15
    assert names(directory) == ["0000000013-2026-11-20.journal"]
    assert b"marker" not in raw(directory)
    log.close()
    again = assert_clean_reopen(directory, [], 15)
    later = fill(again, [(DAYS[-1], "bob"), ("2026-11-23", "bob")], start=16)
    again.close()
    assert_clean_reopen(directory, later, 17)


def test_purge_before_with_a_clock_that_went_back(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = fill(log, [(DAYS[3], "bob"), (DAYS[0], "bob"), (DAYS[4], "bob"), (DAYS[1], "cat")])
    assert log.purge_before(DAYS[1]) == 2  # the newest (DAYS[1]) is kept as a header
    assert list(log.since(0)) == [events[0], events[2]]
    assert log.last_seq() == 4
    log.close()
    assert_clean_reopen(directory, [events[0], events[2]], 4)


def test_purge_before_also_deletes_set_aside_segments_of_those_days(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    week(log)
    log.close()
    aside = set_aside(FaultyOps(), directory / "0000000004-2026-11-17.journal")
    log = EventLog(directory)
    assert log.purge_before(DAYS[1]) == 3
    assert not aside.exists()
    assert names(directory) == [
        "0000000007-2026-11-18.journal",
        "0000000010-2026-11-19.journal",
        "0000000013-2026-11-20.journal",
    ]
    log.close()
    again = EventLog(directory)
    assert [e["seq"] for e in again.since(0)] == list(range(7, 16))
    assert again.verify() == [] and again.problems == []


@pytest.mark.parametrize(
    "day", ["", "2026-11", "20/11/2026", "2026-02-30", "2026-1-05", " 2026-11-20", None, 20261120]
)
def test_purge_before_refuses_a_malformed_day(tmp_path: Path, day: object) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    week(log)
    before = file_bytes(directory)
    with pytest.raises(ValueError, match="purge day"):
        log.purge_before(day)  # type: ignore[arg-type]
    assert file_bytes(directory) == before
    assert log.count() == 15


def test_purge_before_deletes_a_damaged_old_segment_instead_of_setting_it_aside(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = week(log)
    log.close()
    path = directory / "0000000004-2026-11-17.journal"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[1].replace(b"marker", b"MARKER") + b"".join(lines[2:]))
    log = EventLog(directory)
    assert log.purge_before(DAYS[1]) == 6
    assert log.problems == []
    assert not list(directory.glob("*.corrupt-*"))
    assert b"MARKER" not in raw(directory)
    log.close()
    assert_clean_reopen(directory, events[6:], 15)


def test_purge_before_deletes_old_header_only_segments(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = fill(log, [(DAYS[0], "bob"), (DAYS[1], "amy")])
    log.purge_child("amy")  # the newest (DAYS[1]) keeps its header only
    later = fill(log, [(DAYS[2], "bob")], start=3)
    assert names(directory) == [
        "0000000001-2026-11-16.journal",
        "0000000002-2026-11-17.journal",
        "0000000003-2026-11-18.journal",
    ]
    assert log.purge_before(DAYS[1]) == 1
    assert names(directory) == ["0000000003-2026-11-18.journal"]
    log.close()
    assert_clean_reopen(directory, later, 3)
    assert events[0]["id"].encode() not in raw(directory)
