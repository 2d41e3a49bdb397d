"""The newest choices of one kiosk's file, read from its end: what the window shows first.

Opening the review on five school years used to read and fold every line (1.7 s
reading, 4.7 s folding) before the first frame. The views a teacher opens on —
Today, This week, the last four weeks — need only the last weeks, so the window
opens on those and folds the rest in the background. This reads a choice file
backwards in blocks, newest line first, and stops a little before the file's
newest day minus ``days``: the lines are in the kiosk's order (rising seq), which
follows its clock, so every choice from ``since`` on has been read by then. The
few days between the stop and ``since`` are read as a margin (a clock corrected
by its anchors may move a choice across midnight) and left out of the first
views, which show only days on or after ``since``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.laptop.choice_events import merge_kiosk_events
from kiosk.laptop.choice_file import ChoiceFile
from kiosk.shared.domain import ChoiceEvent

__all__ = ["BLOCK", "MARGIN", "RecentChoices", "lines_from_end", "read_recent"]

BLOCK = 256 * 1024
#: Days read beyond ``since`` (see the module's docstring).
MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class RecentChoices:
    """The events read from the end of a file, and from which day they hold every choice.

    ``since`` is None when the whole file was read (it then holds every choice).
    """

    events: list[ChoiceEvent]
    since: date | None


def lines_from_end(path: os.PathLike[str] | str, block: int = BLOCK) -> Iterator[tuple[int, bytes]]:
    """(offset, line) of each whole line of the file, the last first; bytes after the last newline
    (an append cut by power loss) are not a line. A missing file has none."""
    try:
        file = open(path, "rb")  # noqa: SIM115 - a generator holds it open between blocks
    except FileNotFoundError:
        return
    with file:
        end = file.seek(0, os.SEEK_END)
        carry = b""  # the start of a line whose beginning is in an earlier block
        first = True
        while end > 0:
            start = max(0, end - block)
            file.seek(start)
            data = file.read(end - start) + carry
            pieces = data.split(b"\n")
            if first:
                if len(pieces) == 1 and start > 0:  # no newline yet: all of it is a torn last line
                    carry, end = b"", start
                    continue
                pieces.pop()  # after the last newline: empty, or a torn line
                first = False
            carry = pieces.pop(0) if start > 0 else b""
            at = start + len(carry) + (1 if start > 0 else 0)
            offsets = []
            for piece in pieces:
                offsets.append(at)
                at += len(piece) + 1
            for offset, piece in zip(reversed(offsets), reversed(pieces), strict=True):
                yield offset, piece
            end = start


def read_recent(file: ChoiceFile, days: int, block: int = BLOCK) -> RecentChoices:
    """The file's events from ``days`` before its newest choice's day (plus ``MARGIN``), newest lines only.

    Damaged lines are passed over here and counted by the full read that follows.
    """
    events: list[ChoiceEvent] = []
    since: date | None = None
    for offset, line in lines_from_end(file.path, block):
        if offset == 0 and file.is_header(line):
            break
        found = file.entries_of(line)
        if found is None:
            continue
        for event in found[0]:
            day = _day(event)
            if day is None:
                continue
            if since is None:
                since = day - timedelta(days=days)
            elif day < since - MARGIN:
                return RecentChoices(merge_kiosk_events(events, file.kiosk_id), since)
        events.extend(found[0])
    return RecentChoices(merge_kiosk_events(events, file.kiosk_id), None)


def _day(event: ChoiceEvent) -> date | None:
    try:
        return date.fromisoformat(event.day)
    except ValueError:
        return None
