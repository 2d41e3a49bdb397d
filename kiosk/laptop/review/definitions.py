"""The review's definitions, in one place: choice times, a switch, a full center.

Every figure the teacher reads — Today, Patterns, a child's and a center's page,
Worth a look, the CSV files, the printable report, a parent's export — counts with
these, and README "Choice times, switches and full" states them in words. The
independent SQLite check (``kiosk/bench/sqlite_check.py``) computes the same
definitions from the raw kiosk entries, so a change here that the README does not
describe shows there.

**Choice time.** On a day with a recorded opening or ending of choice time (the
teacher's touch at a kiosk, or the class's timetable), the choice times are the
recorded ones: a choice time ends with its "ended" entry (everyone left their
center) and every entry after it belongs to the next one — so a child the teacher
placed before choice time opened is at that center when it opens. On a day with
none (a class that does not keep choice time, kiosks of an older version), a
choice time ends where the whole class was quiet for :data:`CHOICE_TIME_GAP`: no
choice, move or "left" by anyone.

**Switch.** A child's own change of center within one choice time: see
:data:`SWITCH_RULES`, every one of which must hold.

**Full.** A center is full in a choice time when at one moment of it as many
children were there as it has seats (its seats as the class has them now; the
laptop keeps no history of seats). A child is at a center from their choice (or the
teacher's move) until their next entry in the same choice time, a "left", or the
end of the choice time. A center is full on a day when it was full in one of the
day's choice times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from kiosk.shared.domain import ChoiceEvent, ChoiceTimeMark, EventKind

__all__ = [
    "CHOICE_TIME_GAP",
    "PLACING_KINDS",
    "SWITCH_RULES",
    "ChoiceTimeKey",
    "SwitchCase",
    "SwitchRule",
    "choice_time_numbers",
    "choice_times_of",
    "full_choice_times",
    "is_switch",
    "most_at_once",
]

#: Quiet in the whole class that ends a choice time on a day without recorded choice times.
CHOICE_TIME_GAP = timedelta(minutes=45)
#: The kinds of entry that put a child at a center: their own choice, the teacher's move or placement.
PLACING_KINDS = frozenset({EventKind.CHOSE, EventKind.MOVED})

#: A choice time: its day and its number within the day (0 is the first).
ChoiceTimeKey = tuple[date, int]
T = TypeVar("T")


def choice_time_numbers(
    entries: Sequence[T], at: Callable[[T], datetime], mark: Callable[[T], ChoiceTimeMark | None]
) -> tuple[list[int], bool]:
    """Each of one day's entries' choice time (numbered from 0), and whether the day's were recorded.

    ``entries`` are the day's entries that still count (undone ones and their undo
    entries gone) in time order, the whole class's, with the entries about the whole
    class (choice time opened or ended) among them.
    """
    recorded = any(mark(entry) is not None for entry in entries)
    numbers: list[int] = []
    number = 0
    if recorded:
        for entry in entries:
            numbers.append(number)
            if mark(entry) is ChoiceTimeMark.ENDED:
                number += 1  # the end belongs to the choice time it ends
        return numbers, True
    last: datetime | None = None
    for entry in entries:
        moment = at(entry)
        if last is not None and moment - last >= CHOICE_TIME_GAP:
            number += 1
        numbers.append(number)
        last = moment
    return numbers, False


@dataclass(frozen=True)
class SwitchCase:
    """What the switch rules look at: a child's entry and their previous one that day.

    ``previous`` is the child's previous entry that still counts on the same day (a
    choice, a teacher's move or a "left"), or None; ``same_time`` says whether it is
    in the same choice time. ``event`` is the entry itself as the kiosk logged it.
    """

    event: ChoiceEvent
    previous: ChoiceEvent | None
    same_time: bool

    @property
    def kind(self) -> EventKind:
        return self.event.kind


@dataclass(frozen=True)
class SwitchRule:
    """One condition of a switch: a name, the words the README uses, and the test."""

    name: str
    words: str
    holds: Callable[[SwitchCase], bool]


def _was_placed(case: SwitchCase) -> bool:
    return case.previous is not None and case.previous.kind in PLACING_KINDS


#: A switch is an entry for which every rule holds, in this order.
SWITCH_RULES: tuple[SwitchRule, ...] = (
    SwitchRule("own", "the child's own choice (by tap or badge); a teacher's move or placement is the teacher's act",
               lambda case: case.kind is EventKind.CHOSE),
    SwitchRule("placed", "the child was at a center: their previous entry put them there — their own choice, or "
                         "the teacher's move or placement — not a \"left\"", _was_placed),
    SwitchRule("same_time", "in the same choice time (a choice after choice time ended is a new one)",
               lambda case: case.same_time),
    SwitchRule("other_center", "to a different center",
               lambda case: case.previous is not None and case.previous.center_id != case.event.center_id),
    SwitchRule("known", "made where the child's place was known: on the kiosk that recorded it, or on another "
                        "kiosk of the class that saw it there (the entry names the placement it replaced); kiosks "
                        "out of reach of each other do not know: shown as \"chosen again on another kiosk\"",
               lambda case: _knew_placement(case)),
)


def _knew_placement(case: SwitchCase) -> bool:
    """The choosing kiosk knew where the child was: its own entry, or a peer's it names in ``replaces``."""
    if case.previous is None:
        return False
    if case.previous.kiosk_id == case.event.kiosk_id:
        return True
    return case.event.replaces is not None and case.event.replaces == case.previous.id


def is_switch(case: SwitchCase) -> bool:
    """The one definition of a switch: every rule of :data:`SWITCH_RULES` holds."""
    return all(rule.holds(case) for rule in SWITCH_RULES)


class Stay(Protocol):
    """A child at a center, as the review keeps it (``ReviewChoice`` is one)."""

    @property
    def day(self) -> date: ...
    @property
    def choice_time(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def until(self) -> datetime | None: ...
    @property
    def center_id(self) -> str: ...


def most_at_once(stays: Iterable[Stay]) -> int:
    """Most children at once among stays of one choice time, each there over [at, until).

    A stay without ``until`` lasts to the end of its choice time; one that ends as
    another begins does not overlap it.
    """
    edges: list[tuple[datetime, int]] = []
    for stay in stays:
        edges.append((stay.at, 1))
        if stay.until is not None:
            edges.append((stay.until, -1))
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    here = most = 0
    for _, step in edges:
        here += step
        most = max(most, here)
    return most


def full_choice_times(stays: Iterable[Stay], center_id: str, seats: int) -> list[ChoiceTimeKey]:
    """The choice times in which ``center_id`` was full (``seats`` children at once), in order."""
    if seats <= 0:
        return []
    by_time: dict[ChoiceTimeKey, list[Stay]] = {}
    for stay in stays:
        if stay.center_id == center_id:
            by_time.setdefault((stay.day, stay.choice_time), []).append(stay)
    return sorted(key for key, group in by_time.items() if most_at_once(group) >= seats)


def choice_times_of(stays: Iterable[Stay]) -> set[ChoiceTimeKey]:
    """The choice times in which these stays were made (the class's, or one child's)."""
    return {(stay.day, stay.choice_time) for stay in stays}
