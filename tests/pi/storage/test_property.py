"""Property: whatever byte a power cut stops at, the log comes back as a prefix.

Hypothesis picks a run of appends (crossing days and segment sizes), a byte offset
to cut a file at, and what junk the card left after it. Cutting the newest segment
(the only one appended to) must give back exactly the events whose line was
complete before the cut — a prefix of what was appended — with no problem raised.
Cutting any older segment loses confirmed data, so it must be noticed, reported and
set aside, with every other segment intact.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.pi.storage import EventLog
from tests.pi.storage.storage_helpers import event

LIMIT = 4
TAILS = [b"", b"\x00" * 64, b"\xff\xfe\x00garbage", b"0" * 9, b"deadbeef {}\n", b"12345678 {\"ops\":[]"]
RUNS = st.lists(st.integers(0, 1), min_size=1, max_size=20)


def day_of(index: int) -> str:
    return (date(2026, 9, 1) + timedelta(days=index)).isoformat()


def record(events_dir: Path, steps: list[int]) -> tuple[list[dict], list[tuple[Path, int]]]:
    """Append one event per step (a step of 1 moves to the next day).

    Returns the events and, for each, the segment it went to and that file's
    size right after ``append`` returned (the end of its line).
    """
    log = EventLog(events_dir, segment_limit=LIMIT)
    appended, ends, day = [], [], 0
    for seq, step in enumerate(steps, 1):
        day += step
        item = event(seq, day_of(day))
        log.append(item)
        newest = max(events_dir.glob("*.journal"))
        appended.append(item)
        ends.append((newest, newest.stat().st_size))
    log.close()
    return appended, ends


@settings(max_examples=60, deadline=None, database=None)
@given(steps=RUNS, cut=st.floats(0, 1), tail=st.sampled_from(TAILS))
def test_cut_newest_segment_recovers_exactly_the_complete_prefix(
    steps: list[int], cut: float, tail: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        events_dir = Path(tmp) / "events"
        appended, ends = record(events_dir, steps)
        newest = max(events_dir.glob("*.journal"))
        data = newest.read_bytes()
        offset = int(cut * len(data))
        newest.write_bytes(data[:offset] + tail)

        log = EventLog(events_dir, segment_limit=LIMIT)
        recovered = list(log.since(0))
        assert recovered == appended[: len(recovered)]
        if offset > data.index(b"\n"):
            kept = [e for e, (path, end) in zip(appended, ends) if path != newest or end <= offset]
            assert recovered == kept
            assert log.problems == []
        else:
            assert recovered == [e for e, (path, _) in zip(appended, ends) if path != newest]
            assert [p.path for p in log.problems] == [newest]
        after = log.last_seq() + 1
        log.append(event(after, day_of(len(steps))))
        log.close()
        again = EventLog(events_dir, segment_limit=LIMIT)
        assert list(again.since(0)) == recovered + list(again.since(after - 1))
        assert again.last_seq() == after and again.verify() == []


@settings(max_examples=40, deadline=None, database=None)
@given(steps=st.lists(st.integers(0, 1), min_size=6, max_size=20), pick=st.integers(0), cut=st.floats(0, 1))
def test_cut_older_segment_is_noticed_and_set_aside(steps: list[int], pick: int, cut: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        events_dir = Path(tmp) / "events"
        appended, ends = record(events_dir, steps)
        segments = sorted(events_dir.glob("*.journal"))
        if len(segments) < 2:
            return
        victim = segments[pick % (len(segments) - 1)]
        data = victim.read_bytes()
        victim.write_bytes(data[: int(cut * (len(data) - 1))])

        log = EventLog(events_dir, segment_limit=LIMIT)
        log.verify()
        [problem] = log.problems
        assert problem.path == victim
        assert problem.moved_to is not None and not victim.exists()
        assert list(log.since(0)) == [e for e, (path, _) in zip(appended, ends) if path != victim]
        assert log.last_seq() == len(appended)
