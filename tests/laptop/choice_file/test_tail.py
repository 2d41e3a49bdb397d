"""Reading a choice file from its end: the newest weeks, exactly as a full read has them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.laptop.choice_file import ChoiceFile
from kiosk.laptop.choice_tail import MARGIN, lines_from_end, read_recent
from tests.laptop.choice_file.helpers import make_event, stream

START = date(2026, 9, 1)


def _year(path: Path, days: int, per_day: int = 3) -> ChoiceFile:
    """A file of ``days`` school days, ``per_day`` choices each, appended in several syncs."""
    file = ChoiceFile(path, "k1")
    events = []
    for n in range(days):
        day = START + timedelta(days=n)
        for k in range(per_day):
            events.append(make_event(len(events) + 1, day=day.isoformat(), wall=f"{day}T09:{k:02d}:00+00:00"))
    for at in range(0, len(events), 40):
        stream(file, events[at : at + 40], min(at + 40, len(events)))
    return file


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.binary(max_size=12).filter(lambda b: b"\n" not in b), max_size=14),
    torn=st.binary(max_size=20).filter(lambda b: b"\n" not in b),
    block=st.integers(1, 16),
)
def test_lines_from_end_are_the_whole_lines_newest_first_at_their_offsets(tmp_path_factory, lines, torn, block):
    path = tmp_path_factory.mktemp("tail") / "f"
    data = b"".join(line + b"\n" for line in lines) + torn  # a torn last line is no line
    path.write_bytes(data)
    found = list(lines_from_end(path, block))
    assert [line for _at, line in found] == lines[::-1]
    assert all(data[at : at + len(line) + 1] == line + b"\n" for at, line in found)


def test_a_missing_file_has_no_lines(tmp_path):
    assert list(lines_from_end(tmp_path / "nothing")) == []
    assert read_recent(ChoiceFile(tmp_path / "nothing", "k1"), 42).events == []


def test_the_newest_weeks_are_the_full_reads_newest_weeks_and_little_more_is_read(tmp_path):
    file = _year(tmp_path / "k1.choices", 180)
    full = file.read().events
    recent = read_recent(file, 42, block=4096)
    newest = START + timedelta(days=179)
    assert recent.since == newest - timedelta(days=42)
    since = recent.since.isoformat()
    assert [e for e in recent.events if e.day >= since] == [e for e in full if e.day >= since]
    assert min(e.day for e in recent.events) >= (recent.since - MARGIN - timedelta(days=1)).isoformat()
    assert len(recent.events) < len(full) / 3


def test_a_file_shorter_than_the_weeks_asked_is_read_whole(tmp_path):
    file = _year(tmp_path / "k1.choices", 20)
    recent = read_recent(file, 42, block=512)
    assert recent.since is None and recent.events == file.read().events


def test_damaged_and_torn_lines_are_passed_over_like_the_full_read_does(tmp_path):
    file = _year(tmp_path / "k1.choices", 60)
    data = bytearray(file.path.read_bytes())
    middle = data.rfind(b"\n", 0, len(data) - 3000)
    data[middle - 40] ^= 0x01  # a damaged line among the newest weeks
    file.path.write_bytes(bytes(data) + b'{"torn')  # and an append cut short
    recent = read_recent(ChoiceFile(file.path, "k1"), 20, block=1024)
    full = ChoiceFile(file.path, "k1").read()
    assert full.unreadable == 1
    since = recent.since.isoformat()
    assert [e for e in recent.events if e.day >= since] == [e for e in full.events if e.day >= since]


@pytest.mark.parametrize("days", [0, 1, 7])
def test_the_day_asked_counts_back_from_the_files_newest_day(tmp_path, days):
    file = _year(tmp_path / "k1.choices", 30)
    recent = read_recent(file, days)
    assert recent.since == START + timedelta(days=29 - days)
    assert {e.day for e in recent.events} >= {(START + timedelta(days=29 - n)).isoformat() for n in range(days + 1)}


def test_an_entry_with_no_readable_day_neither_stops_nor_starts_the_count(tmp_path):
    file = _year(tmp_path / "k1.choices", 30)
    odd = [make_event(91, day="yesterday"), make_event(92, day=None)]
    stream(file, odd, 92)
    recent = read_recent(file, 7)
    assert recent.since == START + timedelta(days=29 - 7)  # counted from the newest day that reads
    assert [e.seq for e in recent.events][-2:] == [91, 92]  # kept as the full read keeps them
