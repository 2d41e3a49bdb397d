"""The confirm panel: the chosen center large, the big check, and the time it stays open.

It is modal (``ModalLayer``): the cards beneath can never be pressed through it.
Touching the chosen picture or its words says the center again; it never changes the
choice. The child's picture in a ring shows whose choice it is and how long it stays:
``on_remind`` fires ``CONFIRM_REMINDER_S`` before the end (the screen says the child's
name), ``on_time_over`` at the end (``kiosk.pi.touch.CONFIRM_S``) unless a finger is on
one of its buttons then, which is waited for.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk.pi.touch import CONFIRM_REMINDER_S, CONFIRM_S
from screens.pi.widgets import ModalLayer

__all__ = ["ConfirmPanel"]

BUTTONS = ("cancel", "speaker", "check")


class ConfirmPanel(ModalLayer):
    screen = ObjectProperty(None, allownone=True)
    picture = StringProperty("")
    name = StringProperty("")
    purpose = StringProperty("")
    bg_color = ColorProperty("#ffffff")
    child_picture = StringProperty("")
    child_name = StringProperty("")
    started = NumericProperty(0.0)
    duration = NumericProperty(CONFIRM_S)
    reminder_s = NumericProperty(CONFIRM_REMINDER_S)
    open = BooleanProperty(False)
    """Its time runs (the ring moves)."""

    __events__ = ("on_remind", "on_time_over")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._timers: list[Any] = []

    def on_free_touch(self, touch) -> None:  # type: ignore[no-untyped-def]
        if self.screen is not None and self.ids.chosen.collide_point(*touch.pos):
            self.screen.replay()
        else:
            self.unanswered(touch)

    def start_time(self) -> None:
        """Its time starts (again): the reminder, then the end."""
        self.stop_time()
        self.open = True
        self.started = Clock.get_time()
        self._timers = [
            Clock.schedule_once(lambda _dt: self.dispatch("on_remind"), self.duration - self.reminder_s),
            Clock.schedule_once(self._time_over, self.duration),
        ]

    def stop_time(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers = []
        self.open = False

    def _time_over(self, _dt: float) -> None:
        if any(self.ids[name].state == "down" for name in BUTTONS):
            self._timers = [Clock.schedule_once(self._time_over, 0.1)]  # a finger on a button: its press counts
            return
        self.stop_time()
        self.dispatch("on_time_over")

    def on_remind(self) -> None:
        """Default handler: the screen says the child's name."""

    def on_time_over(self) -> None:
        """Default handler: the screen ends the turn."""
