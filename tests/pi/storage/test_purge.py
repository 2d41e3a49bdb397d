"""Privacy purges: a child's events, or everything up to a day, gone from the card.

Gone means gone from the bytes of every file in ``events/`` (not hidden), seqs are
never reused afterwards (``last_seq()`` never goes back, even across a restart),
and a purged log with gaps in its seqs opens and verifies without being judged
damaged. The crash test is in test_purge_crash.py.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog, StorageError, WrongThreadError
from kiosk.pi.storage.segments import check_segment_header
from tests.pi.storage.purge_helpers import DAYS, assert_clean_reopen, fill, names, raw, week
from tests.pi.storage.storage_helpers import FaultyOps, event, file_bytes


def test_purge_child_removes_every_event_of_the_child(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = week(log)
    amy = [e for e in events if e["child_id"] == "amy"]
    assert b"amy" in raw(directory)

    assert log.purge_child("amy") == 5

    others = [e for e in events if e["child_id"] != "amy"]
    assert list(log.since(0)) == others
    assert log.events_on(DAYS[1]) == [e for e in others if e["day"] == DAYS[1]]
    assert log.count() == 10
    assert log.last_seq() == 15, "seqs are never handed out twice"
    data = raw(directory)
    assert b'"amy"' not in data
    for gone in amy:
        assert gone["id"].encode() not in data
        assert gone["boot_id"].encode() not in data
    log.close()
    assert_clean_reopen(directory, others, 15)


def test_unknown_child_removes_nothing_and_rewrites_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    week(log)
    before = file_bytes(directory)
    inodes = {p.name: p.stat().st_ino for p in directory.iterdir()}
    assert log.purge_child("nobody") == 0
    assert file_bytes(directory) == before
    assert {p.name: p.stat().st_ino for p in directory.iterdir()} == inodes


@pytest.mark.parametrize("child_id", ["", "  ", None, 7])
def test_bad_child_id_is_refused(tmp_path: Path, child_id: object) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    week(log)
    before = file_bytes(directory)
    with pytest.raises(ValueError, match="child"):
        log.purge_child(child_id)  # type: ignore[arg-type]
    assert file_bytes(directory) == before


def test_undo_of_a_purged_event_goes_too(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    chose = event(1, DAYS[0], child_id="amy")
    other = event(2, DAYS[0], child_id="bob")
    # An undo that refers to amy's event (even recorded under another id) goes with it.
    undo = event(3, DAYS[1], child_id="staff", kind="undone", ref=chose["id"])
    undo_of_undo = event(4, DAYS[1], child_id="staff", kind="undone", ref=undo["id"])
    unrelated_undo = event(5, DAYS[1], child_id="staff", kind="undone", ref=other["id"])
    for item in (chose, other, undo, undo_of_undo, unrelated_undo):
        log.append(item)
    assert log.purge_child("amy") == 3
    assert list(log.since(0)) == [other, unrelated_undo]
    assert chose["id"].encode() not in raw(directory)


def test_last_seq_survives_purging_the_newest_events_and_a_restart(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = week(log)  # seq 15 is amy's, the very last
    log.purge_child("amy")
    assert log.last_seq() == 15
    with pytest.raises(ValueError, match="does not follow"):
        log.append(event(15, DAYS[-1]))
    log.close()
    again = assert_clean_reopen(directory, [e for e in events if e["child_id"] != "amy"], 15)
    with pytest.raises(ValueError, match="does not follow"):
        again.append(event(15, DAYS[-1]))
    again.append(event(16, DAYS[-1], child_id="amy"))
    assert again.last_seq() == 16


def test_newest_segment_emptied_is_kept_as_a_header_with_the_high_water_mark(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = fill(log, [(DAYS[0], "bob"), (DAYS[1], "amy"), (DAYS[1], "amy")])
    assert log.purge_child("amy") == 2
    newest = directory / "0000000002-2026-11-17.journal"
    assert newest.exists(), "the newest segment keeps last_seq"
    header = check_segment_header(newest)
    assert header["end"] == 3 and header["kept"] == 0
    assert newest.read_bytes().count(b"\n") == 1
    log.close()
    again = assert_clean_reopen(directory, [events[0]], 3)
    # Appending goes on in the same (purged) segment on the same day, then a new day.
    extra = fill(again, [(DAYS[1], "cat"), (DAYS[2], "cat")], start=4)
    assert names(directory) == [
        "0000000001-2026-11-16.journal",
        "0000000002-2026-11-17.journal",
        "0000000005-2026-11-18.journal",
    ]
    again.close()
    assert_clean_reopen(directory, [events[0], *extra], 5)


def test_middle_segment_emptied_is_deleted_and_the_next_one_marked(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = fill(log, [(DAYS[0], "bob"), (DAYS[1], "amy"), (DAYS[1], "amy"), (DAYS[2], "bob")])
    assert log.purge_child("amy") == 2
    assert names(directory) == ["0000000001-2026-11-16.journal", "0000000004-2026-11-18.journal"]
    assert check_segment_header(directory / "0000000004-2026-11-18.journal").get("after_gap") is True
    later = fill(log, [(DAYS[2], "cat")], start=5)
    log.close()
    assert_clean_reopen(directory, [events[0], events[3], *later], 5)


def test_todays_open_segment_is_purged_and_appending_continues(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    today = DAYS[-1]
    events = fill(log, [(today, "amy"), (today, "bob"), (today, "amy"), (today, "cat")])
    assert log.purge_child("amy") == 2
    assert log.events_on(today) == [events[1], events[3]]
    more = fill(log, [(today, "amy"), (today, "bob")], start=5)
    assert log.events_on(today) == [events[1], events[3], *more]
    assert log.count() == 4
    # A second purge of the same segment (with events appended after the first).
    assert log.purge_child("bob") == 2
    assert log.events_on(today) == [events[3], more[0]]
    log.append(event(7, today))
    log.close()
    again = EventLog(directory)
    assert [e["seq"] for e in again.since(0)] == [4, 5, 7]
    assert again.verify() == [] and again.problems == []
    assert again.last_seq() == 7
    assert names(directory) == ["0000000001-2026-11-20.journal"]


def test_segment_limit_still_counts_seqs_used_not_events_left(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory, segment_limit=3)
    fill(log, [(DAYS[0], "amy"), (DAYS[0], "amy"), (DAYS[0], "bob")])
    log.purge_child("amy")
    log.append(event(4, DAYS[0]))
    assert names(directory) == ["0000000001-2026-11-16.journal", "0000000004-2026-11-16.journal"]


def test_purged_segment_cut_short_is_still_noticed(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    fill(log, [(DAYS[0], "bob"), (DAYS[0], "amy"), (DAYS[0], "cat"), (DAYS[1], "bob")])
    log.purge_child("amy")
    log.close()
    path = directory / "0000000001-2026-11-16.journal"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-1]))  # its last whole line lost
    again = EventLog(directory)
    problems = again.verify()
    assert len(problems) == 1 and "1 of the 2" in problems[0].reason


def test_reader_thread_in_the_middle_of_since_during_a_purge(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    events = week(log)
    reading = log.since(0)
    first = next(reading)  # the first segment is read (a snapshot) ...
    assert first == events[0]
    log.purge_child("amy")  # ... then the purge rewrites every segment
    rest = list(reading)
    # What was read before the purge is served as read; every later segment is read
    # in its purged form, not judged damaged for its new numbering.
    assert [first, *rest] == events[:3] + [e for e in events[3:] if e["child_id"] != "amy"]
    assert log.problems == []


def test_purge_from_another_thread_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    log = EventLog(directory)
    week(log)
    before = file_bytes(directory)
    errors: list[BaseException] = []

    def other() -> None:
        for call in (lambda: log.purge_child("amy"), lambda: log.purge_before(DAYS[2])):
            try:
                call()
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert len(errors) == 2 and all(isinstance(e, WrongThreadError) for e in errors)
    assert file_bytes(directory) == before


def test_failed_rewrite_leaves_the_old_file_and_purge_can_be_run_again(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    ops = FaultyOps()
    log = EventLog(directory, ops=ops)
    events = week(log)
    others = [e for e in events if e["child_id"] != "amy"]
    ops.arm("replace", after=2)  # the third segment's rewrite fails
    with pytest.raises(StorageError):
        log.purge_child("amy")
    # Two segments are purged (newest first), the rest intact; all reads cleanly.
    assert [e["seq"] for e in log.since(0) if e["child_id"] == "amy"] == [3, 6, 9]
    assert not list(directory.glob(".*.tmp"))
    assert log.purge_child("amy") == 3
    assert list(log.since(0)) == others
    later = fill(log, [(DAYS[-1], "bob")], start=16)
    log.close()
    assert_clean_reopen(directory, [*others, *later], 16)


def test_failed_rewrite_of_todays_segment_keeps_appending(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    ops = FaultyOps()
    log = EventLog(directory, ops=ops)
    today = DAYS[-1]
    fill(log, [(today, "amy"), (today, "bob")])
    ops.arm("fsync", errno.ENOSPC)
    with pytest.raises(StorageError):
        log.purge_child("amy")
    assert log.count() == 2
    log.append(event(3, today))
    assert log.purge_child("amy") == 1
    log.append(event(4, today))
    assert [e["seq"] for e in log.since(0)] == [2, 3, 4]


# purge_before


def test_purge_through_kiosk_storage(tmp_path: Path) -> None:
    from kiosk.pi.storage import KioskStorage

    with KioskStorage.open(tmp_path / "data", segment_limit=2) as storage:
        events = week(storage.events)
        assert storage.events.purge_child("amy") == 5
        assert storage.events.purge_before(DAYS[0]) == 2
        assert storage.events.last_seq() == 15
    with KioskStorage.open(tmp_path / "data", segment_limit=2) as storage:
        expected = [e for e in events if e["child_id"] != "amy" and e["day"] > DAYS[0]]
        assert list(storage.events.since(0)) == expected
        assert storage.events.verify() == [] and storage.problems == []
        assert storage.events.last_seq() == 15


# A model check: appends, purges and restarts in any order, against a plain list.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CHILDREN = ["amy", "bob", "cat"]
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.integers(0, 4), st.sampled_from(CHILDREN)),
        st.tuples(st.just("child"), st.sampled_from(CHILDREN)),
        st.tuples(st.just("before"), st.integers(0, 4)),
        st.tuples(st.just("reopen")),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_purges_appends_and_restarts_agree_with_a_model(steps: list[tuple]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "events"
        log = EventLog(directory, segment_limit=3)
        model: list[dict] = []
        purged_ids: list[str] = []
        last = 0
        for step in steps:
            if step[0] == "append":
                last += 1
                item = event(last, DAYS[step[1]], child_id=step[2])
                log.append(item)
                model.append(item)
            elif step[0] == "child":
                gone = [e for e in model if e["child_id"] == step[1]]
                assert log.purge_child(step[1]) == len(gone)
                purged_ids += [e["id"] for e in gone]
                model = [e for e in model if e["child_id"] != step[1]]
            elif step[0] == "before":
                gone = [e for e in model if e["day"] <= DAYS[step[1]]]
                assert log.purge_before(DAYS[step[1]]) == len(gone)
                purged_ids += [e["id"] for e in gone]
                model = [e for e in model if e["day"] > DAYS[step[1]]]
            else:
                log.close()
                log = EventLog(directory, segment_limit=3)
            assert log.last_seq() == last
            assert list(log.since(0)) == model
            assert log.count() == len(model)
        log.close()
        again = EventLog(directory, segment_limit=3)
        assert list(again.since(0)) == model
        for day in DAYS:
            assert again.events_on(day) == [e for e in model if e["day"] == day]
        assert again.last_seq() == last
        assert again.verify() == [] and again.problems == []
        data = raw(directory)
        assert all(e["id"].encode() in data for e in model)
        assert not [id_ for id_ in purged_ids if id_.encode() in data]
        again.close()
