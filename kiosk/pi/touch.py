"""When a touch means what a child meant: the timing rules behind every touch.

A Pi touch screen sometimes delivers one touch twice, a new screen appears under a
finger that is still tapping, and a child mashing one spot keeps tapping long after
their own turn ended, at any speed. So a new turn never starts from a tap: a child
starts their turn by holding their own picture until a ring around it is full
(``HOLD_S``), or with their badge. However fast or slow a run of taps comes, each tap
is too short to fill the ring, so no rhythm can start a turn; and no quiet time is
asked of the next child, who holds their picture at once. A tap that is too short is
answered at once with what to do (``HINT_S``), never ignored in silence.

A confirm panel left open ends the turn after ``CONFIRM_S`` recording nothing, saying
the child's name again ``CONFIRM_REMINDER_S`` before; its time running out is drawn, as
is the whole turn's. The screens feed these rules Kivy's frame time; tests feed them
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CONFIRM_REMINDER_S",
    "CONFIRM_S",
    "DEBOUNCE_S",
    "HINT_S",
    "HINT_SPEECH_GAP_S",
    "HOLD_FRAME_S",
    "HOLD_S",
    "SETTLE_S",
    "Countdown",
    "hold_progress",
    "hold_step",
    "is_held",
    "is_repeat_press",
    "is_settled",
    "may_say_again",
]

SETTLE_S = 0.3
"""Touches in the first moments after a screen or a modal step appears are not pressed."""

DEBOUNCE_S = 0.3
"""A second press of the same control within this time is the same press."""

HOLD_S = 0.8
"""How long a child holds their picture to start their turn, while a ring around it fills.

A tap lasts 0.05-0.3 s at any speed of tapping (a mashing child's taps are the shortest),
so no run of taps fills the ring. Phones and tablets call a press a long press after
0.4-0.5 s; a young child's slow tap can come near that, hence a margin above it. A child
sees the ring fill and lifts when it is full: 0.8 s is well inside the seconds a turn takes.
"""

HOLD_FRAME_S = 0.25
"""The most one frame adds to a hold, however long the gap before it.

A hold is timed by the frames that saw the finger still down. When the kiosk's UI
thread stalls mid-tap (a sync merged, a class change redrawn, a loaded Pi), the next
frame's clock has jumped by the whole stall before the finger's lift, queued meanwhile,
is read: timed by the clock alone, a 0.2 s tap with a 0.7 s stall filled the ring and
started a turn (5 of 5 taps, found from outside under Xvfb with the kiosk stopped
mid-tap). Counting at most this much per frame, a tap shorter than
``HOLD_S - HOLD_FRAME_S`` can never fill the ring, whatever the stalls; a Pi drawing
4 frames a second or more still fills it in ``HOLD_S``.
"""

HINT_S = 3.0
"""How long "hold your picture until the circle is full" shows after a too-short touch."""

HINT_SPEECH_GAP_S = 4.0
"""The hint is spoken at most once in this time: a child mashing hears it, not a stutter."""

CONFIRM_S = 10.0
"""A confirm panel nobody answers ends the turn after this long, recording nothing.

Long enough to hear a center's name and purpose (3-5 s spoken for the demo class's
centers) and tap the check; short enough that a child who walked away has left no
choice for the next child's tap to confirm.
"""

CONFIRM_REMINDER_S = 4.0
"""This long before the panel closes, it says the child's name again."""


_EPSILON_S = 1e-9
"""Times are floats: 7.8 - 7.0 falls a hair short of 0.8."""


def is_settled(now: float, shown_at: float, settle_s: float = SETTLE_S) -> bool:
    """Whether a screen (or modal step) shown at ``shown_at`` takes presses yet."""
    return now - shown_at >= settle_s


def is_repeat_press(now: float, last_press: float | None, debounce_s: float = DEBOUNCE_S) -> bool:
    """Whether a press is the echo of the previous press of the same control."""
    return last_press is not None and now - last_press < debounce_s


def hold_progress(now: float, pressed_at: float, hold_s: float = HOLD_S) -> float:
    """How full the ring of a picture pressed at ``pressed_at`` is, from 0 to 1."""
    return min(1.0, max(0.0, (now - pressed_at) / hold_s))


def hold_step(held: float, frame_gap: float, max_step: float = HOLD_FRAME_S) -> float:
    """How long a picture has been held after one more frame, ``frame_gap`` after the last one that saw it held.

    A gap longer than ``max_step`` is a stall in which nobody saw the finger: it adds
    ``max_step`` only, so a stall cannot turn a tap into a hold (see ``HOLD_FRAME_S``).
    """
    return held + min(max(frame_gap, 0.0), max_step)


def is_held(now: float, pressed_at: float, hold_s: float = HOLD_S) -> bool:
    """Whether a picture still pressed since ``pressed_at`` has been held long enough to start a turn."""
    return now - pressed_at >= hold_s - _EPSILON_S


def may_say_again(now: float, last_said: float | None, gap_s: float = HINT_SPEECH_GAP_S) -> bool:
    """Whether a hint may be spoken again, ``gap_s`` after it was last spoken."""
    return last_said is None or now - last_said >= gap_s


@dataclass(frozen=True)
class Countdown:
    """A time that runs out, as a ring shows it: started at ``started``, lasting ``duration`` seconds."""

    started: float
    duration: float

    def left(self, now: float) -> float:
        return max(0.0, self.started + self.duration - now)

    def fraction_left(self, now: float) -> float:
        """From 1 (just started) to 0 (over); 0 for a countdown of no length."""
        return self.left(now) / self.duration if self.duration > 0 else 0.0

    def is_over(self, now: float) -> bool:
        return self.left(now) <= 0.0

    def is_ending(self, now: float, last_s: float) -> bool:
        """Whether it is in its last ``last_s`` seconds (and not over)."""
        return 0.0 < self.left(now) <= last_s
