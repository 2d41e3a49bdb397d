"""The laptop's choice file read back after damage: torn tails, bad checksums, foreign lines, copies."""

from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.laptop.choice_file import ChoiceFile, ChoicesRead
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.journal_format import checkpoint_line, encode_line
from kiosk.shared.sync.merge import merge_logs
from tests.laptop.choice_file.helpers import kiosk_line, make_event, make_record, stream


def test_torn_tail_is_cut_by_next_append(file: ChoiceFile, path: Path) -> None:
    first = [make_event(1), make_event(2)]
    stream(file, first, 2)
    with open(path, "ab") as handle:
        handle.write(kiosk_line(make_event(3))[:40])
    assert file.read() == ChoicesRead(first, 2, 0)

    later = [make_event(3), make_event(4)]
    stream(file, later, 4)

    assert file.read() == ChoicesRead(first + later, 4, 0)
    assert path.read_bytes().endswith(checkpoint_line(4))


def test_torn_header_is_rewritten(file: ChoiceFile, path: Path) -> None:
    path.write_bytes(b"1234abcd {\"form")
    events = [make_event(1)]

    stream(file, events, 1)

    assert file.read() == ChoicesRead(events, 1, 0)


def test_bad_checksum_on_last_line_is_not_counted(file: ChoiceFile, path: Path) -> None:
    events = [make_event(1), make_event(2)]
    stream(file, events, 2)
    with open(path, "ab") as handle:
        handle.write(b"00000000" + kiosk_line(make_event(3))[8:])

    assert file.read() == ChoicesRead(events, 2, 0)


def test_last_line_with_good_checksum_and_bad_json_is_counted(
    file: ChoiceFile, path: Path
) -> None:
    events = [make_event(1)]
    stream(file, events, 1)
    with open(path, "ab") as handle:
        handle.write(b"%08x {not json\n" % zlib.crc32(b"{not json"))

    assert file.read() == ChoicesRead(events, 1, 1)


def test_bad_line_before_a_torn_tail_is_counted(file: ChoiceFile, path: Path) -> None:
    events = [make_event(1)]
    stream(file, events, 1)
    with open(path, "ab") as handle:
        handle.write(b"00000000" + kiosk_line(make_event(2))[8:])
        handle.write(kiosk_line(make_event(3))[:30])

    assert file.read() == ChoicesRead(events, 1, 1)


def test_corrupted_middle_line_is_skipped_and_counted(file: ChoiceFile, path: Path) -> None:
    events = [make_event(seq) for seq in range(1, 4)]
    stream(file, events, 3)
    data = bytearray(path.read_bytes())
    at = data.index(events[1].id.encode())
    data[at] = ord("x") if data[at] != ord("x") else ord("y")
    path.write_bytes(bytes(data))

    assert file.read() == ChoicesRead([events[0], events[2]], 3, 1)


def test_damaged_header_counts_once_and_the_rest_is_read(file: ChoiceFile, path: Path) -> None:
    events = [make_event(1)]
    stream(file, events, 1)
    data = path.read_bytes()
    path.write_bytes(b"garbage" + data[data.index(b"\n") :])

    assert file.read() == ChoicesRead(events, 1, 1)


@pytest.mark.parametrize(
    "line",
    [
        kiosk_line(make_event(2, kiosk_id="k2")),
        kiosk_line({**make_record(2), "seq": 0}),
        encode_line({"ops": [["del", "events", "2"]]}),
        encode_line({"ops": [["put", "meta", "1", {"x": 1}]]}),
        encode_line({"ops": [["put", "floor", "1", {"through": "9"}]]}),
        encode_line(["not", "a", "record"]),
        encode_line({"checkpoint": "9"}),
        encode_line({"checkpoint": -1}),
        encode_line({"note": "an object that is no event"}),
        b"0000000z not a line\n",
    ],
)
def test_lines_that_are_not_this_kiosks_events_are_unreadable(
    file: ChoiceFile, path: Path, line: bytes
) -> None:
    events = [make_event(1), make_event(3)]
    stream(file, events[:1], 1)
    file.append_stream([line], 0, expected_bytes=len(line), expected_lines=1)
    stream(file, events[1:], 3)

    assert file.read() == ChoicesRead(events, 3, 1)


def test_same_lines_appended_twice_read_once(file: ChoiceFile) -> None:
    events = [make_event(seq) for seq in range(1, 6)]
    stream(file, events, 5)
    stream(file, events, 5)

    assert file.read() == ChoicesRead(events, 5, 0)


def test_differing_copies_keep_the_same_one_as_merge_logs(file: ChoiceFile) -> None:
    original = make_event(1)
    changed = replace(original, child_id="c0")
    stream(file, [changed], 1)
    stream(file, [original], 1)

    kept = merge_logs([original.to_dict()], [changed.to_dict()])
    assert file.read().events == [ChoiceEvent.from_dict(e) for e in kept] == [changed]
