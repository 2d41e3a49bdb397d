"""A touch that nothing answers still shows: a ring where the finger was, fading at once.

A child's touch in a screen's first moments (``kiosk.pi.touch.SETTLE_S``), on a
modal panel's backdrop, or on a spot with no control does nothing; without a sign a
child would think the kiosk broken and tap harder. ``EchoingManager`` is the kiosk's
screen manager: a touch no screen took is echoed. The rings are drawn after every
widget (on the window's ``canvas.after``), so they show over any screen or panel.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, InstructionGroup, Line
from kivy.uix.screenmanager import ScreenManager

__all__ = ["ECHO_S", "EchoingManager", "TouchEchoes"]

ECHO_S = 0.35
"""How long an echo ring stays: long enough to be seen, gone before the next tap."""
MAX_ECHOES = 6


class TouchEchoes:
    """Fading rings drawn over everything, at touches that did nothing."""

    def __init__(self, canvas: Any, scale: Any) -> None:
        """``canvas`` is where rings are drawn (the window's ``canvas.after``); ``scale()`` is the app's ``u``."""
        self._canvas = canvas
        self._scale = scale
        self._rings: list[tuple[float, tuple[float, float], InstructionGroup, Color, Line]] = []
        self._ticker: Any = None
        self.shown = 0
        """How many touches were echoed (tests and benchmarks count them)."""

    def show(self, x: float, y: float) -> None:
        """A ring at (x, y), in window coordinates, drawn in this very frame."""
        u = self._scale()
        group = InstructionGroup()
        color = Color(0.17, 0.18, 0.26, 0.55)
        line = Line(circle=(x, y, 14 * u), width=3 * u)
        group.add(color)
        group.add(line)
        self._canvas.add(group)
        self._rings.append((Clock.get_time(), (x, y), group, color, line))
        self.shown += 1
        while len(self._rings) > MAX_ECHOES:
            self._canvas.remove(self._rings.pop(0)[2])
        if self._ticker is None:
            self._ticker = Clock.schedule_interval(self._fade, 1 / 30)

    def _fade(self, _dt: float) -> None:
        now = Clock.get_time()
        u = self._scale()
        kept = []
        for ring in self._rings:
            born, (x, y), group, color, line = ring
            age = (now - born) / ECHO_S
            if age >= 1:
                self._canvas.remove(group)
                continue
            color.a = 0.55 * (1 - age)
            line.circle = (x, y, (14 + 16 * age) * u)
            kept.append(ring)
        self._rings = kept
        if not kept and self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None

    def clear(self) -> None:
        for ring in self._rings:
            self._canvas.remove(ring[2])
        self._rings = []


class EchoingManager(ScreenManager):
    """The screen manager: a touch the current screen did not take is echoed by ``echoes``."""

    def __init__(self, echoes: TouchEchoes, **kwargs: Any) -> None:
        self.echoes = echoes
        super().__init__(**kwargs)

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if super().on_touch_down(touch):
            return True
        self.echoes.show(*touch.pos)
        return True
