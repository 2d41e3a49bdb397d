"""A tap stays a tap when the kiosk's UI thread stalls in the middle of it.

Found from outside: under Xvfb, a 0.2 s xdotool tap on a child's picture while the
kiosk process was stopped for 0.7 s (SIGSTOP, then SIGCONT) started that child's turn
5 times of 5: the frame after the stall saw the clock jump past the hold before it
read the finger's lift. Here the stall is one frame of the kiosk's clock that long.
"""

from __future__ import annotations

import pytest

from tests.gui.harness import KioskDriver
from tests.gui.steps import child_tile, hold_child


@pytest.mark.parametrize("stall_s", [0.7, 3.0])
def test_a_tap_with_a_stall_in_it_starts_no_turn_and_a_hold_still_does(kiosk: KioskDriver, stall_s: float) -> None:
    from kivy.tests.common import UnitTestTouch

    kiosk.advance(0.05)
    tile = child_tile(kiosk, "Leo")
    finger = UnitTestTouch(*tile.to_window(*tile.center))
    finger.touch_down()
    kiosk.advance(0.1)  # six frames of a tap
    kiosk.advance(stall_s, step=stall_s)  # the UI thread stalls: one frame that late
    finger.touch_up()
    kiosk.advance(0.1)
    assert kiosk.screen == "welcome", f"a 0.1 s tap with a {stall_s} s stall started a turn"
    assert tile.hinting and kiosk.current().banner == "hold"
    kiosk.advance(0.5)
    hold_child(kiosk, "Leo")
    assert kiosk.screen == "choose" and kiosk.current().child_name == "Leo"
