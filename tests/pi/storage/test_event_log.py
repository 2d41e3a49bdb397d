"""EventLog: appending, reading back, segment rules and refusing bad events."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog
from kiosk.shared.event_checks import MAX_EVENT_BYTES
from tests.pi.storage.storage_helpers import event, file_bytes


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_empty_log(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    assert log.last_seq() == 0
    assert log.count() == 0
    assert log.events_on("2026-11-20") == []
    assert list(log.since(0)) == []
    assert log.problems == []
    assert (tmp_path / "events").stat().st_mode & 0o777 == 0o700


def test_append_and_read_back_across_reopen(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    events = [event(1), event(2), event(3, "2026-11-21"), event(4, "2026-11-21")]
    for item in events:
        log.append(item)
    assert log.last_seq() == 4
    assert log.events_on("2026-11-20") == events[:2]
    assert log.events_on("2026-11-21") == events[2:]
    assert list(log.since(1)) == events[1:]
    assert log.count() == 4
    log.close()

    again = EventLog(tmp_path / "events")
    assert again.last_seq() == 4
    assert list(again.since(0)) == events
    assert again.events_on("2026-11-20") == events[:2]
    assert again.count() == 4


def test_one_segment_per_day_named_by_first_seq(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    for seq, day in enumerate(["2026-11-20", "2026-11-20", "2026-11-23", "2026-11-24"], 1):
        log.append(event(seq, day))
    assert names(tmp_path / "events") == [
        "0000000001-2026-11-20.journal",
        "0000000003-2026-11-23.journal",
        "0000000004-2026-11-24.journal",
    ]
    for path in (tmp_path / "events").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600


def test_full_segment_starts_a_new_one_on_the_same_day(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events", segment_limit=3)
    for seq in range(1, 8):
        log.append(event(seq))
    assert names(tmp_path / "events") == [
        "0000000001-2026-11-20.journal",
        "0000000004-2026-11-20.journal",
        "0000000007-2026-11-20.journal",
    ]
    assert [e["seq"] for e in log.events_on("2026-11-20")] == list(range(1, 8))
    assert [e["seq"] for e in log.since(4)] == [5, 6, 7]


def test_clock_going_back_keeps_seq_order(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    log.append(event(1, "2026-11-20"))
    log.append(event(2, "2025-01-01"))
    log.append(event(3, "2026-11-20"))
    log.close()
    again = EventLog(tmp_path / "events")
    assert [e["seq"] for e in again.events_on("2026-11-20")] == [1, 3]
    assert [e["seq"] for e in again.since(0)] == [1, 2, 3]
    again.append(event(4, "2026-11-20"))
    assert again.last_seq() == 4


def test_returned_events_are_copies(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    log.append(event(1))
    log.events_on("2026-11-20")[0]["child_id"] = "someone else"
    assert log.events_on("2026-11-20")[0]["child_id"] == "child-1"


def test_caller_changing_its_dict_after_append_changes_nothing(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    item = event(1)
    log.append(item)
    item["child_id"] = "changed"
    assert log.events_on("2026-11-20")[0]["child_id"] == "child-1"


def bad(**changes: object) -> dict:
    return {**event(2), **changes}


BAD_EVENTS = {
    "not-a-dict": ["not an event"],
    "missing-key": {k: v for k, v in event(2).items() if k != "child_id"},
    "unknown-key": bad(score=10),
    "empty-id": bad(id=""),
    "id-not-text": bad(id=7),
    "seq-bool": bad(seq=True),
    "seq-text": bad(seq="2"),
    "seq-zero": bad(seq=0),
    "bad-kind": bad(kind="won"),
    "bad-method": bad(method="magic"),
    "day-format": bad(day="20/11/2026"),
    "day-impossible": bad(day="2026-02-30"),
    "mono-nan": bad(mono=math.nan),
    "mono-text": bad(mono="12"),
    "center-not-text": bad(center_id=3),
    "ref-empty": bad(ref=""),
    "too-large": bad(wall="x" * MAX_EVENT_BYTES),
    "too-large-unicode": bad(child_id="🦉" * (MAX_EVENT_BYTES // 4)),
    "lone-surrogate": bad(child_id="child-\ud800"),
}


@pytest.mark.parametrize("bad_event", list(BAD_EVENTS.values()), ids=list(BAD_EVENTS))
def test_bad_event_is_refused_and_writes_nothing(tmp_path: Path, bad_event: object) -> None:
    log = EventLog(tmp_path / "events")
    log.append(event(1, "2026-11-19"))
    before = file_bytes(tmp_path / "events")
    with pytest.raises(ValueError):
        log.append(bad_event)  # type: ignore[arg-type]
    assert file_bytes(tmp_path / "events") == before
    assert log.last_seq() == 1


@pytest.mark.parametrize("seq", [1, 3, 100])
def test_seq_must_follow_the_last_one(tmp_path: Path, seq: int) -> None:
    log = EventLog(tmp_path / "events")
    log.append(event(1))
    with pytest.raises(ValueError, match="does not follow"):
        log.append(event(seq))
    assert log.last_seq() == 1


def test_same_id_twice_is_refused(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    first = event(1)
    log.append(first)
    with pytest.raises(ValueError, match="already saved"):
        log.append({**first, "seq": 2})


def test_optional_ref_may_be_left_out(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    item = event(1)
    del item["ref"]
    log.append(item)
    assert log.events_on("2026-11-20") == [item]


def test_closed_log_refuses_appends(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    log.close()
    with pytest.raises(Exception, match="restart"):
        log.append(event(1))


def test_one_choice_appends_one_small_line(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    log.append(event(1))
    path = next((tmp_path / "events").iterdir())
    before = path.stat().st_size
    log.append(event(2))
    grown = path.stat().st_size - before
    assert grown < 600
    assert path.read_bytes()[before:].count(b"\n") == 1
