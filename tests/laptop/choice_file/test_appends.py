"""The laptop's per-kiosk choice file: fast verbatim appends, checked reads."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.laptop.choice_file import ChoiceFile, ChoicesRead
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.journal_format import encode_line
from tests.laptop.choice_file.helpers import kiosk_line, make_event, stream


def test_stream_append_then_read_gives_events_and_floor(file: ChoiceFile, path: Path) -> None:
    events = [make_event(seq) for seq in range(1, 6)]
    assert not file.path.exists()

    assert stream(file, events, 5) == 5

    assert file.read() == ChoicesRead(events, 5, 0)
    assert file.checkpoint() == 5
    assert file.path.stat().st_size == path.stat().st_size > 0
    assert path.read_bytes().startswith(
        encode_line({"format": "choice-kiosk-journal", "version": 2, "kiosk_id": "k1"})
    )


def test_constructor_does_not_touch_the_disk(path: Path) -> None:
    file = ChoiceFile(path, "k1")
    assert not path.exists()
    assert not file.path.exists()  # nothing created: its size is nothing
    assert file.checkpoint() == 0
    assert file.read() == ChoicesRead([], 0, 0)
    assert not path.exists()


def test_chunks_split_mid_line(file: ChoiceFile) -> None:
    events = [make_event(seq) for seq in range(1, 21)]

    assert stream(file, events, 20, size=37) == 20

    assert file.read() == ChoicesRead(events, 20, 0)


def test_second_append_continues(file: ChoiceFile) -> None:
    first = [make_event(seq) for seq in range(1, 4)]
    second = [make_event(seq) for seq in range(4, 8)]
    stream(file, first, 3)

    assert stream(file, second, 7, size=50) == 4

    assert file.read() == ChoicesRead(first + second, 7, 0)


def test_fresh_object_reads_floor_from_the_tail(path: Path) -> None:
    writer = ChoiceFile(path, "k1")
    stream(writer, [make_event(seq) for seq in range(1, 4)], 3)
    stream(writer, [make_event(seq, child_id="x" * 200) for seq in range(4, 500)], 499)

    assert path.stat().st_size > 64 * 1024
    assert ChoiceFile(path, "k1").checkpoint() == 499


def test_floor_found_before_the_tail(path: Path) -> None:
    writer = ChoiceFile(path, "k1")
    events = [make_event(seq, child_id="x" * 200) for seq in range(1, 500)]
    stream(writer, events[:1], 1)
    stream(writer, events[1:], 0)

    assert path.stat().st_size > 64 * 1024
    assert ChoiceFile(path, "k1").checkpoint() == 1


def _announced_wrongly(file: ChoiceFile, data: bytes, lines: int, size: int) -> None:
    file.append_stream([data], 9, expected_bytes=size, expected_lines=lines)


@pytest.mark.parametrize(
    ("extra_bytes", "extra_lines", "message"),
    [
        (1, 0, r"announced 2 choices \(\d[\d,]* bytes\) and sent 2 \("),
        (0, 1, r"announced 3 choices \(\d[\d,]* bytes\) and sent 2 \("),
    ],
)
def test_wrong_count_raises_and_leaves_file_as_before(
    file: ChoiceFile, path: Path, extra_bytes: int, extra_lines: int, message: str
) -> None:
    stream(file, [make_event(1)], 1)
    before = path.read_bytes()
    data = kiosk_line(make_event(2)) + kiosk_line(make_event(3))

    with pytest.raises(ValueError, match=message):
        _announced_wrongly(file, data, 2 + extra_lines, len(data) + extra_bytes)

    assert path.read_bytes() == before
    assert file.checkpoint() == 1


def test_short_stream_names_both_counts(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(1)], 1)
    before = path.read_bytes()
    lines = [kiosk_line(make_event(seq)) for seq in range(2, 502)]
    data = b"".join(lines[:-1])

    with pytest.raises(ValueError) as raised:
        file.append_stream(
            [data], 501, expected_bytes=len(data) + len(lines[-1]), expected_lines=500
        )

    total = len(data) + len(lines[-1])
    assert str(raised.value) == (
        f"the kiosk announced 500 choices ({total:,} bytes) and sent 499 ({len(data):,} bytes)"
    )
    assert path.read_bytes() == before


def test_data_not_ending_in_newline_raises(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(1)], 1)
    before = path.read_bytes()
    data = b"\n" + kiosk_line(make_event(2))[:-1]

    with pytest.raises(ValueError, match="do not end with a complete line"):
        file.append_stream([data], 2, expected_bytes=len(data), expected_lines=1)

    assert path.read_bytes() == before
    assert file.read() == ChoicesRead(file.read().events, 1, 0)


def test_iterator_raising_midway_is_reraised_and_undone(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(1)], 1)
    before = path.read_bytes()
    lines = [kiosk_line(make_event(seq)) for seq in range(2, 6)]

    def chunks() -> Iterator[bytes]:
        yield lines[0]
        yield lines[1][:20]
        raise ConnectionResetError("the kiosk went away")

    with pytest.raises(ConnectionResetError, match="the kiosk went away"):
        file.append_stream(
            chunks(), 5, expected_bytes=sum(map(len, lines)), expected_lines=len(lines)
        )

    assert path.read_bytes() == before
    assert file.checkpoint() == 1
    assert ChoiceFile(path, "k1").checkpoint() == 1


class FailingFsync(FileOps):
    """A card whose first fsync fails, as a full or failing card would."""

    def __init__(self) -> None:
        self.failed = False

    def fsync(self, fd: int) -> None:
        if not self.failed:
            self.failed = True
            raise OSError(errno.EIO, "input/output error")
        super().fsync(fd)


def test_failed_fsync_undoes_the_append(path: Path) -> None:
    stream(ChoiceFile(path, "k1"), [make_event(1)], 1)
    before = path.read_bytes()
    file = ChoiceFile(path, "k1", FailingFsync())

    with pytest.raises(OSError, match="input/output"):
        stream(file, [make_event(2)], 2)

    assert path.read_bytes() == before
    assert file.checkpoint() == 1


def test_rewrite_keeps_only_given_events_and_floor(file: ChoiceFile, path: Path) -> None:
    events = [make_event(seq, child_id="c2" if seq % 2 else "c1") for seq in range(1, 7)]
    stream(file, events, 6)
    kept = [e for e in events if e.child_id == "c1"]

    assert file.checkpoint() == 6

    file.rewrite(kept, 8)

    assert file.checkpoint() == 8
    assert file.read() == ChoicesRead(kept, 8, 0)
    assert ChoiceFile(path, "k1").checkpoint() == 8
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(path.read_bytes().splitlines()) == 1 + len(kept) + 1


def test_rewrite_refuses_an_event_of_another_kiosk(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(1)], 1)
    before = path.read_bytes()

    with pytest.raises(ValueError, match="kiosk k2"):
        file.rewrite([make_event(1, kiosk_id="k2")], 1)

    assert path.read_bytes() == before


def test_new_file_is_owner_only(file: ChoiceFile, path: Path) -> None:
    old = os.umask(0)
    try:
        stream(file, [make_event(1)], 1)
    finally:
        os.umask(old)

    assert path.stat().st_mode & 0o777 == 0o600


def test_append_events_round_trip(file: ChoiceFile, path: Path) -> None:
    events = [make_event(seq) for seq in range(1, 4)]

    assert file.append_events(events, 3) == 3

    assert file.read() == ChoicesRead(events, 3, 0)
    assert ChoiceFile(path, "k1").checkpoint() == 3
    assert kiosk_line(events[1]) in path.read_bytes()


def test_append_events_refuses_another_kiosk_and_writes_nothing(
    file: ChoiceFile, path: Path
) -> None:
    with pytest.raises(ValueError, match="kiosk k2"):
        file.append_events([make_event(1), make_event(2, kiosk_id="k2")], 2)

    assert not path.exists()


def test_floor_never_goes_down(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(seq) for seq in range(1, 6)], 5)
    size = path.stat().st_size
    late = [make_event(3)]

    assert stream(file, late, 2) == 1
    file.append_events([make_event(4)], 0)

    assert file.checkpoint() == 5
    assert ChoiceFile(path, "k1").checkpoint() == 5
    assert file.read().checkpoint == 5
    later = path.read_bytes()[size:]
    assert later.count(b'{"checkpoint":5}') == 2  # marks repeat the floor
    assert late[0] in file.read().events


def test_lines_after_the_last_mark_count_for_the_floor(file: ChoiceFile, path: Path) -> None:
    """A laptop killed after writing some of a page's lines (no mark yet) does not ask for them again."""
    stream(file, [make_event(seq) for seq in range(1, 4)], 3)
    with path.open("ab") as raw:
        raw.write(b"".join(kiosk_line(make_event(seq)) for seq in (4, 5)) + kiosk_line(make_event(6))[:30])
    assert ChoiceFile(path, "k1").checkpoint() == 5


