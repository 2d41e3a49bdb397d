"""A week of events to purge, and the checks every purge test makes (test_purge*.py)."""

from __future__ import annotations

from pathlib import Path

from kiosk.pi.storage import EventLog
from tests.pi.storage.storage_helpers import event, file_bytes

DAYS = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def raw(directory: Path) -> bytes:
    return b"".join(file_bytes(directory).values())


def fill(log: EventLog, plan: list[tuple[str, str]], start: int = 1) -> list[dict]:
    """Append one event per ``(day, child_id)``; each carries a unique marker in ``wall``."""
    events = []
    for seq, (day, child) in enumerate(plan, start):
        item = event(seq, day, child_id=child, wall=f"{day}T09:00:00+01:00", boot_id=f"marker-{seq}")
        log.append(item)
        events.append(item)
    return events


def week(log: EventLog) -> list[dict]:
    """Three events a day for five days; ``amy`` has one event a day, the last of it."""
    plan = [(day, child) for day in DAYS for child in ("bob", "cat", "amy")]
    return fill(log, plan)


def assert_clean_reopen(directory: Path, expected: list[dict], last_seq: int, **kwargs: object) -> EventLog:
    log = EventLog(directory, **kwargs)  # type: ignore[arg-type]
    assert list(log.since(0)) == expected
    assert log.last_seq() == last_seq
    assert log.count() == len(expected)
    assert log.verify() == []
    assert log.problems == []
    return log
