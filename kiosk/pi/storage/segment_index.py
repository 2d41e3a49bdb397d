"""Which segments the event log holds, in seq order, and what lies between them.

The event log asks three questions of its segments: which ones hold a given day,
which ones hold the seqs after a given one, and where the segment after a given
one begins (to notice a segment whose end was cut off). Segments set aside as
damaged still count for the last question: their ``first_seq`` is kept.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from kiosk.pi.storage.segments import Segment

__all__ = ["SegmentIndex"]


class SegmentIndex:
    """The live segments, sorted by ``first_seq``, and how many events each holds."""

    def __init__(self, segments: list[Segment], aside_firsts: list[int]) -> None:
        self._segments = sorted(segments)
        self._aside_firsts = sorted(aside_firsts)
        self.counts: dict[Path, int] = {}

    def __contains__(self, segment: object) -> bool:
        if not isinstance(segment, Segment):
            return False
        index = bisect.bisect_left(self._segments, segment)
        return index < len(self._segments) and self._segments[index] == segment

    def all(self) -> list[Segment]:
        """A snapshot of every live segment, oldest first."""
        return list(self._segments)

    def add(self, segment: Segment) -> None:
        bisect.insort(self._segments, segment)

    def forget(self, segment: Segment) -> None:
        """Drop a segment (renamed, damaged or gone)."""
        if segment in self:
            self._segments.remove(segment)
        self.counts.pop(segment.path, None)

    def note_set_aside(self, segment: Segment) -> None:
        """Remember where a damaged segment began, then drop it."""
        bisect.insort(self._aside_firsts, segment.first_seq)
        self.forget(segment)

    def on_day(self, day: str) -> list[Segment]:
        return [segment for segment in self._segments if segment.day == day]

    def after(self, seq: int) -> list[Segment]:
        """The segments that may hold events with a seq above ``seq``."""
        firsts = [segment.first_seq for segment in self._segments]
        return self._segments[max(0, bisect.bisect_right(firsts, seq + 1) - 1) :]

    def boundary_after(self, segment: Segment) -> tuple[int | None, bool]:
        """Where the next segment begins, and whether ``segment`` must end right there.

        It must, unless the next one was started after a gap on purpose or is a
        damaged one (whose own start is all that is known).
        """
        index = bisect.bisect_right(self._segments, segment)
        live = self._segments[index] if index < len(self._segments) else None
        after = bisect.bisect_right(self._aside_firsts, segment.first_seq)
        aside = self._aside_firsts[after] if after < len(self._aside_firsts) else None
        if live is not None and (aside is None or live.first_seq <= aside):
            return live.first_seq, not live.after_gap
        return aside, False
