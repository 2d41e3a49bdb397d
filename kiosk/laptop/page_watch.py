"""Watching a page of a kiosk's lines as it passes to the laptop's file.

The laptop keeps the kiosk's bytes as they are; while they pass it notes whether a
deleted child's id is in them (the file is then rewritten without those choices)
and the first line (its day, against the last purged day).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kiosk.shared.event_checks import MAX_EVENT_BYTES
from kiosk.shared.files.journal_format import BadLine, read_entry
from kiosk.shared.files.old_journal_format import upgrade_line

__all__ = ["PageWatch"]


class PageWatch:
    """Looks at a page's bytes as they pass: deleted children's ids in them, and the first line."""

    def __init__(self, needles: list[bytes]) -> None:
        self.needles = needles
        self.found: set[bytes] = set()
        self.first = b""

    def watch(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        tail = b""
        longest = max((len(n) for n in self.needles), default=0)
        for chunk in chunks:
            if len(self.first) < MAX_EVENT_BYTES * 2 and b"\n" not in self.first:
                self.first += chunk[: MAX_EVENT_BYTES * 2]
            if self.needles:
                window = tail + chunk
                self.found.update(n for n in self.needles if n in window)
                tail = window[-longest:]
            yield chunk

    def first_day(self) -> str:
        """The day of the page's first choice ("~" when there is none: after every day).

        A kiosk that has not been updated sends version-1 lines: read as moved to version 2.
        """
        first = upgrade_line(self.first.split(b"\n", 1)[0]).split(b"\n", 1)[0]
        try:
            entry = read_entry(first)
        except BadLine:
            return "~"
        return str(entry["day"]) if isinstance(entry, dict) and "day" in entry else "~"
