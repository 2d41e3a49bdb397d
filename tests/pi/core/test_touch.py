"""The touch timing rules, with plain times in seconds."""

from __future__ import annotations

import pytest

from kiosk.pi.touch import (
    CONFIRM_REMINDER_S,
    CONFIRM_S,
    HOLD_FRAME_S,
    HOLD_S,
    Countdown,
    hold_progress,
    hold_step,
    is_held,
    is_repeat_press,
    is_settled,
    may_say_again,
)


def test_a_new_screen_drops_touches_in_its_first_moments():
    assert not is_settled(10.1, shown_at=10.0)
    assert is_settled(10.3, shown_at=10.0)
    assert is_settled(10.0, shown_at=10.0, settle_s=0.0), "a screen with nothing to press by accident takes touches at once"


def test_a_second_press_soon_after_is_the_same_press():
    assert not is_repeat_press(5.0, last_press=None)
    assert is_repeat_press(5.2, last_press=5.0)
    assert not is_repeat_press(5.31, last_press=5.0)


@pytest.mark.parametrize("tap_s", [0.03, 0.1, 0.3, 0.5, HOLD_S - 0.01])
def test_no_tap_of_any_length_short_of_the_hold_starts_a_turn(tap_s):
    assert not is_held(100.0 + tap_s, pressed_at=100.0)
    assert hold_progress(100.0 + tap_s, pressed_at=100.0) < 1.0


def test_a_picture_held_until_its_ring_is_full_starts_the_turn():
    assert hold_progress(7.0, pressed_at=7.0) == 0.0, "the ring shows the moment the finger lands"
    assert hold_progress(7.0 + HOLD_S / 2, pressed_at=7.0) == pytest.approx(0.5)
    assert is_held(7.0 + HOLD_S, pressed_at=7.0)
    assert hold_progress(9.0 + HOLD_S, pressed_at=7.0) == 1.0


def held_after(frame_gaps: list[float]) -> float:
    held = 0.0
    for gap in frame_gaps:
        held = hold_step(held, gap)
    return held


@pytest.mark.parametrize("stall_s", [0.7, 1.0, 5.0, 60.0])
def test_a_stalled_frame_mid_tap_does_not_fill_the_ring(stall_s):
    """A 0.2 s tap during which the UI thread stalled: the frame after the stall counts little."""
    held = held_after([1 / 60] * 12 + [stall_s])
    assert not is_held(held, pressed_at=0.0)
    assert held == pytest.approx(12 / 60 + HOLD_FRAME_S)


def test_no_tap_shorter_than_the_hold_less_one_frame_fills_the_ring_whatever_the_stalls():
    """However a tap's time is cut into frames, stalls included, it stays short of the hold."""
    tap_s = HOLD_S - HOLD_FRAME_S - 0.01
    for frames in ([tap_s], [tap_s / 3] * 3, [0.01, tap_s - 0.01]):
        assert not is_held(held_after([*frames, 30.0]), pressed_at=0.0)


def test_a_hold_fills_at_any_frame_rate_a_pi_draws():
    for fps in (60, 30, 10, 4):
        frames = round(HOLD_S * fps) + 1  # the frame after the hold's time: sums of floats fall a hair short
        assert is_held(held_after([1 / fps] * frames), pressed_at=0.0), fps


def test_a_backwards_frame_gap_takes_nothing_off():
    assert hold_step(0.3, -5.0) == 0.3


def test_the_hold_is_longer_than_a_long_tap_and_a_moment_for_a_child():
    assert 0.5 < HOLD_S <= 1.0


def test_the_hint_is_spoken_at_most_once_in_its_gap():
    assert may_say_again(3.0, last_said=None)
    assert not may_say_again(3.5, last_said=3.0, gap_s=4.0)
    assert may_say_again(7.0, last_said=3.0, gap_s=4.0)


def test_a_countdown_empties_and_ends():
    countdown = Countdown(started=20.0, duration=10.0)
    assert countdown.fraction_left(20.0) == 1.0
    assert countdown.fraction_left(27.5) == pytest.approx(0.25)
    assert countdown.is_ending(27.5, last_s=4.0) and not countdown.is_ending(25.0, last_s=4.0)
    assert not countdown.is_over(29.99) and countdown.is_over(30.0)
    assert countdown.left(31.0) == 0.0 and countdown.fraction_left(31.0) == 0.0
    assert Countdown(started=0.0, duration=0.0).fraction_left(1.0) == 0.0


def test_an_abandoned_panel_closes_well_under_the_old_20_s_and_reminds_first():
    assert CONFIRM_S <= 12.0
    assert 0 < CONFIRM_REMINDER_S < CONFIRM_S
