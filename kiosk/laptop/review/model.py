"""The plain values the review works on: one kept choice, and the class it was made in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.shared.domain import EventKind, Method

__all__ = ["ClassInfo", "ReviewCenter", "ReviewChild", "ReviewChoice", "ReviewReflection"]


@dataclass(frozen=True)
class ReviewChoice:
    """A choice that still counts after undos, placed on its trusted day and time.

    ``at`` is local time as the kiosk's recorded offset had it, corrected from a
    clock anchor where one exists; ``clock_flag`` says how it was placed
    (``anchored``, ``as_recorded`` or ``clock_suspect`` — then ``day`` is the day
    the kiosk believed and the teacher is told the time may be wrong). ``until``
    is when the child left that center (their next entry in the same choice time,
    a "left", the end of the choice time) or ``None`` when nothing says so (the
    last stay of a choice time the review told apart by quiet). ``choice_time`` is
    the number of the day's choice time it was made in (0 is the first) and
    ``recorded_time`` whether the day's choice times were recorded (opened and
    ended) or told apart by quiet. ``switched`` is true for a switch
    (``definitions.is_switch``). ``other_kiosk`` names the kiosk of the child's previous choice when
    it was another one: with two kiosks in a room a child can be placed on one and
    choose again on the other (kiosks that cannot reach each other do not know),
    which the teacher is shown as such, not as a switch. ``seq`` is the entry's
    number in its kiosk's log (it orders choices made at the same moment).
    """

    event_id: str
    kiosk_id: str
    child_id: str
    center_id: str
    day: date
    at: datetime
    method: Method
    kind: EventKind
    switched: bool
    clock_flag: str
    until: datetime | None = None
    seq: int = 0
    other_kiosk: str | None = None
    choice_time: int = 0
    recorded_time: bool = False


@dataclass(frozen=True)
class ReviewReflection:
    """A child's three-face answer about a center (``happy``, ``okay`` or ``sad``)."""

    event_id: str
    child_id: str
    center_id: str
    day: date
    at: datetime
    feeling: str
    clock_flag: str


@dataclass(frozen=True)
class ReviewCenter:
    id: str
    name: str
    purpose: str = ""
    picture: str = ""
    colour: str = "#888888"
    seats: int = 0
    open_today: bool = True


@dataclass(frozen=True)
class ReviewChild:
    id: str
    first_name: str
    picture: str = ""


@dataclass(frozen=True)
class ClassInfo:
    """The class as the laptop knows it: live centers and children, by id."""

    centers: dict[str, ReviewCenter] = field(default_factory=dict)
    children: dict[str, ReviewChild] = field(default_factory=dict)

    def child_name(self, child_id: str) -> str:
        child = self.children.get(child_id)
        return child.first_name if child else "(removed child)"

    def center_name(self, center_id: str) -> str:
        center = self.centers.get(center_id)
        return center.name if center else "(removed center)"
