"""Segment files of the event log: their names, and finding them on the card.

The log is cut into segments named ``<first_seq:010d>-<YYYY-MM-DD>.journal`` so that
recording a choice touches only today's small file, a day's choices are found by
name alone, and the newest seq is in the segment with the highest ``first_seq``.
Everything here reads names and at most a header line; whole segments are read by
:mod:`.event_log`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeGuard

from kiosk.pi.storage.segment_upgrade import upgrade_segment
from kiosk.shared.files.durable_io import FileOps, make_private_file
from kiosk.shared.files.errors import CorruptFileError, error_from_os
from kiosk.shared.files.journal_format import HEADER, VERSION, check_header, readable_seqs
from kiosk.shared.files.old_journal_format import upgrade_line
from kiosk.shared.text.i18n import N_, Sentence

__all__ = [
    "Segment",
    "check_segment_header",
    "checked_segment",
    "list_segments",
    "parse_segment_name",
    "scan_segments",
    "segment_header",
    "segment_name",
    "seq_floor_of_damaged",
    "set_aside_firsts",
]

_NAME = re.compile(r"(\d{10,})-(\d{4}-\d{2}-\d{2})\.journal")
_HEADER_LIMIT = 4096


@dataclass(frozen=True, order=True)
class Segment:
    """One segment file: the seq of its first event and the day of its events.

    ``after_gap`` (from the header) says seqs were skipped before this segment, on
    purpose, after a damaged segment; otherwise the previous segment must end at
    ``first_seq - 1`` exactly, which is how a segment cut short is noticed.

    ``end`` and ``kept`` (from the header) are set once a purge rewrote the segment:
    its seqs were handed out up to ``end`` and ``kept`` events with a seq up to
    ``end`` are left (with gaps where events were purged); events appended after
    the purge follow ``end`` without gaps. ``None`` for a segment never purged.
    """

    first_seq: int
    day: str
    path: Path
    after_gap: bool = field(default=False, compare=False)
    end: int | None = field(default=None, compare=False)
    kept: int | None = field(default=None, compare=False)


def segment_name(first_seq: int, day: str) -> str:
    """The file name of the segment starting at ``first_seq`` on ``day``."""
    return f"{first_seq:010d}-{day}.journal"


def parse_segment_name(name: str) -> tuple[int, str] | None:
    """``(first_seq, day)`` of a segment file name, or ``None`` for other files."""
    match = _NAME.fullmatch(name)
    return None if match is None else (int(match.group(1)), match.group(2))


def list_segments(directory: Path) -> list[Segment]:
    """All segment files in ``directory``, oldest (lowest ``first_seq``) first."""
    segments = []
    for entry in os.scandir(directory):
        parsed = parse_segment_name(entry.name)
        if parsed is not None and entry.is_file():
            segments.append(Segment(parsed[0], parsed[1], Path(entry.path)))
    return sorted(segments)


def set_aside_firsts(directory: Path) -> list[int]:
    """``first_seq`` of every segment set aside earlier (``*.journal.corrupt-*``)."""
    firsts = []
    for entry in os.scandir(directory):
        parsed = parse_segment_name(entry.name.partition(".corrupt-")[0])
        if parsed is not None and ".corrupt-" in entry.name:
            firsts.append(parsed[0])
    return sorted(firsts)


def scan_segments(directory: Path, ops: FileOps) -> tuple[list[Segment], list[tuple[Segment, str]]]:
    """Every segment of ``directory`` with its header checked: ``(good, damaged)``.

    Damaged ones come with the reason. Permissions wider than 0o600 are tightened. A
    segment of version 1 is moved to version 2 first (:mod:`.segment_upgrade`, once);
    a card that fails during the move raises :class:`StorageError`.
    """
    good, damaged = [], []
    for segment in list_segments(directory):
        make_private_file(segment.path)
        try:
            header = check_segment_header(segment.path)
            if header["version"] < VERSION:
                _upgrade(segment, ops)
                header = check_segment_header(segment.path)
            good.append(checked_segment(segment, header))
        except CorruptFileError as exc:
            damaged.append((segment, exc.reason))
    return good, damaged


def _upgrade(segment: Segment, ops: FileOps) -> None:
    try:
        upgrade_segment(segment.path, ops)
    except OSError as exc:
        raise error_from_os(exc, N_("a file of choices")) from exc


def checked_segment(segment: Segment, header: dict[str, Any] | None = None) -> Segment:
    """``segment`` with its header (read here unless given: one line, cheap at start-up) checked."""
    header = check_segment_header(segment.path) if header is None else header
    end, kept = header.get("end"), header.get("kept")
    if end is not None or kept is not None:
        fits = _whole(end) and _whole(kept) and end >= segment.first_seq and kept <= end - segment.first_seq + 1
        if not fits:
            raise CorruptFileError(
                segment.path,
                Sentence("its header says it was purged but its numbers do not fit ({end}, {kept})",
                         end=repr(end), kept=repr(kept)),
            )
    return replace(segment, after_gap=header.get("after_gap") is True, end=end, kept=kept)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def segment_header(segment: Segment) -> dict[str, Any]:
    """The header line of ``segment`` as it should be written (``after_gap``, purge marks)."""
    header = dict(HEADER)
    if segment.after_gap:
        header["after_gap"] = True
    if segment.end is not None:
        header["end"] = segment.end
        header["kept"] = segment.kept
    return header


def check_segment_header(path: Path) -> dict[str, Any]:
    """The header of ``path``; :class:`CorruptFileError` unless it is a valid one."""
    with open(path, "rb") as handle:
        head = handle.read(_HEADER_LIMIT)
    if not head:
        raise CorruptFileError(path, N_("the file is empty (zero length)"))
    end = head.find(b"\n")
    if end < 0:
        raise CorruptFileError(path, N_("the file has no complete header line"))
    return check_header(head[:end], path)


def seq_floor_of_damaged(segment: Segment, segment_limit: int) -> int:
    """The highest seq a damaged segment may have used, so no seq is ever reused.

    A segment never holds more than ``segment_limit`` events, so its whole range is
    reserved; a readable line with a higher seq, or more lines than that (an older
    kiosk with another limit), raises the floor further.
    """
    try:
        data = segment.path.read_bytes()
    except OSError:
        data = b""
    by_lines = segment.first_seq - 1 + max(segment_limit, data.count(b"\n") - 1)
    return max([by_lines, *readable_seqs(data), *_old_seqs(data)])


def _old_seqs(data: bytes) -> list[int]:
    """The seqs of the version-1 lines of a damaged segment that was never moved to version 2."""
    return list(readable_seqs(b"".join(upgrade_line(line) for line in data.split(b"\n"))))
