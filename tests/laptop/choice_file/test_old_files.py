"""Choice files and pages of version 1 (TinyDB's envelope per line) are moved to version 2 once.

The fixture (tests/fixtures/journal_v1) was written by the code of that version.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.laptop.choice_file import ChoiceFile, ChoicesRead
from kiosk.laptop.old_journals import upgrade_choice_file
from kiosk.laptop.page_watch import PageWatch
from kiosk.laptop.store import LaptopStore
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.journal_format import checkpoint_line, encode_line, event_line
from kiosk.shared.files.old_journal_format import envelope_line, old_entries
from kiosk.shared.sync.merge import merge_page

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "journal_v1"
KIOSK = "kiosk-fx"


def old_events(path: Path) -> list[dict]:
    """The events of a version-1 file's lines, read by hand with the old format's rules."""
    lines = path.read_bytes().splitlines()[1:]
    return [e for line in lines for e in old_entries(json.loads(line[9:])) if isinstance(e, dict)]


def laptop_with_old_file(tmp_path: Path, data: bytes | None = None) -> Path:
    events_dir = tmp_path / "laptop" / "events"
    events_dir.mkdir(parents=True, mode=0o700)
    path = events_dir / f"{KIOSK}.choices"
    path.write_bytes(data if data is not None else (FIXTURE / "laptop-events" / f"{KIOSK}.choices").read_bytes())
    path.chmod(0o600)
    return path


def test_a_version_1_choice_file_is_moved_once_when_the_store_opens(tmp_path: Path) -> None:
    path = laptop_with_old_file(tmp_path)
    expected = old_events(FIXTURE / "laptop-events" / f"{KIOSK}.choices")
    with LaptopStore(tmp_path / "laptop") as store:
        held = [ChoiceEvent.from_dict(e) for e in merge_page(expected, KIOSK)]
        assert store.choices.events(KIOSK) == held and [e["seq"] for e in expected] == list(range(1, 12))
        assert store.choices.checkpoint(KIOSK) == 11 and store.choices.unreadable[KIOSK] == 0
    header, *lines = path.read_bytes().splitlines(keepends=True)
    assert json.loads(header[9:]) == {"format": "choice-kiosk-journal", "version": 2, "kiosk_id": KIOSK}
    assert lines == [*map(event_line, expected[:10]), checkpoint_line(10), event_line(expected[10]), checkpoint_line(11)]
    moved = (path.stat().st_ino, path.read_bytes())
    with LaptopStore(tmp_path / "laptop") as store:
        assert [e.seq for e in store.choices.events(KIOSK)] == list(range(1, 12))
    assert (path.stat().st_ino, path.read_bytes()) == moved  # read once
    assert path.stat().st_mode & 0o077 == 0


def test_a_damaged_version_1_file_keeps_its_damage_counted_and_loses_nothing_else(tmp_path: Path) -> None:
    original = (FIXTURE / "laptop-events" / f"{KIOSK}.choices").read_bytes()
    lines = original.splitlines(keepends=True)
    lines[3] = b"00000000" + lines[3][8:]  # seq 3: its checksum no longer matches
    torn = envelope_line({"id": "e0012", "kiosk_id": KIOSK, "seq": 12})[:30]  # power lost mid-append
    path = laptop_with_old_file(tmp_path, b"".join(lines) + torn)
    assert upgrade_choice_file(path, FileOps())
    assert not upgrade_choice_file(path, FileOps())  # once
    assert path.read_bytes().endswith(torn) and lines[3] in path.read_bytes()  # both kept as they were
    read = ChoiceFile(path, KIOSK).read()
    assert [e.seq for e in read.events] == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11]
    assert (read.checkpoint, read.unreadable) == (11, 1)
    file = ChoiceFile(path, KIOSK)
    assert file.checkpoint() == 11
    first = old_events(FIXTURE / "laptop-events" / f"{KIOSK}.choices")[0]
    file.append_events([ChoiceEvent.from_dict({**first, "seq": 12, "id": "e0012"})], 12)
    assert torn not in path.read_bytes()  # the torn tail was cut before the append
    assert [e.seq for e in ChoiceFile(path, KIOSK).read().events][-1] == 12


def test_a_file_of_another_version_or_without_a_header_is_left_alone(tmp_path: Path) -> None:
    newer = encode_line({"format": "choice-kiosk-journal", "version": 3, "kiosk_id": KIOSK}) + b"x\n"
    for data in (newer, b"garbage\n", b""):
        path = laptop_with_old_file(tmp_path / str(len(data)), data)
        assert not upgrade_choice_file(path, FileOps()) and path.read_bytes() == data


def kiosk_page() -> bytes:
    """Every line of the fixture kiosk's segments after their headers: what a kiosk not updated sends."""
    return b"".join(
        b"".join(p.read_bytes().splitlines(keepends=True)[1:]) for p in sorted((FIXTURE / "kiosk-events").iterdir())
    )


def test_a_page_from_a_kiosk_not_updated_is_stored_in_version_2(tmp_path: Path) -> None:
    data = kiosk_page()
    expected = [e for line in data.splitlines() for e in old_entries(json.loads(line[9:]))]
    for size in (7, 1 << 20):  # chunks cut lines anywhere, or one chunk
        file = ChoiceFile(tmp_path / f"{size}.choices", KIOSK)
        chunks = [data[n : n + size] for n in range(0, len(data), size)]
        assert file.append_stream(chunks, 12, expected_bytes=len(data), expected_lines=data.count(b"\n")) == 7
        assert file.read() == ChoicesRead([ChoiceEvent.from_dict(e) for e in expected], 12, 0)
        assert b'"ops"' not in file.path.read_bytes()
        assert file.path.read_bytes().endswith(b"".join(map(event_line, expected)) + checkpoint_line(12))


def test_a_damaged_line_in_an_old_page_is_kept_and_counted(tmp_path: Path) -> None:
    lines = kiosk_page().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"seq":3', b'"seq":4')  # its checksum no longer matches
    data = b"".join(lines)
    file = ChoiceFile(tmp_path / "k.choices", KIOSK)
    file.append_stream([data], 12, expected_bytes=len(data), expected_lines=len(lines))
    assert lines[1] in file.path.read_bytes()
    read = file.read()
    assert [e.seq for e in read.events] == [1, 4, 7, 10, 11, 12] and read.unreadable == 1


def test_the_first_day_of_a_page_is_read_in_either_version() -> None:
    old = kiosk_page()
    new = b"".join(event_line(e) for line in old.splitlines() for e in old_entries(json.loads(line[9:])))
    for data in (old, new):
        watch = PageWatch([b'"child_id":"c1"'])
        assert b"".join(watch.watch([data[:50], data[50:]])) == data
        assert watch.first_day() == "2026-09-01" and watch.found == {b'"child_id":"c1"'}
    assert PageWatch([]).first_day() == "~"


def test_the_fixture_is_what_version_1_wrote() -> None:
    """Guard: the fixture files keep their version-1 bytes (they are the test's ground truth)."""
    data = (FIXTURE / "laptop-events" / f"{KIOSK}.choices").read_bytes()
    assert data.startswith(encode_line({"format": "choice-kiosk-journal", "version": 1, "kiosk_id": KIOSK}))
    assert data.count(b'{"ops":[["put","events",') == 11 and data.count(b'{"ops":[["put","floor","1",') == 2
