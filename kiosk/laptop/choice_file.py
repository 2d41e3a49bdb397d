"""One paired kiosk's choices on the laptop: ``events/<kiosk_id>.choices``.

The file is a journal in the kiosk's own line format, read with the kiosk's own code
(:mod:`kiosk.shared.files.journal_format`)::

    <crc> {"format":"choice-kiosk-journal","version":2,"kiosk_id":"k1"}
    <crc> {"id":"…","kiosk_id":"k1","seq":17,…the event…}
    <crc> {"checkpoint":17}

A sync streams the kiosk's journal lines verbatim and the laptop appends those
bytes without parsing them, which is what makes a full year's sync fast; only the
byte and line counts the kiosk announced are checked. A *checkpoint mark* then
records the kiosk seq up to which the laptop holds everything, and one ``fsync``
makes the whole append durable. Lines are checked one by one only when the file is
read for the teacher's review: a damaged line is skipped and counted, never fatal,
and a torn last line (an append cut by power loss) is not even counted. Lines from a
kiosk that has not been updated (version 1) are moved to version 2 as they arrive
(:func:`~kiosk.shared.files.old_journal_format.upgrade_lines`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.laptop.choice_events import merge_kiosk_events, read_event
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.durable_io import FileOps, atomic_write, fsync_dir, write_all
from kiosk.shared.files.journal_format import (
    CHECKPOINT,
    FORMAT,
    HEADER,
    VERSION,
    BadLine,
    Checkpoint,
    checkpoint_line,
    decode_line,
    encode_line,
    entry_of,
    event_line,
)
from kiosk.shared.files.old_journal_format import upgrade_lines
from kiosk.shared.sync.merge import EventFormatError

__all__ = ["ChoiceFile", "ChoicesRead"]

_TAIL = 64 * 1024
_MARK_HINT = b'"' + CHECKPOINT.encode() + b'"'


@dataclass(frozen=True)
class ChoicesRead:
    """A choice file read back for review: its events, checkpoint and damaged lines."""

    events: list[ChoiceEvent]
    checkpoint: int
    unreadable: int


class ChoiceFile:
    """The choices of one kiosk, appended fast during syncs and checked when read."""

    def __init__(self, path: Path, kiosk_id: str, ops: FileOps | None = None) -> None:
        self.path = Path(path)
        self.kiosk_id = kiosk_id
        self._ops = ops or FileOps()
        self._checkpoint: int | None = None
        self._cut_at: int | None = None  # unconfirmed lines start here; cut before the next append

    def checkpoint(self) -> int:
        """The seq up to which the laptop holds every choice: the checkpoint of syncs.

        Normally the last line of the file, a checkpoint mark. Lines after the last mark are
        an append cut short (the laptop was killed, or lost power, before its mark): if
        every one of them reads back whole, in rising seqs above the mark, they are
        kept and the last one's seq counts, so they are not asked for again; otherwise
        the mark counts and they are cut off before the next append (they will come
        again). Cached; kept current by the append and rewrite methods.
        """
        if self._checkpoint is None:
            self._checkpoint = self._read_checkpoint()
        return self._checkpoint

    def append_stream(
        self, chunks: Iterable[bytes], checkpoint: int, *, expected_bytes: int, expected_lines: int
    ) -> int:
        """Append whole journal lines arriving in ``chunks``, then a checkpoint mark, then
        one fsync; return how many lines were received (the mark not counted).

        The bytes are not parsed (speed); the announced byte and line counts and the
        final newline are checked instead. Lines of version 1 (a kiosk not updated)
        are moved to version 2 on the way. On any failure the file is cut back to its
        size before this call and the error is raised, so nothing half-received stays.
        """
        _check_seq(checkpoint)
        current = self.checkpoint()
        fd = self._ops.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND)
        try:
            start = self._prepare(fd)
            try:
                lines = _write_counted(self._ops, fd, chunks, expected_bytes, expected_lines)
                self._ops.fsync(fd)  # the lines are on the disk before a mark vouches for them
                # Always a mark, even when the checkpoint stays: the file's last line then says
                # where the laptop stands (see checkpoint()), also after lines above a gap.
                write_all(self._ops, fd, checkpoint_line(max(current, checkpoint)))
                self._ops.fsync(fd)
            except BaseException as exc:
                self._roll_back(fd, start, exc)
                raise
        finally:
            self._ops.close(fd)
        self._checkpoint = max(current, checkpoint)
        return lines

    def append_events(self, events: list[ChoiceEvent], checkpoint: int) -> int:
        """Append ``events`` (from a USB bundle) as kiosk lines and a checkpoint mark with
        one fsync; return how many lines. Each must be this kiosk's: unlike a stream they
        were parsed and may come from anywhere."""
        for event in events:
            self._check_event(event)
        data = b"".join(event_line(event.to_dict()) for event in events)
        return self.append_stream(
            [data], checkpoint, expected_bytes=len(data), expected_lines=len(events)
        )

    def read(self) -> ChoicesRead:
        """Every line checked: the union of the events by id (as ``merge_logs``,
        same tie rule and order), the highest checkpoint mark, and how many lines were
        damaged. A missing file reads as empty."""
        complete = self._read_all().split(b"\n")
        torn_tail = complete.pop() != b""
        if not complete:
            return ChoicesRead([], 0, 0)
        unreadable = 0 if self._is_header(complete[0]) else 1
        events, checkpoint, damaged = self._read_lines(complete[1:], torn_tail)
        return ChoicesRead(merge_kiosk_events(events, self.kiosk_id), checkpoint, unreadable + damaged)

    def _read_lines(
        self, lines: list[bytes], torn_tail: bool
    ) -> tuple[list[ChoiceEvent], int, int]:
        """The events, highest checkpoint mark and damaged-line count of the lines after the header."""
        events: list[ChoiceEvent] = []
        checkpoint = damaged = 0
        last = len(lines) - 1
        for index, line in enumerate(lines):
            try:
                value = decode_line(line)
            except BadLine as exc:
                damaged += 0 if _is_torn_last(exc, index == last, torn_tail) else 1
                continue
            try:
                found, mark = self._entries(value)
            except BadLine:
                damaged += 1
                continue
            events.extend(found)
            checkpoint = max(checkpoint, mark)
        return events, checkpoint, damaged

    def rewrite(self, events: list[ChoiceEvent], checkpoint: int) -> None:
        """Replace the whole file atomically with ``events`` (in this order) and one
        checkpoint mark: for purges (a child's choices deleted for good) and for moving
        an older laptop store's journal into this format. ``atomic_write`` also makes
        the directory entry durable."""
        _check_seq(checkpoint)
        for event in events:
            self._check_event(event)
        data = b"".join(
            [self._header(), *(event_line(event.to_dict()) for event in events), checkpoint_line(checkpoint)]
        )
        atomic_write(self._ops, self.path, data, f"the choices of kiosk {self.kiosk_id}")
        self._checkpoint, self._cut_at = checkpoint, None

    def _header(self) -> bytes:
        return encode_line({**HEADER, "kiosk_id": self.kiosk_id})

    def is_header(self, line: bytes) -> bool:
        """True for this kiosk's header line (the first of the file) in this version."""
        return self._is_header(line)

    def entries_of(self, line: bytes) -> tuple[list[ChoiceEvent], int] | None:
        """The events and checkpoint mark of one whole line, or None if it does not read back."""
        return self._readable(line)

    def _is_header(self, line: bytes) -> bool:
        try:
            header = decode_line(line)
        except BadLine:
            return False
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return False
        version = header.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            return False
        return version == VERSION and header.get("kiosk_id") == self.kiosk_id

    def _check_event(self, event: ChoiceEvent) -> None:
        """``EventFormatError`` (a ``ValueError``) unless ``event`` is one of this kiosk's."""
        if event.kiosk_id != self.kiosk_id:
            raise EventFormatError(f"it is a choice of kiosk {event.kiosk_id}, not of {self.kiosk_id}")

    def _entries(self, record: Any) -> tuple[list[ChoiceEvent], int]:
        """The event or checkpoint of one decoded line; ``BadLine`` if it is neither
        (an event of another kiosk, or one that is not a whole choice event, is neither)."""
        entry = entry_of(record)
        if isinstance(entry, Checkpoint):
            return [], entry.seq
        try:
            event = read_event(entry)
            self._check_event(event)
        except EventFormatError as exc:
            raise BadLine(str(exc)) from exc
        return [event], 0

    def _read_all(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""

    def _read_checkpoint(self) -> int:
        try:
            with open(self.path, "rb") as file:
                file.seek(max(0, file.seek(0, os.SEEK_END) - _TAIL))
                last = self._last_readable(file.read())
                if last is not None and not last[0]:
                    return last[1]  # a mark: the usual end of the file
                file.seek(0)
                return self._settle_unmarked(file.read())
        except FileNotFoundError:
            return 0

    def _readable(self, line: bytes) -> tuple[list[ChoiceEvent], int] | None:
        """The events and checkpoint mark of one whole line, or None if it does not read back."""
        try:
            return self._entries(decode_line(line))
        except BadLine:
            return None

    def _last_readable(self, data: bytes) -> tuple[list[ChoiceEvent], int] | None:
        """:meth:`_readable` of the last whole line of ``data`` that reads back (from the end,
        so usually one line is decoded; one cut by the start of a tail fails and is passed)."""
        for line in reversed(data.split(b"\n")[:-1]):
            found = self._readable(line)
            if found is not None:
                return found
        return None

    def _settle_unmarked(self, data: bytes) -> int:
        """The checkpoint of a file whose last whole line is not a mark (see :meth:`checkpoint`)."""
        lines = data[: data.rfind(b"\n") + 1].split(b"\n")[:-1]
        at, mark = 0, 0  # the last mark's line (0: the header, when there is none)
        for n in range(len(lines) - 1, 0, -1):
            found = self._readable(lines[n]) if _MARK_HINT in lines[n] else None
            if found is not None and not found[0]:
                at, mark = n, found[1]
                break
        seq = mark
        for line in lines[at + 1 :]:
            found = self._readable(line)
            if found is None or found[1] or len(found[0]) != 1 or found[0][0].seq <= seq:
                self._cut_at = sum(len(kept) + 1 for kept in lines[: at + 1])
                return mark
            seq = found[0][0].seq
        return seq

    def _prepare(self, fd: int) -> int:
        """Give a new (or empty) file its header and cut a torn last line; return the
        size the append starts at."""
        size = os.fstat(fd).st_size
        if self._cut_at is not None and 0 < self._cut_at < size:
            self._ops.truncate(fd, self._cut_at)  # unconfirmed lines checkpoint() would not vouch for
            size = self._cut_at
        self._cut_at = None
        if size and _byte_at(fd, size - 1) == b"\n":
            return size
        keep = _after_last_newline(fd, size)
        if keep:
            self._ops.truncate(fd, keep)
            return keep
        self._ops.truncate(fd, 0)
        header = self._header()
        write_all(self._ops, fd, header)
        self._ops.fsync(fd)
        fsync_dir(self._ops, self.path.parent)
        return len(header)

    def _roll_back(self, fd: int, start: int, cause: BaseException) -> None:
        """Cut the file back to ``start`` after a failed append; a failure here is
        noted on ``cause`` rather than hiding it."""
        try:
            self._ops.truncate(fd, start)
            self._ops.fsync(fd)
        except OSError as exc:
            cause.add_note(f"The partial append to {self.path} could not be undone: {exc}")


class _Tally:
    """Counts the bytes and newlines of chunks as they pass, and keeps their last byte."""

    def __init__(self) -> None:
        self.size = self.lines = 0
        self.last = b"\n"

    def count(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.size += len(chunk)
            self.lines += chunk.count(b"\n")
            self.last = chunk[-1:] or self.last
            yield chunk


def _write_counted(
    ops: FileOps, fd: int, chunks: Iterable[bytes], expected_bytes: int, expected_lines: int
) -> int:
    """Write the chunks as they come (version-1 lines moved to version 2), counting the
    bytes and newlines received (no per-line loop), and check them against what the
    kiosk announced."""
    tally = _Tally()
    for data in upgrade_lines(tally.count(chunks)):
        write_all(ops, fd, data)
    if tally.size != expected_bytes or tally.lines != expected_lines:
        raise ValueError(
            f"the kiosk announced {expected_lines:,} choices ({expected_bytes:,} bytes) "
            f"and sent {tally.lines:,} ({tally.size:,} bytes)"
        )
    if tally.last != b"\n":
        raise ValueError(f"the kiosk's {tally.size:,} bytes do not end with a complete line")
    return tally.lines


def _check_seq(checkpoint: Any) -> None:
    if isinstance(checkpoint, bool) or not isinstance(checkpoint, int) or checkpoint < 0:
        raise ValueError(f"a checkpoint is a seq of 0 or more, not {checkpoint!r}")


def _is_torn_last(exc: BadLine, is_last: bool, torn_tail: bool) -> bool:
    """A last line cut short or with a bad checksum is an append cut by power loss;
    one whose checksum passes but whose JSON does not cannot be (it has a cause)."""
    return is_last and not torn_tail and exc.__cause__ is None


def _byte_at(fd: int, position: int) -> bytes:
    os.lseek(fd, position, os.SEEK_SET)
    return os.read(fd, 1)


def _after_last_newline(fd: int, size: int) -> int:
    """The offset just past the file's last newline (0 if it has none), read from
    the end backwards in blocks."""
    end = size
    while end > 0:
        start = max(0, end - _TAIL)
        os.lseek(fd, start, os.SEEK_SET)
        found = os.read(fd, end - start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0
