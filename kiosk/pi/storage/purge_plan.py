"""What a purge will do, decided before anything is touched: which segments go, which are rewritten.

Kept apart from :class:`~kiosk.pi.storage.event_log.EventLog` because it is a rule over
the list of segments and what they hold, not a file operation: given how to read a
segment, it says how many events go, which segments are rewritten (and whether one is
marked ``after_gap``), and which are deleted. The log then carries the plan out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.pi.storage.segments import Segment

__all__ = ["KeepOf", "plan_purge"]

KeepOf = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


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
    newest = segments[-1] if segments else None
    removed, gap = 0, False
    rewrites: list[tuple[Segment, bool]] = []
    doomed: list[Segment] = []
    pending = list(aside_firsts)
    for segment in segments:
        while pending and pending[0] < segment.first_seq:
            gap = True
            pending.pop(0)
        mark, gap = gap and not segment.after_gap, False
        if not touches(segment) and not mark:
            continue
        if keep_of is None and touches(segment):
            held = count_of(segment)
            removed += held
            if segment != newest:
                doomed.append(segment)
                gap = True
            elif held or mark:
                rewrites.append((segment, mark))
            continue
        events = events_of(segment)
        if not is_live(segment):  # damaged: set aside just now, not rewritten
            gap = mark
            continue
        keep = keep_of(events) if keep_of is not None and touches(segment) else events
        removed += len(events) - len(keep)
        if not keep and keep != events and segment != newest:
            doomed.append(segment)
            gap = True
        elif mark or len(keep) != len(events):
            rewrites.append((segment, mark))
    return removed, rewrites, doomed
