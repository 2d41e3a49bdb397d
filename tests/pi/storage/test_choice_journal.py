"""ChoiceJournal: the choice log read and written as ChoiceEvent records, the same lines on the card."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog
from kiosk.pi.storage.choice_journal import ChoiceJournal
from kiosk.shared.domain import ChoiceEvent, EventKind, Method
from tests.pi.storage.storage_helpers import event, file_bytes


def test_a_recorded_entry_is_read_back_typed_after_a_reopen(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    journal = ChoiceJournal(log)
    assert journal.newest() is None and journal.last_seq() == 0
    entries = [ChoiceEvent.from_dict(event(1)), ChoiceEvent.from_dict(event(2, kind="moved", method="badge"))]
    for entry in entries:
        journal.record(entry)
    log.close()
    again = ChoiceJournal(EventLog(tmp_path / "events"))
    assert list(again.since(0)) == entries and again.on_day("2026-11-20") == entries
    assert again.newest() == entries[-1] and again.last_seq() == 2
    assert (again.newest().kind, again.newest().method) == (EventKind.MOVED, Method.BADGE)


def test_recording_typed_writes_the_bytes_the_raw_log_writes(tmp_path: Path) -> None:
    raw = [event(1), event(2, feeling="happy", kind="reflected"), event(3, replaces="x")]
    by_dict, by_record = EventLog(tmp_path / "a"), EventLog(tmp_path / "b")
    for item in raw:
        by_dict.append(item)
        ChoiceJournal(by_record).record(ChoiceEvent.from_dict(item))
    by_dict.close()
    by_record.close()
    assert file_bytes(tmp_path / "a") == file_bytes(tmp_path / "b")


def test_a_refused_record_changes_nothing(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    journal = ChoiceJournal(log)
    journal.record(ChoiceEvent.from_dict(event(1)))
    with pytest.raises(ValueError, match="does not follow"):
        journal.record(ChoiceEvent.from_dict(event(5)))
    assert [e.seq for e in journal.since(0)] == [1]
