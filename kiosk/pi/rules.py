"""Pure rules of choice time, over plain values.

"Who is where" and "seats left" are never stored: they are folded from the day's
event log, so undo, teacher moves and later sync merges all stay consistent. Every
decision the kiosk takes about a tap is returned here as data (``Decision``) and
carried out by the service layer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from kiosk.shared.domain import Center, ChoiceEvent, ChoiceTimeMark, EventKind, SwitchRule

__all__ = [
    "Decision",
    "Outcome",
    "Placement",
    "children_at",
    "counting",
    "decide_choice",
    "full_for",
    "is_full",
    "last_undoable",
    "over_by",
    "placements",
    "reflected_on",
    "seats_left",
    "switch_status",
]

@dataclass(frozen=True)
class Placement:
    """Where a child is now, and the event that put them there."""

    center_id: str
    event: ChoiceEvent


def counting(events: Iterable[ChoiceEvent]) -> list[ChoiceEvent]:
    """The events that still count: undo entries and what they cancelled are removed."""
    listed = list(events)
    cancelled = {e.ref for e in listed if e.kind is EventKind.UNDONE and e.ref}
    return [e for e in listed if e.kind is not EventKind.UNDONE and e.id not in cancelled]


_effective = counting


def placements(events: Iterable[ChoiceEvent]) -> dict[str, Placement]:
    """Fold one day's log (in log order) into child id → current placement.

    Only chose, moved and left entries move a child; a reflection never does. The end
    of choice time (an entry about the whole class) is everyone leaving at once.
    """
    now: dict[str, Placement] = {}
    for event in _effective(events):
        if event.mark is ChoiceTimeMark.ENDED:
            now.clear()
        elif event.kind in (EventKind.CHOSE, EventKind.MOVED) and event.center_id:
            now[event.child_id] = Placement(event.center_id, event)
        elif event.kind is EventKind.LEFT:
            now.pop(event.child_id, None)
    return now


def children_at(center_id: str, places: Mapping[str, Placement]) -> list[str]:
    """Ids of the children at a center, in the order they arrived."""
    here = [(p.event.seq, child) for child, p in places.items() if p.center_id == center_id]
    return [child for _, child in sorted(here)]


def seats_left(center: Center, places: Mapping[str, Placement]) -> int:
    """Free seats; never negative, even when the teacher moved extra children in."""
    taken = sum(1 for p in places.values() if p.center_id == center.id)
    return max(0, center.seats - taken)


def over_by(center: Center, places: Mapping[str, Placement]) -> int:
    """Children beyond the seats: a teacher's move, or two kiosks that could not reach each other."""
    return max(0, sum(1 for p in places.values() if p.center_id == center.id) - center.seats)


def is_full(center: Center, places: Mapping[str, Placement]) -> bool:
    return seats_left(center, places) == 0


def full_for(child_id: str, center: Center, places: Mapping[str, Placement]) -> bool:
    """Full as this child sees it: the center they are already at is never full for them."""
    here = places.get(child_id)
    return is_full(center, places) and (here is None or here.center_id != center.id)


def last_undoable(events: Sequence[ChoiceEvent], child_id: str) -> ChoiceEvent | None:
    """The child's latest entry that still counts, which the teacher's undo cancels.

    Reflections are not places: undo skips them and cancels the move before them.
    """
    for event in reversed(_effective(events)):
        if event.mark is ChoiceTimeMark.ENDED:
            return None  # choice time ended since: the teacher places the child anew, no undo reaches back
        if event.child_id == child_id and event.kind is not EventKind.REFLECTED:
            return event
    return None


def reflected_on(events: Iterable[ChoiceEvent], child_id: str, placement: Placement) -> bool:
    """Whether the child already reflected on this stay (the placement's event)."""
    return any(
        e.kind is EventKind.REFLECTED and e.child_id == child_id and e.ref == placement.event.id
        for e in events
    )


class Outcome(str, Enum):
    """What happens when a child confirms a center."""

    RECORD = "record"
    ALREADY_THERE = "already_there"
    FULL = "full"
    CLOSED = "closed"
    CHOICE_TIME_CLOSED = "choice_time_closed"
    SWITCH_NOT_ALLOWED = "switch_not_allowed"
    SWITCH_TOO_SOON = "switch_too_soon"
    UNKNOWN = "unknown"
    #: Being settled with the class's other kiosks; the final outcome follows (kiosk/pi/class_desk.py).
    SETTLING = "settling"
    #: Another kiosk's child took the seat (or this child was placed there) at the same moment.
    JUST_TAKEN = "just_taken"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    wait_minutes: int = 0

    @property
    def records(self) -> bool:
        return self.outcome is Outcome.RECORD


def decide_choice(
    *,
    child_id: str,
    center_id: str,
    centers: Mapping[str, Center],
    places: Mapping[str, Placement],
    rule: SwitchRule,
    elapsed_s: float | None,
    choice_time_open: bool = True,
) -> Decision:
    """Decide a child's confirmed tap on a center.

    ``elapsed_s`` is the time since the child's current placement (``None`` when the
    child has none); outside choice time (``choice_time_open`` False) no choice is
    made. Choosing the center you are already at is a no-op confirmation:
    it absorbs the double taps of Pi touch screens and a child tapping twice within
    seconds, so one choice is recorded once. Capacity is checked before switching so a child is not told to wait for a
    center that is full anyway.
    """
    if not choice_time_open:
        return Decision(Outcome.CHOICE_TIME_CLOSED)
    center = centers.get(center_id)
    if center is None:
        return Decision(Outcome.UNKNOWN)
    current = places.get(child_id)
    if current is not None and current.center_id == center_id:
        return Decision(Outcome.ALREADY_THERE)
    if not center.open_today:
        return Decision(Outcome.CLOSED)
    if is_full(center, places):
        return Decision(Outcome.FULL)
    if current is not None:
        return switch_status(rule, elapsed_s or 0.0)
    return Decision(Outcome.RECORD)


def switch_status(rule: SwitchRule, elapsed_s: float) -> Decision:
    """Whether a child who has a center may change now (for the Switch screen)."""
    if not rule.allowed:
        return Decision(Outcome.SWITCH_NOT_ALLOWED)
    wait_s = rule.min_minutes * 60 - elapsed_s
    if wait_s > 0:
        return Decision(Outcome.SWITCH_TOO_SOON, wait_minutes=math.ceil(wait_s / 60))
    return Decision(Outcome.RECORD)
