"""A school year later (36,000 events in 180 day segments) a choice costs the same.

No timings here (see ``kiosk/bench/store.py``): the test proves the *work* is the
same. An audit hook sees every file the process opens, so it shows recording a
choice never opens an old segment, and that only one line is appended.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog
from kiosk.pi.storage.segment_files import write_segment
from tests.pi.storage.storage_helpers import event

DAYS, PER_DAY = 180, 200
_opened: list[str] | None = None


def _audit(name: str, args: tuple) -> None:
    if _opened is not None and name == "open" and isinstance(args[0], (str, Path)):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)


def day_of(index: int) -> str:
    return (date(2025, 9, 1) + timedelta(days=index)).isoformat()


@pytest.fixture(scope="module")
def built_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """36,000 events, 200 a day for 180 days, written as EventLog writes them."""
    events_dir = tmp_path_factory.mktemp("year") / "events"
    events_dir.mkdir(mode=0o700)
    template = event(1)
    for day in range(DAYS):
        first, today = day * PER_DAY + 1, day_of(day)
        write_segment(
            events_dir,
            [
                {**template, "id": f"event-{seq}", "seq": seq, "day": today}
                for seq in range(first, first + PER_DAY)
            ],
        )
    return events_dir


@pytest.fixture
def year(built_year: Path, tmp_path: Path) -> Path:
    """A fresh copy of the school year for one test."""
    return Path(shutil.copytree(built_year, tmp_path / "events"))


def opened_segments(action) -> set[str]:
    """Names of the segment files ``action`` opened."""
    global _opened
    _opened = []
    try:
        action()
    finally:
        names, _opened = {Path(p).name for p in _opened if p.endswith(".journal")}, None
    return names


def test_open_reads_only_the_newest_segment_whole(year: Path) -> None:
    log = EventLog(year)
    assert log.last_seq() == DAYS * PER_DAY
    assert log.segments_read == 1
    assert log.problems == []
    log.close()


def test_recording_on_day_180_opens_no_old_segment(year: Path) -> None:
    log = EventLog(year)
    newest = max(year.glob("*.journal"))
    seq = log.last_seq()
    size = newest.stat().st_size

    def record_a_busy_hour() -> None:
        for n in range(1, 101):
            log.append(event(seq + n, day_of(DAYS - 1)))

    assert opened_segments(record_a_busy_hour) == set()
    assert (newest.stat().st_size - size) / 100 < 2048
    assert log.segments_read == 1

    def next_morning() -> None:
        log.append(event(seq + 101, day_of(DAYS)))

    assert opened_segments(next_morning) == {f"{seq + 101:010d}-{day_of(DAYS)}.journal"}
    assert log.segments_read == 1
    log.close()


def test_reading_a_day_or_recent_events_opens_only_those_segments(year: Path) -> None:
    log = EventLog(year)
    found: list[dict] = []
    assert opened_segments(lambda: found.extend(log.events_on(day_of(10)))) == {
        f"{10 * PER_DAY + 1:010d}-{day_of(10)}.journal"
    }
    assert [e["seq"] for e in found] == list(range(10 * PER_DAY + 1, 11 * PER_DAY + 1))
    last = log.last_seq()
    assert opened_segments(lambda: found.extend(log.since(last - 250))) == {
        f"{(DAYS - 2) * PER_DAY + 1:010d}-{day_of(DAYS - 2)}.journal"
    }
    assert [e["seq"] for e in found[PER_DAY:]] == list(range(last - 249, last + 1))
    log.close()
