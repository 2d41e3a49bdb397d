"""Driving the real kiosk in a benchmark: wait for the state needed, never for ever.

The UI benchmarks turn the app's event loop themselves (``EventLoop.idle``). Every
wait here is bounded: ``run_until`` raises ``BenchStuck`` naming what never happened.
A tap is a real touch at a widget's centre; when the app lets it pass without the
effect asked for (a guard against duplicated touches, a step still settling, a rule
that wants a longer press), it is tried again after a growing pause and counted, so
a benchmark reports how many taps the app refused instead of hanging on one.
Nothing here knows the app's timing rules: the benchmarks wait for what the screen
shows, not for a delay chosen to clear a guard.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["WAIT_S", "BenchStuck", "Frames", "Tap", "run_for", "run_until", "tap"]

WAIT_S = 60.0
"""The longest any one wait may take: far beyond a frame, even on a Pi-class CPU on a busy machine."""

FIRST_RETRY_S = 0.05
LONGEST_RETRY_S = 0.5


class BenchStuck(RuntimeError):
    """The app never reached the state a benchmark waited for."""


def run_until(done: Callable[[], object], what: str, timeout: float = WAIT_S) -> None:
    """Turn the event loop until ``done()`` holds; ``BenchStuck`` after ``timeout`` seconds."""
    from kivy.base import EventLoop

    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise BenchStuck(f"{what}: not within {timeout:.0f} s")
        EventLoop.idle()


def run_for(seconds: float) -> None:
    """Turn the event loop for ``seconds`` (at least one frame)."""
    from kivy.base import EventLoop

    end = time.monotonic() + seconds
    EventLoop.idle()
    while time.monotonic() < end:
        EventLoop.idle()


class Frames:
    """Every frame the window draws, timed when its pixels are finished, with what it showed.

    Kivy announces a frame (``on_flip``) before the buffers are swapped. A software
    renderer (Mesa's llvmpipe, used offscreen here) may not have drawn the pixels by
    then: it finishes them when the next frame needs the GPU, and that frame's
    measurement would pay for this one. ``glFinish`` waits for the pixels, so each time
    here is when the frame was really drawn, and the next measurement starts clean.
    ``state`` names what the screen showed (e.g. the current screen's name).
    """

    def __init__(self, state: Callable[[], str]) -> None:
        from kivy.core.window import Window

        self._state = state
        self.drawn: list[tuple[float, str]] = []
        self._window: Any = Window
        Window.bind(on_flip=self._flipped)

    def _flipped(self, *_args: object) -> None:
        from kivy.graphics.opengl import glFinish

        glFinish()
        self.drawn.append((time.perf_counter(), self._state()))

    def first(self, after: float, showing: str | None = None) -> float | None:
        """When the first frame finished after ``after`` (showing ``showing``, if given) was drawn."""
        return next((t for t, s in self.drawn if t > after and (showing is None or s == showing)), None)

    def wait(self, after: float, showing: str | None = None, what: str = "a frame", timeout: float = WAIT_S) -> float:
        """The time of that frame, turning the event loop until it is drawn (``BenchStuck`` after ``timeout``)."""
        run_until(lambda: self.first(after, showing) is not None, f"{what} drawn", timeout)
        found = self.first(after, showing)
        assert found is not None
        return found

    def settle(self, showing: str, what: str, timeout: float = WAIT_S) -> None:
        """Turn the loop until ``showing`` is the state and the window has nothing left to draw.

        What is on the screen is then what the app shows: either a frame was drawn
        (and finished) for it, or nothing changed that needed one.
        """
        from kivy.base import EventLoop

        EventLoop.idle()
        run_until(lambda: self._state() == showing and not self._window.canvas.needs_redraw, what, timeout)

    def close(self) -> None:
        self._window.unbind(on_flip=self._flipped)


@dataclass(frozen=True)
class Tap:
    """The touch that took effect (``start``: its finger-down time) and how many before it were refused."""

    start: float
    refused: int


def tap(
    widget: Callable[[], Any], took: Callable[[], bool], what: str, timeout: float = WAIT_S
) -> Tap:
    """A real touch (down, up) at the centre of ``widget()``, again until ``took()`` holds.

    After each touch the loop runs until ``took()`` or a pause (50 ms, doubling to
    0.5 s); a touch still without effect then counts as refused and another is made.
    ``BenchStuck`` when none took effect within ``timeout`` seconds.
    """
    from kivy.base import EventLoop
    from kivy.tests.common import UnitTestTouch

    deadline = time.monotonic() + timeout
    refused, pause = 0, FIRST_RETRY_S
    while True:
        target = widget()
        touch = UnitTestTouch(*target.to_window(*target.center))
        start = time.perf_counter()
        touch.touch_down()
        touch.touch_up()
        settle = time.monotonic() + pause
        EventLoop.idle()
        while not took() and time.monotonic() < settle:
            EventLoop.idle()
        if took():
            return Tap(start, refused)
        refused += 1
        if time.monotonic() > deadline:
            raise BenchStuck(f"{what}: {refused} touches refused over {timeout:.0f} s")
        pause = min(2 * pause, LONGEST_RETRY_S)
