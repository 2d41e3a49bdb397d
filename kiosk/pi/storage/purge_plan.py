"""What a purge will do, decided before anything is touched: which segments go, which are rewritten.

Kept apart from :class:`~kiosk.pi.storage.event_log.EventLog` because it is a rule over
the list of segments and what they hold, not a file operation: given how to read a
segment, it says how many events go, which segments are rewritten (and whether one is
marked ``after_gap``), and which are deleted. The log then carries the plan out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.pi.storage.segments import Segment

__all__ = ["KeepOf", "plan_purge"]

KeepOf = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


@dataclass
class _Plan:
    """The plan as it is made, segment by segment (oldest first)."""

    newest: Segment | None
    removed: int = 0
    rewrites: list[tuple[Segment, bool]] = field(default_factory=list)
    doomed: list[Segment] = field(default_factory=list)

    def whole(self, segment: Segment, held: int, mark: bool) -> bool:
        """``segment`` goes whole (``held`` events); return whether a gap follows it."""
        self.removed += held
        if segment != self.newest:
            self.doomed.append(segment)
            return True
        if held or mark:
            self.rewrites.append((segment, mark))  # the newest keeps its header and last seq
        return False

    def some(self, segment: Segment, events: int, keep: list[dict[str, Any]], mark: bool) -> bool:
        """``segment`` keeps ``keep`` of its ``events``; return whether a gap follows it."""
        self.removed += events - len(keep)
        if not keep and events and segment != self.newest:
            self.doomed.append(segment)
            return True
        if mark or len(keep) != events:
            self.rewrites.append((segment, mark))
        return False


def plan_purge(
    segments: list[Segment],
    touches: Callable[[Segment], bool],
    keep_of: KeepOf | None,
    aside_firsts: list[int],
    *,
    events_of: Callable[[Segment], list[dict[str, Any]]],
    is_live: Callable[[Segment], bool],
    count_of: Callable[[Segment], int],
) -> tuple[int, list[tuple[Segment, bool]], list[Segment]]:
    """``(events removed, [(segment to rewrite, mark after_gap)], segments to delete)``.

    ``segments`` oldest first; ``aside_firsts`` the first seqs of set-aside files that
    the purge deletes (sorted). ``keep_of`` None deletes the picked segments whole,
    counted with ``count_of`` (a damaged one is deleted too, not judged). Reading with
    ``events_of`` may set a damaged segment aside (``is_live`` then says so): it is
    neither rewritten nor deleted. The newest segment is never deleted (its header keeps
    ``last_seq``); the one after a deleted segment or set-aside file is marked ``after_gap``.
    """
    plan = _Plan(segments[-1] if segments else None)
    gap = False
    pending = list(aside_firsts)
    for segment in segments:
        while pending and pending[0] < segment.first_seq:
            gap = True  # a set-aside file before this segment is deleted
            pending.pop(0)
        mark, gap = gap and not segment.after_gap, False
        picked = touches(segment)
        if not picked and not mark:
            continue
        if keep_of is None and picked:
            gap = plan.whole(segment, count_of(segment), mark)
            continue
        events = events_of(segment)
        if not is_live(segment):  # damaged: set aside just now, not rewritten
            gap = mark
            continue
        gap = plan.some(segment, len(events), keep_of(events) if keep_of is not None and picked else events, mark)
    return plan.removed, plan.rewrites, plan.doomed
