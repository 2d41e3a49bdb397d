"""The touch timing rules, with plain times in seconds."""

from __future__ import annotations

from kiosk.pi.touch import NEXT_CHILD_QUIET_S, TouchHistory, is_repeat_press, is_settled, starts_new_turn


def test_a_new_screen_drops_touches_in_its_first_moments():
    assert not is_settled(10.1, shown_at=10.0)
    assert is_settled(10.3, shown_at=10.0)


def test_a_second_press_soon_after_is_the_same_press():
    assert not is_repeat_press(5.0, last_press=None)
    assert is_repeat_press(5.2, last_press=5.0)
    assert not is_repeat_press(5.31, last_press=5.0)


def test_a_turn_starts_only_after_a_quiet_moment():
    assert starts_new_turn(float("inf"))
    assert starts_new_turn(NEXT_CHILD_QUIET_S)
    assert not starts_new_turn(0.1)


def test_history_measures_the_gap_before_the_latest_touch():
    history = TouchHistory()
    assert history.quiet_before_last() == float("inf")
    history.note(1.0)
    assert history.quiet_before_last() == float("inf"), "the first touch of all follows quiet"
    history.note(1.05)  # its finger lifts
    history.note(1.15)  # a mash: the next tap 0.1 s later
    assert round(history.quiet_before_last(), 2) == 0.1
    assert not starts_new_turn(history.quiet_before_last())
    history.note(1.2)
    history.note(3.0)  # the next child, seconds later
    assert starts_new_turn(history.quiet_before_last())
