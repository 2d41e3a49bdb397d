"""Choice time on a kiosk: open or closed now, from the teacher's touches and the class's timetable.

Pure rules over plain values; the kiosk's service asks them and records what they say.

A class that keeps no choice time (``ChoiceTimes.kept`` off and no timetable: every
class set up before choice times) is open at any time, as before. A class that keeps
it starts each day closed; what opens and ends it is whichever came last today:

- the teacher's touch at a kiosk (an "opened" or "ended" entry in the day's log,
  this kiosk's or another kiosk's of the class), or
- a line of the timetable whose start ("opened") or end ("ended") has passed.

When a timetable edge is the latest and the log does not say so yet, it is *due*:
the kiosk records it (an ending records that everyone left), so the log — and the
laptop's review — holds every choice time as it happened. Several kiosks of a
class may each record the same edge; two ends or two openings in a row mean one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from kiosk.shared.domain import ChoiceTimeMark, ChoiceTimes, ChoiceTimeSlot

__all__ = ["ChoiceTimeNow", "choice_time_now", "clock_time", "slot_problem", "timetable_edges"]

_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")


def clock_time(text: str) -> time | None:
    """"09:30" as a time of day, or None when it is not one."""
    found = _HH_MM.fullmatch(text.strip())
    if found is None:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def slot_problem(slot: ChoiceTimeSlot) -> str | None:
    """Why a timetable line cannot be used (in English for a log; the laptop's form says it in words)."""
    start, end = clock_time(slot.start), clock_time(slot.end)
    if start is None or end is None:
        return f"{slot.start}–{slot.end} is not a time of day from HH:MM to HH:MM"
    if start >= end:
        return f"{slot.start}–{slot.end} ends before it starts"
    if not slot.weekdays:
        return f"{slot.start}–{slot.end} has no weekday"
    return None


def timetable_edges(times: ChoiceTimes, day: date, tz: tzinfo | None = None) -> list[tuple[datetime, ChoiceTimeMark]]:
    """The day's timetable openings and ends, in time order, on the kiosk's clock (``tz``: now's)."""
    edges: list[tuple[datetime, ChoiceTimeMark]] = []
    for slot in times.timetable:
        if day.weekday() not in slot.weekdays or slot_problem(slot) is not None:
            continue
        start, end = clock_time(slot.start), clock_time(slot.end)
        assert start is not None and end is not None
        edges.append((datetime.combine(day, start, tzinfo=tz), ChoiceTimeMark.OPENED))
        edges.append((datetime.combine(day, end, tzinfo=tz), ChoiceTimeMark.ENDED))
    return sorted(edges, key=lambda edge: (edge[0], edge[1] is ChoiceTimeMark.OPENED))


@dataclass(frozen=True)
class ChoiceTimeNow:
    """Choice time as it stands: kept by the class or not, open or not, and what is due.

    ``since`` is when the present state began (None: the day's start, or always
    open); ``due`` a timetable edge the log does not show yet; ``next_edge`` the
    timetable's next opening or end today, if any (teacher mode says it).
    """

    kept: bool
    open: bool
    since: datetime | None = None
    due: ChoiceTimeMark | None = None
    next_edge: tuple[datetime, ChoiceTimeMark] | None = None


def choice_time_now(
    times: ChoiceTimes, marks: Iterable[tuple[datetime, ChoiceTimeMark]], now: datetime
) -> ChoiceTimeNow:
    """Open or closed at ``now``, from the day's recorded marks (any kiosk of the class) and the timetable.

    ``marks`` are today's "opened"/"ended" entries with their times. A class that
    keeps no choice time is always open.
    """
    if not times.kept and not times.timetable:
        return ChoiceTimeNow(kept=False, open=True)
    recorded = sorted(((at, mark) for at, mark in marks if at <= now), key=lambda m: m[0])
    last_edge, upcoming = _last_and_next(timetable_edges(times, now.date(), now.tzinfo), now)
    last_mark = recorded[-1] if recorded else None
    logged_open = last_mark is not None and last_mark[1] is ChoiceTimeMark.OPENED
    if last_edge is not None and (last_mark is None or last_edge[0] > last_mark[0]):
        is_open = last_edge[1] is ChoiceTimeMark.OPENED
        due = last_edge[1] if is_open != logged_open else None
        return ChoiceTimeNow(True, is_open, last_edge[0], due, upcoming)
    return ChoiceTimeNow(True, logged_open, last_mark[0] if last_mark else None, None, upcoming)


def _last_and_next(
    edges: list[tuple[datetime, ChoiceTimeMark]], now: datetime
) -> tuple[tuple[datetime, ChoiceTimeMark] | None, tuple[datetime, ChoiceTimeMark] | None]:
    """The timetable edge that passed last by ``now`` (it may say open or closed) and the next one to come."""
    passed = [edge for edge in edges if edge[0] <= now]
    upcoming = next((edge for edge in edges if edge[0] > now), None)
    return (passed[-1] if passed else None), upcoming