def test_a_bundle_above_a_gap_does_not_move_the_floor(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(seq) for seq in range(1, 4)], 3)
    file.append_events([make_event(9), make_event(10)], 0)
    assert ChoiceFile(path, "k1").checkpoint() == 3


def test_lines_after_the_last_mark_that_do_not_read_back_are_cut_before_the_next_append(
    file: ChoiceFile, path: Path
) -> None:
    """Power lost during an append may leave garbage where lines were: the mark counts, they come again."""
    stream(file, [make_event(seq) for seq in range(1, 4)], 3)
    marked = path.read_bytes()
    with path.open("ab") as raw:
        raw.write(kiosk_line(make_event(4)) + b"\0" * 40 + b"\n" + kiosk_line(make_event(6)))
    again = ChoiceFile(path, "k1")
    assert again.checkpoint() == 3
    assert stream(again, [make_event(4), make_event(5), make_event(6)], 6) == 3
    read = again.read()
    assert [e.seq for e in read.events] == [1, 2, 3, 4, 5, 6] and read.unreadable == 0
    assert path.read_bytes().startswith(marked) and b"\0" not in path.read_bytes()


def test_lines_after_the_last_mark_must_rise_to_count(file: ChoiceFile, path: Path) -> None:
    stream(file, [make_event(seq) for seq in range(1, 4)], 3)
    with path.open("ab") as raw:
        raw.write(kiosk_line(make_event(5)) + kiosk_line(make_event(2)))
    assert ChoiceFile(path, "k1").checkpoint() == 3


class RecordingOps(FileOps):
    """Notes each write's size and each fsync, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def write(self, fd: int, data: bytes) -> int:
        self.calls.append("mark" if b'{"checkpoint":' in data else "lines")
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self.calls.append("fsync")
        super().fsync(fd)


def test_the_lines_are_on_the_disk_before_the_mark_is_written(path: Path) -> None:
    ops = RecordingOps()
    file = ChoiceFile(path, "k1", ops)
    stream(file, [make_event(1)], 1)
    ops.calls.clear()
    stream(file, [make_event(2), make_event(3)], 3)
    assert ops.calls[-3:] == ["fsync", "mark", "fsync"] and "lines" in ops.calls[:-3]
