"""The journal line format and today's open segment: one line of the event's own JSON, one fsync, recovery."""

from __future__ import annotations

import errno
import json
import math
from pathlib import Path

import pytest

from kiosk.pi.storage import CorruptFileError, DiskFullError, EventLog, StorageError
from kiosk.pi.storage.open_segment import OpenSegment
from kiosk.pi.storage.segment_files import open_segment
from kiosk.pi.storage.segments import Segment
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.journal_format import (
    HEADER,
    Checkpoint,
    build_journal,
    checkpoint_line,
    encode_line,
    event_line,
    read_entry,
    scan_journal,
)
from kiosk.shared.files.old_journal_format import envelope_line
from tests.pi.storage.storage_helpers import FaultyOps, event

DAY = "2026-11-20"


def segment_at(directory: Path, first: int = 1) -> Segment:
    return Segment(first, DAY, directory / f"{first:010d}-{DAY}.journal")


def opened(directory: Path, events: list[dict], ops: FileOps | None = None) -> OpenSegment:
    """A segment holding ``events``, open for appending."""
    segment = segment_at(directory)
    segment.path.write_bytes(build_journal(events))
    return open_segment(segment, ops or FileOps())


def test_a_choice_is_one_line_of_its_own_json_after_the_header(tmp_path: Path) -> None:
    log = EventLog(tmp_path)
    first, second = event(1, DAY), event(2, DAY, feeling=None)
    log.append(first)
    log.append(second)
    log.close()
    [path] = tmp_path.glob("*.journal")
    assert path.read_bytes() == encode_line(HEADER) + event_line(first) + event_line(second)
    header, *lines = path.read_bytes().splitlines()
    assert json.loads(header[9:]) == {"format": "choice-kiosk-journal", "version": 2}
    assert [json.loads(line[9:]) for line in lines] == [first, second]  # any JSON reader, past the checksum
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_format_carries_any_fields_an_event_has(tmp_path: Path) -> None:
    """Fields are the domain's business (event_checks.py): the line format keeps whatever it is given."""
    later = {**event(1, DAY), "replaces": "e-0", "choice_time": {"opened": "09:30", "seats": [1, 2]}, "ü": "ñ"}
    assert scan_journal(build_journal([later]), tmp_path / "j").events == [later]
    assert read_entry(event_line(later)[:-1]) == later
    assert read_entry(checkpoint_line(17)[:-1]) == Checkpoint(17)
    assert len(event_line(later)) < len(envelope_line(later))  # the envelope is gone from every line


def test_an_append_writes_only_its_line_and_keeps_it_in_memory(tmp_path: Path) -> None:
    segment = opened(tmp_path, [event(1, DAY)])
    before = segment.segment.path.read_bytes()
    later = event(2, DAY)
    segment.append(later)
    assert segment.segment.path.read_bytes() == before + event_line(later)
    assert segment.size == len(before + event_line(later))
    assert [e["seq"] for e in segment.events()] == [1, 2] and segment.last_seq == 2 and later["id"] in segment.ids
    segment.events()[1]["seq"] = 99  # the caller's own copy
    assert segment.events()[1]["seq"] == 2
    segment.close()


@pytest.mark.parametrize("bad", [{"mono": math.nan}, {"mono": object()}, {"mono": math.inf}])
def test_an_event_that_is_not_json_writes_nothing(tmp_path: Path, bad: dict) -> None:
    segment = opened(tmp_path, [event(1, DAY)])
    before = segment.segment.path.read_bytes()
    with pytest.raises((ValueError, TypeError)):
        segment.append({**event(2, DAY), **bad})
    assert segment.segment.path.read_bytes() == before and segment.count == 1 and segment.last_seq == 1


def test_a_torn_last_line_without_newline_is_cut_off_on_opening(tmp_path: Path) -> None:
    good = build_journal([event(1, DAY)])
    segment = segment_at(tmp_path)
    segment.path.write_bytes(good + event_line(event(2, DAY))[:-7])
    opened_again = open_segment(segment, FileOps())
    assert [e["seq"] for e in opened_again.events()] == [1]
    assert segment.path.read_bytes() == good
    opened_again.close()


