"""Where the kiosk goes next: one small typed visit per screen.

A screen is reached with the record of what it shows this time (``ChooseVisit(child_id,
method)``, ``DoneVisit(child_id, center_id, error)``, …), never with a screen's name and
loose keywords, so a misspelt field or a missing child is a type error, not a screen
that fails while a child waits. The app dispatches each visit to its screen by type.

One rule holds for every visit: a child's screen for a child the class no longer has
(a sync removed them meanwhile) is never shown; Welcome says the class list changed
instead (``redirected``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal, TypeAlias

from kiosk.shared.domain import Method

__all__ = [
    "Banner",
    "ChooseVisit",
    "DoneVisit",
    "PinMode",
    "PinVisit",
    "ReflectVisit",
    "SwitchVisit",
    "TeacherVisit",
    "Visit",
    "WelcomeVisit",
    "redirected",
]

Banner: TypeAlias = Literal["", "unknown-badge", "hold", "class-changed"]
"""What Welcome's top line says: the invitation (""), an unknown badge, how to hold, or a class change."""

PinMode: TypeAlias = Literal["check", "set"]
"""The PIN screen checks the teacher's PIN before teacher mode, or sets one on a new kiosk."""


@dataclass(frozen=True)
class WelcomeVisit:
    """Back to the class's pictures.

    ``banner`` None keeps the line said now (a hint how to hold is never kept);
    ``say_closed`` also says aloud that choice time is closed (it ended during a turn).
    """

    banner: Banner | None = None
    say_closed: bool = False

    @property
    def child_id(self) -> None:
        return None


@dataclass(frozen=True)
class ChooseVisit:
    """A child picks a center; ``method`` is how their turn started (badge or picture)."""

    child_id: str
    method: Method = Method.TAP


@dataclass(frozen=True)
class SwitchVisit:
    """A child who has a center today: stay, or change under the teacher's rule."""

    child_id: str
    method: Method = Method.TAP


@dataclass(frozen=True)
class ReflectVisit:
    """"How was it?" about ``center_id``, then on to where the child was going (``then``)."""

    center_id: str
    then: ChooseVisit | SwitchVisit

    @property
    def child_id(self) -> str:
        return self.then.child_id

    @property
    def method(self) -> Method:
        return self.then.method


@dataclass(frozen=True)
class DoneVisit:
    """"Have fun at …!" once the choice is on disk; ``error`` says a save failed instead."""

    child_id: str
    center_id: str
    error: str | None = None


@dataclass(frozen=True)
class PinVisit:
    """The teacher's keypad."""

    mode: PinMode = "check"

    @property
    def child_id(self) -> None:
        return None


@dataclass(frozen=True)
class TeacherVisit:
    """Teacher mode, on its board."""

    @property
    def child_id(self) -> None:
        return None


Visit: TypeAlias = WelcomeVisit | ChooseVisit | SwitchVisit | ReflectVisit | DoneVisit | PinVisit | TeacherVisit
"""Every screen the kiosk can go to, with what it shows there."""


def redirected(visit: Visit, child_ids: Collection[str]) -> Visit:
    """``visit``, or Welcome saying the class changed when its child is not among ``child_ids``."""
    if visit.child_id is not None and visit.child_id not in child_ids:
        return WelcomeVisit(banner="class-changed")
    return visit
