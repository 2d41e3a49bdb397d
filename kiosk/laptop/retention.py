"""Retention: once the date the teacher set has passed, the choices up to it are deleted.

The date is a class setting (``retention_until``, ISO date) shared by the laptop and
every kiosk; empty means the end of the school year (31 July).

No choice is ever deleted before a laptop has it, and no choice is judged old by a
clock known to be wrong. So the *laptop* decides: at each sync it judges the
choices it holds by their corrected time (``correct_walls``: the kiosk's boot
anchors, never the kiosk's raw clock), deletes those past the date from its own
files, keeps those whose time is doubtful (shown with "?" in the review), and
tells each kiosk the seqs it deleted (:func:`seq_ranges`). The kiosk removes only
those, and only up to the checkpoint that laptop has shown it holds
(:func:`~kiosk.shared.seq_ranges.ranges_up_to`): a choice recorded under a clock at 1970 stays on the kiosk
until a laptop has it and has judged its real day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.sync.clock_fix import CLOCK_SUSPECT, ClockAnchor, correct_walls, parse_wall

__all__ = ["retention_day", "retention_doomed", "retention_judged", "school_year_end"]


def school_year_end(today: date, last_month: int = 7) -> date:
    """31 July of the school year holding ``today`` (a year runs August to July)."""
    year = today.year if today.month <= last_month else today.year + 1
    return date(year, last_month, 31)


def retention_day(setting: str, today: date) -> date | None:
    """The last day whose choices must now be deleted, or None while the date has not passed.

    With no date set, the choices of a finished school year go once the next one
    has begun (31 July of last year).
    """
    if setting:
        try:
            until = date.fromisoformat(setting)
        except ValueError:
            return None  # refused when typed; an unreadable date deletes nothing
    else:
        until = date(today.year if today.month > 7 else today.year - 1, 7, 31)  # the last school year's end
    return until if today > until else None


def retention_judged(
    events: Sequence[ChoiceEvent], anchors: Iterable[ClockAnchor], through: date
) -> tuple[dict[str, date], int]:
    """Corrected day of each of one kiosk's entries past retention, and how many were kept as doubtful.

    A choice whose time cannot be trusted (``clock_suspect``) is never deleted by
    age; it is counted when the day its kiosk believed is past the date. An entry
    that refers to a deleted choice (an undo, a reflection) goes with it. This is
    the dry run: the window's preview counts with it what the purge will delete.
    """
    believed = {e.id: e.day for e in events}
    doomed: dict[str, date] = {}
    doubtful = 0
    for fix in correct_walls(events, anchors):
        if fix.wall is None or fix.flag == CLOCK_SUSPECT:
            doubtful += believed[fix.event_id] <= through.isoformat()
            continue
        day = parse_wall(fix.wall).date()
        if day <= through:
            doomed[fix.event_id] = day
    if doomed:
        for event in events:
            ref = event.ref
            if ref is not None and ref in doomed and event.id not in doomed:
                doomed[event.id] = doomed[ref]
    return doomed, doubtful


def retention_doomed(
    events: Sequence[ChoiceEvent], anchors: Iterable[ClockAnchor], through: date
) -> tuple[set[str], int]:
    """Ids of one kiosk's entries past retention by their *corrected* day, and how many were kept as doubtful."""
    doomed, doubtful = retention_judged(events, anchors, through)
    return set(doomed), doubtful
