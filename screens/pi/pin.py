"""The teacher's PIN: checked before teacher mode, and set on a kiosk's first start."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.pi.pin import pin_message
from screens.pi.base import TEACHER_IDLE_S, KioskScreen

__all__ = ["PinScreen"]


class PinScreen(KioskScreen):
    """A keypad; ``mode`` is "check" (open teacher mode) or "set" (choose a new PIN)."""

    child_facing = False
    mode = StringProperty("check")
    entered = StringProperty("")
    message = StringProperty("")
    title = StringProperty("")
    _first = ""

    def idle_timeout(self) -> float | None:
        return TEACHER_IDLE_S if self.mode == "check" else None

    def prepare(self, **context: Any) -> None:
        self.mode = context.get("mode", "check")
        self.entered = ""
        self._first = ""
        self.message = ""
        self.title = self.tr("Teacher PIN") if self.mode == "check" else self.tr("Choose a teacher PIN (4 to 8 digits)")

    def press(self, key: str) -> None:
        """The first key of a new try clears the last try's message."""
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
            result = service.pin_gate.attempt(pin)
            if result.ok:
                self.nav.show("teacher")
                return
            text, values = pin_message(result)
            self.message = self.tr(text, **values)
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
        self.nav.show("teacher")
