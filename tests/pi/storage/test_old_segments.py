"""Segments written by version 1 (TinyDB's envelope per line) are read once and moved to version 2.

The fixture (tests/fixtures/journal_v1) was written by the code of that version: a kiosk's
day segments after a child's purge and a retention purge (purge marks, ``after_gap``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog, StorageError
from kiosk.pi.sync.lines_page import build_lines_page
from kiosk.shared.files.journal_format import check_header, encode_line, event_line
from kiosk.shared.files.old_journal_format import old_entries
from tests.pi.storage.storage_helpers import FaultyOps, event

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "journal_v1" / "kiosk-events"
KEPT = [1, 3, 4, 7, 10, 11, 12]


def old_copy(tmp_path: Path) -> Path:
    events_dir = tmp_path / "events"
    shutil.copytree(FIXTURE, events_dir)
    for path in events_dir.iterdir():
        path.chmod(0o600)
    return events_dir


def fixture_lines() -> dict[str, list[bytes]]:
    """Each fixture segment's lines after its header, as version 1 wrote them."""
    return {p.name: p.read_bytes().splitlines(keepends=True)[1:] for p in sorted(FIXTURE.glob("*.journal"))}


def fixture_events() -> list[dict]:
    return [entry for lines in fixture_lines().values() for line in lines for entry in old_entries(
        json.loads(line[9:]))]


def headers(events_dir: Path) -> dict[str, dict]:
    return {p.name: check_header(p.read_bytes().split(b"\n", 1)[0], p) for p in sorted(events_dir.glob("*.journal"))}


def test_a_version_1_log_is_moved_once_and_reads_the_same(tmp_path: Path) -> None:
    events_dir = old_copy(tmp_path)
    before = headers(events_dir)
    log = EventLog(events_dir, segment_limit=4)
    assert [e["seq"] for e in log.since(0)] == KEPT
    assert list(log.since(0)) == fixture_events()
    assert log.last_seq() == 12 and log.count() == 7
    assert log.verify() == [] and log.problems == []
    after = headers(events_dir)
    assert after == {name: {**header, "version": 2} for name, header in before.items()}
    assert after["0000000007-2026-09-02.journal"]["after_gap"] is True  # purge marks and gaps kept
    for path in events_dir.glob("*.journal"):
        lines = path.read_bytes().splitlines(keepends=True)[1:]
        assert lines == [event_line(json.loads(line[9:])) for line in lines]  # each line: the event's own JSON
        assert b'"ops"' not in path.read_bytes()
    log.append(event(13, "2026-09-03"))
    log.close()
    moved = {p.name: (p.stat().st_ino, p.read_bytes()) for p in events_dir.iterdir()}
    again = EventLog(events_dir, segment_limit=4)
    assert [e["seq"] for e in again.since(0)] == [*KEPT, 13] and again.problems == []
    again.close()
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in events_dir.iterdir()} == moved  # read once


def test_a_laptop_not_updated_is_sent_the_lines_as_version_1_wrote_them(tmp_path: Path) -> None:
    log = EventLog(old_copy(tmp_path), segment_limit=4)
    sources, more = log.line_sources(0, 1 << 20)
    old = build_lines_page(sources, 0, more, log.last_seq(), lines_version=1)
    sources, more = log.line_sources(0, 1 << 20)
    new = build_lines_page(sources, 0, more, log.last_seq())
    assert b"".join(old.chunks) == b"".join(line for lines in fixture_lines().values() for line in lines)
    assert (old.lines, old.to_checkpoint, old.more) == (new.lines, new.to_checkpoint, new.more) == (7, 12, False)
    assert old.head("k").size == old.size > new.size == new.head("k").size


def test_a_move_cut_short_by_a_failing_card_is_done_again(tmp_path: Path, faulty: FaultyOps) -> None:
    events_dir = old_copy(tmp_path)
    faulty.arm("replace", after=1)  # the first segment is moved, the second fails
    with pytest.raises(StorageError):
        EventLog(events_dir, ops=faulty, segment_limit=4)
    versions = sorted(header["version"] for header in headers(events_dir).values())
    assert versions == [1, 1, 2]  # each file old or new, never a mix
    log = EventLog(events_dir, segment_limit=4)
    assert list(log.since(0)) == fixture_events() and log.problems == [] and log.verify() == []


def test_a_damaged_version_1_segment_is_set_aside_as_it_was(tmp_path: Path) -> None:
    events_dir = old_copy(tmp_path)
    bad = events_dir / "0000000007-2026-09-02.journal"
    lines = bad.read_bytes().split(b"\n")
    lines[1] = lines[1][: len(lines[1]) // 2]
    bad.write_bytes(b"\n".join(lines))
    damaged = bad.read_bytes()
    log = EventLog(events_dir, segment_limit=4)
    [problem] = log.problems
    assert problem.path == bad and problem.moved_to is not None and problem.moved_to.read_bytes() == damaged
    assert [e["seq"] for e in log.since(0)] == [1, 3, 4, 11, 12]
    assert log.last_seq() == 12


def test_a_torn_version_1_tail_is_cut_in_the_newest_segment_and_damage_in_an_older_one(tmp_path: Path) -> None:
    events_dir = old_copy(tmp_path)
    torn = b'0badc0de {"ops":[["put","events","13",{"id":'
    newest = events_dir / "0000000011-2026-09-03.journal"
    newest.write_bytes(newest.read_bytes() + torn)
    older = events_dir / "0000000001-2026-09-01.journal"
    older.write_bytes(older.read_bytes() + torn)
    log = EventLog(events_dir, segment_limit=4)
    assert [e["seq"] for e in log.since(0)] == [7, 10, 11, 12]
    [problem] = log.problems
    assert problem.path == older and "middle of a line" in problem.reason
    assert problem.moved_to is not None and problem.moved_to.read_bytes().endswith(torn)  # carried over as it was
    assert newest.read_bytes().endswith(event_line(fixture_events()[-1]))
    log.append(event(13, "2026-09-03"))
    assert log.last_seq() == 13


def test_a_version_1_segment_whose_ids_are_not_its_seqs_is_damage(tmp_path: Path) -> None:
    events_dir = old_copy(tmp_path)
    newest = events_dir / "0000000011-2026-09-03.journal"
    body = newest.read_bytes().replace(b'["put","events","12",', b'["put","events","21",')
    header, line11, line12 = body.splitlines(keepends=True)
    value = json.loads(line12[9:])
    newest.write_bytes(header + line11 + encode_line(value))
    log = EventLog(events_dir, segment_limit=4)
    assert [p.path for p in log.problems] == [newest] and "seq" in log.problems[0].reason
    assert log.last_seq() >= 12  # the damaged newest segment's seqs are never given out again
