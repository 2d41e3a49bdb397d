"""One school day for the Today tab: each center's and each child's choices in time order, and who made none.

Apart from the patterns over a range (patterns.py): a day's timeline keeps every
entry with its times and marks, where the patterns only count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.shared.domain import Method

__all__ = ["ChoiceTimeSpan", "TodayEntry", "TodayView", "today"]


@dataclass(frozen=True)
class TodayEntry:
    """One choice on the day's timeline; ``shown_until`` is where its block ends (``until``, or
    the end of its choice time as far as the records know)."""

    child_id: str
    center_id: str
    at: datetime
    until: datetime | None
    method: Method
    switched: bool
    clock_flag: str
    event_id: str
    other_kiosk: str | None = None
    choice_time: int = 0
    shown_until: datetime | None = None


@dataclass(frozen=True)
class ChoiceTimeSpan:
    """One of the day's choice times: first choice to its end (recorded) or its last entry (told by quiet)."""

    number: int
    start: datetime
    end: datetime
    recorded: bool


@dataclass(frozen=True)
class TodayView:
    """One day: per center and per child, in time order, and who made no choice.

    ``centers`` lists every live center open today or chosen that day (by name);
    ``start`` and ``end`` bound the timeline axis (``None`` on a day with no choice);
    ``choice_times`` are the day's choice times (``definitions``), in order.
    """

    day: date
    centers: tuple[tuple[str, tuple[TodayEntry, ...]], ...]
    children: tuple[tuple[str, tuple[TodayEntry, ...]], ...]
    no_choice: tuple[str, ...]
    start: datetime | None
    end: datetime | None
    choice_times: tuple[ChoiceTimeSpan, ...] = ()


def today(choices: Iterable[ReviewChoice], info: ClassInfo, day: date) -> TodayView:
    """The day's choices per center and per child; switches and suspect clocks stay marked."""
    kept = [c for c in choices if c.day == day]
    spans = _choice_time_spans(kept)
    entries = sorted(
        (
            TodayEntry(c.child_id, c.center_id, c.at, c.until, c.method, c.switched, c.clock_flag, c.event_id,
                       c.other_kiosk, c.choice_time, c.until or spans[c.choice_time].end)
            for c in kept
        ),
        key=lambda e: (e.at, e.event_id),
    )
    by_center: dict[str, list[TodayEntry]] = {cid: [] for cid, center in info.centers.items() if center.open_today}
    by_child: dict[str, list[TodayEntry]] = {}
    for entry in entries:
        by_center.setdefault(entry.center_id, []).append(entry)
        by_child.setdefault(entry.child_id, []).append(entry)
    center_order = sorted(by_center, key=lambda cid: (info.center_name(cid).casefold(), cid))
    child_order = sorted(by_child, key=lambda cid: (info.child_name(cid).casefold(), cid))
    absent = sorted(
        (cid for cid in info.children if cid not in by_child),
        key=lambda cid: (info.child_name(cid).casefold(), cid),
    )
    start, end = _timeline_bounds(entries)
    return TodayView(
        day=day,
        centers=tuple((cid, tuple(by_center[cid])) for cid in center_order),
        children=tuple((cid, tuple(by_child[cid])) for cid in child_order),
        no_choice=tuple(absent),
        start=start,
        end=end,
        choice_times=tuple(spans[n] for n in sorted(spans)),
    )


def _choice_time_spans(kept: list[ReviewChoice]) -> dict[int, ChoiceTimeSpan]:
    """Each choice time of the day by number: from its first choice to the last end (or start) of one."""
    spans: dict[int, ChoiceTimeSpan] = {}
    for c in kept:
        last = c.until or c.at
        found = spans.get(c.choice_time)
        if found is None:
            spans[c.choice_time] = ChoiceTimeSpan(c.choice_time, c.at, last, c.recorded_time)
        else:
            spans[c.choice_time] = ChoiceTimeSpan(c.choice_time, min(found.start, c.at), max(found.end, last),
                                                  c.recorded_time)
    return spans


def _timeline_bounds(entries: list[TodayEntry]) -> tuple[datetime | None, datetime | None]:
    """Where the day's timeline axis starts and ends: the first choice and the last time any entry shows
    (both None on a day with no choice)."""
    ends = [e.until for e in entries if e.until is not None] + [e.at for e in entries]
    return (entries[0].at if entries else None), (max(ends) if ends else None)