def test_a_last_line_with_a_bad_checksum_is_cut_off(tmp_path: Path) -> None:
    good = build_journal([event(1, DAY)])
    segment = segment_at(tmp_path)
    segment.path.write_bytes(good + b"00000000 " + json.dumps(event(2, DAY)).encode() + b"\n")
    assert [e["seq"] for e in open_segment(segment, FileOps()).events()] == [1]
    assert segment.path.read_bytes() == good


def test_scanning_never_changes_the_file(tmp_path: Path) -> None:
    torn = build_journal([event(1, DAY)]) + b"0123"
    scan = scan_journal(torn, tmp_path / "j")
    assert [e["seq"] for e in scan.events] == [1] and scan.dropped_tail == 4


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"\x00" * 300, "header"),
        (b"garbage that is not a journal\nmore garbage\n", "header"),
        (encode_line({"format": "something-else", "version": 2}), "header"),
        (encode_line({"format": "choice-kiosk-journal", "version": 99}), "version"),
        (encode_line(HEADER)[:-1], "header"),
        (encode_line(HEADER) + event_line(event(1))[:-5] + b"\n" + event_line(event(2)), "line 2"),
        (encode_line(HEADER) + encode_line([1, 2]) + event_line(event(2)), "line 2"),
        (encode_line(HEADER) + encode_line("a text") + event_line(event(2)), "line 2"),
        (encode_line(HEADER) + checkpoint_line(4) + event_line(event(2)), "line 2"),
        (encode_line({"format": "choice-kiosk-journal", "version": 1}) + envelope_line(event(1)), "version 1"),
    ],
    ids=[
        "zero-length",
        "zeros",
        "garbage",
        "foreign-header",
        "future-version",
        "header-without-newline",
        "truncated-in-the-middle",
        "not-an-object",
        "a-string",
        "a-laptops-checkpoint-mark",
        "version-1-not-moved",
    ],
)
def test_a_damaged_journal_is_refused_not_read_as_empty(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "j.journal"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError) as caught:
        open_segment(Segment(1, DAY, path), FileOps())
    assert reason in caught.value.reason
    assert path.read_bytes() == content


def test_a_failed_fsync_rolls_back_file_and_memory(tmp_path: Path, faulty: FaultyOps) -> None:
    segment = opened(tmp_path, [event(1, DAY)], faulty)
    before = segment.segment.path.read_bytes()
    faulty.arm("fsync")
    with pytest.raises(StorageError):
        segment.append(event(2, DAY))
    assert segment.segment.path.read_bytes() == before
    assert [e["seq"] for e in segment.events()] == [1] and segment.last_seq == 1 and segment.size == len(before)
    segment.append(event(2, DAY))
    segment.close()
    assert [e["seq"] for e in scan_journal(segment.segment.path.read_bytes(), tmp_path).events] == [1, 2]


def test_a_full_card_in_the_middle_of_a_line_leaves_no_garbage(tmp_path: Path, faulty: FaultyOps) -> None:
    segment = opened(tmp_path, [event(1, DAY)], faulty)
    before = segment.segment.path.read_bytes()
    faulty.arm("write", errno.ENOSPC, partial=5)
    with pytest.raises(DiskFullError) as caught:
        segment.append(event(2, DAY))
    assert "full" in str(caught.value)
    assert segment.segment.path.read_bytes() == before


def test_a_failed_rollback_refuses_further_appends_until_reopened(tmp_path: Path, faulty: FaultyOps) -> None:
    segment = opened(tmp_path, [event(1, DAY)], faulty)
    faulty.arm("write", errno.EIO, partial=4)
    faulty.arm("truncate")
    with pytest.raises(StorageError):
        segment.append(event(2, DAY))
    with pytest.raises(StorageError, match="restarted"):
        segment.append(event(2, DAY))
    segment.close()
    again = open_segment(segment.segment, FileOps())  # opening cuts the 4 stray bytes
    assert [e["seq"] for e in again.events()] == [1]
    again.append(event(2, DAY))
    assert [e["seq"] for e in again.events()] == [1, 2]
    again.close()
