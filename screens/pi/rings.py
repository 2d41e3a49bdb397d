"""Rings a child can watch: a picture held until its ring is full, and a time running out.

``HoldTile`` is a child's picture on Welcome. Pressing it draws a ring around the
picture at once, which fills while the finger stays (``kiosk.pi.touch.HOLD_S``); when
full, the tile fires ``on_held`` and the child's turn starts. A finger that lifts or
slides off before fires ``on_too_short``: the tile then shows a pointing hand and the
ring filling by itself, to say "hold it like this" without words.

``TimeRing`` empties as a time runs out (the confirm panel's, a whole turn's), with a
picture in its middle; in its last seconds it turns orange.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.pi.touch import HINT_S, HOLD_S, Countdown, hold_progress, hold_step, is_held

__all__ = ["HoldTile", "TimeRing"]

RING_FPS = 12.0
"""Rings are redrawn this often while they move, and not at all otherwise."""


class HoldTile(BoxLayout):
    """A picture with its caption that acts when held until its ring is full."""

    icon = StringProperty("")
    caption = StringProperty("")
    caption_size = NumericProperty(16)
    bg_color = ColorProperty("#ffffff")
    progress = NumericProperty(0.0)
    """How full the ring is while the picture is held (0 to 1)."""
    holding = BooleanProperty(False)
    hinting = BooleanProperty(False)
    """Showing how to hold (the hand and a ring filling by itself) after a touch too short."""
    hint_progress = NumericProperty(0.0)

    __events__ = ("on_held", "on_too_short")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._touch: Any = None
        self._held = 0.0
        self._seen_at = 0.0
        self._ticker: Any = None
        self._hint_started = 0.0
        self._hint_ticker: Any = None

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if not self.collide_point(*touch.pos):
            return False
        if self._touch is None:
            self._touch = touch
            touch.grab(self)
            self._held = 0.0
            self._seen_at = Clock.get_time()
            self._stop_hint()
            self.progress = 0.0
            self.holding = True
            self._ticker = Clock.schedule_interval(self._tick, 0)
        return True  # a second finger on a picture already held changes nothing

    def on_touch_move(self, touch):  # type: ignore[no-untyped-def]
        if touch.grab_current is not self:
            return False
        if touch is self._touch and not self.collide_point(*touch.pos):
            self._let_go()
        return True

    def on_touch_up(self, touch):  # type: ignore[no-untyped-def]
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        if touch is self._touch:
            self._let_go()
        return True

    def _tick(self, _dt: float) -> None:
        now = Clock.get_time()
        # Timed by the frames that saw the finger down: a stalled UI thread's jump adds
        # little, so a tap is never a hold however late its lift is read (HOLD_FRAME_S).
        self._held = hold_step(self._held, now - self._seen_at)
        self._seen_at = now
        self.progress = hold_progress(self._held, 0.0, HOLD_S)
        if is_held(self._held, 0.0, HOLD_S):
            self._end_press()
            self.dispatch("on_held")

    def _let_go(self) -> None:
        """The finger left before the ring was full: show how, and say so."""
        if not self.holding:
            return
        self._end_press()
        self.show_hint()
        self.dispatch("on_too_short")

    def _end_press(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        self._touch = None
        self.holding = False
        self.progress = 0.0

    def cancel(self) -> None:
        """Forget a press and a hint (the screen is leaving)."""
        self._end_press()
        self._stop_hint()

    def show_hint(self) -> None:
        """The hand and a ring filling by itself, for ``HINT_S``."""
        self._stop_hint()
        self.hinting = True
        self._hint_started = Clock.get_time()
        self.hint_progress = 0.0
        self._hint_ticker = Clock.schedule_interval(self._hint_tick, 1 / RING_FPS)

    def _hint_tick(self, _dt: float) -> None:
        shown = Clock.get_time() - self._hint_started
        if shown >= HINT_S:
            self._stop_hint()
            return
        self.hint_progress = hold_progress(shown % (HOLD_S * 1.5), 0.0, HOLD_S)

    def _stop_hint(self) -> None:
        if self._hint_ticker is not None:
            self._hint_ticker.cancel()
            self._hint_ticker = None
        self.hinting = False
        self.hint_progress = 0.0

    def on_held(self) -> None:
        """Default handler: the picture was held until its ring was full."""

    def on_too_short(self) -> None:
        """Default handler: the finger lifted or slid off before the ring was full."""


class TimeRing(Widget):
    """A ring that empties as ``duration`` seconds from ``started`` (Kivy's clock) run out.

    ``running`` draws it moving; it turns ``ending_color`` in its last ``ending_s``.
    """

    started = NumericProperty(0.0)
    duration = NumericProperty(0.0)
    fraction = NumericProperty(1.0)
    ending_s = NumericProperty(0.0)
    ending = BooleanProperty(False)
    running = BooleanProperty(False)
    icon = StringProperty("")
    color = ColorProperty("#52b788")
    ending_color = ColorProperty("#e85d04")

    def __init__(self, **kwargs: Any) -> None:
        self._ticker: Any = None
        super().__init__(**kwargs)
        self.bind(started=self._tick, duration=self._tick)

    def on_running(self, _ring: Any, running: bool) -> None:
        if running and self._ticker is None:
            self._ticker = Clock.schedule_interval(self._tick, 1 / RING_FPS)
        elif not running and self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        self._tick()

    def _tick(self, *_args: object) -> None:
        if self.duration <= 0:
            self.fraction, self.ending = 1.0, False
            return
        countdown = Countdown(self.started, self.duration)
        now = Clock.get_time()
        self.fraction = countdown.fraction_left(now)
        self.ending = countdown.is_ending(now, self.ending_s)
