"""The teacher's PIN: checked before teacher mode, and set on a kiosk's first start.

After a few wrong PINs the gate makes the teacher wait; the keypad is closed for that
time (its keys greyed and dead, so no digits are typed into a try that could only be
refused) and the seconds left count down above it.
"""

from __future__ import annotations

import math
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.pi.pin import PinResult, pin_message
from kiosk.pi.visits import PinVisit, TeacherVisit
from screens.pi.base import TEACHER_IDLE_S, KioskScreen

__all__ = ["PinScreen"]


class PinScreen(KioskScreen[PinVisit]):
    """A keypad; ``mode`` is "check" (open teacher mode) or "set" (choose a new PIN)."""

    visit_type = PinVisit
    child_facing = False
    mode = StringProperty("check")
    entered = StringProperty("")
    message = StringProperty("")
    title = StringProperty("")
    closed = BooleanProperty(False)
    """The keypad waits out the gate's delay after wrong PINs."""
    _first = ""
    _ticker: Any = None

    def idle_timeout(self) -> float | None:
        return TEACHER_IDLE_S if self.mode == "check" else None

    def prepare(self, visit: PinVisit) -> None:
        self.mode = visit.mode
        self.entered = ""
        self._first = ""
        self.message = ""
        self.title = self.tr("Teacher PIN") if self.mode == "check" else self.tr("Choose a teacher PIN (4 to 8 digits)")
        if self.mode == "check":
            self._follow_wait()

    def _follow_wait(self, *_args: object) -> None:
        """Close the keypad while the gate's delay runs, counting down; open it when it is over."""
        left = self.services.service.pin_gate.wait_s()
        if left > 0:
            self.closed = True
            self.message = self.tr("Wrong PIN. Wait {seconds} s before trying again.", seconds=math.ceil(left))
            if self._ticker is None:
                self._ticker = Clock.schedule_interval(self._follow_wait, 0.25)
            return
        if self.closed:
            self.closed = False
            self.message = self.tr("Type the PIN again.")
        self._stop_ticker()

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None

    def on_leave(self, *_args: object) -> None:
        self._stop_ticker()
        self.closed = False

    def press(self, key: str) -> None:
        """The first key of a new try clears the last try's message."""
        if self.closed:
            return
        if key != "ok" and not self.entered and self.mode == "check":
            self.message = ""
        if key == "back":
            self.entered = self.entered[:-1]
        elif key == "ok":
            self.submit()
        elif len(self.entered) < 8:
            self.entered += key

    def cancel(self) -> None:
        if self.mode == "check":
            self.nav.go_home()

    def submit(self) -> None:
        pin, self.entered = self.entered, ""
        service = self.services.service
        if self.mode == "check":
            result: PinResult = service.pin_gate.attempt(pin)
            if result.ok:
                self.nav.show(TeacherVisit())
                return
            text, values = pin_message(result)
            self.message = self.tr(text, **values)
            self._follow_wait()
            return
        if not self._first:
            problem = service.edits.pin_problem(pin)
            if problem:
                self.message = self.tr(problem)
                return
            self._first = pin
            self.title = self.tr("Type the same PIN again")
            self.message = ""
            return
        if pin != self._first:
            self._first = ""
            self.title = self.tr("Choose a teacher PIN (4 to 8 digits)")
            self.message = self.tr("The two PINs were different. Start again.")
            return
        problem = service.edits.set_pin(pin)
        if problem:
            self.message = self.tr(problem)
            return
        self.nav.show(TeacherVisit())
