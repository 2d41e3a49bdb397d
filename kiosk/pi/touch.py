"""When a touch means what a child meant: the timing rules behind every tap.

A Pi touch screen sometimes delivers one touch twice, a new screen appears under a
finger that is still tapping, and a child mashing one spot keeps tapping long after
their own turn ended. These rules decide, from plain times in seconds, which touches
count. The screens feed them Kivy's frame time; tests feed them numbers.
"""

from __future__ import annotations

__all__ = [
    "DEBOUNCE_S",
    "NEXT_CHILD_QUIET_S",
    "SETTLE_S",
    "TouchHistory",
    "is_repeat_press",
    "is_settled",
    "starts_new_turn",
]

SETTLE_S = 0.3
"""Touches in the first moments after a screen or a modal step appears are dropped."""

DEBOUNCE_S = 0.3
"""A second press of the same control within this time is the same press."""

NEXT_CHILD_QUIET_S = 0.7
"""A child's picture on Welcome starts a turn only after this long without any touch.

A next child walks up and taps once: the screen has been quiet for seconds. Taps that
run on from the previous child's turn (mashing, a hand resting on the glass) come
faster than this, so they never pick a child.
"""


def is_settled(now: float, shown_at: float, settle_s: float = SETTLE_S) -> bool:
    """Whether a screen (or modal step) shown at ``shown_at`` takes touches yet."""
    return now - shown_at >= settle_s


def is_repeat_press(now: float, last_press: float | None, debounce_s: float = DEBOUNCE_S) -> bool:
    """Whether a press is the echo of the previous press of the same control."""
    return last_press is not None and now - last_press < debounce_s


def starts_new_turn(quiet_s: float, needed_s: float = NEXT_CHILD_QUIET_S) -> bool:
    """Whether a touch after ``quiet_s`` seconds without touches may start a child's turn."""
    return quiet_s >= needed_s


class TouchHistory:
    """When the screen was last touched (down or up), to tell a new touch from a run of taps."""

    def __init__(self) -> None:
        self._last: float | None = None
        self._before_last: float | None = None

    def note(self, now: float) -> None:
        """Record a touch event (a finger down or up) at ``now``."""
        self._before_last, self._last = self._last, now

    def quiet_before_last(self) -> float:
        """Seconds between the latest touch event and the one before it (inf if none)."""
        if self._last is None or self._before_last is None:
            return float("inf")
        return self._last - self._before_last
