"""The next child gets in at once, and no touch goes unanswered, in the real app.

A child holding their picture 0.2, 0.5, 1 or 3 s after the previous child tapped
Done starts their turn; a badge does the same while Done still shows. A tap at any
moment after the check (Done in its first moments, Done, Welcome) changes what the
window shows in the very next frame: the pixels read back from the window differ.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiosk.pi.touch import HOLD_S
from kiosk.shared.assets import DEMO_CLASSROOM
from tests.gui.harness import KioskDriver
from tests.gui.steps import center_card, child_id, child_tile, confirm_panel, hold_child, pick_child

DELAYS = (0.2, 0.5, 1.0, 3.0)
DEMO_BADGES = {c["first_name"]: c["badges"][0] for c in json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"]}
TURNS = (("Ava", "Blocks", "Ben"), ("Leo", "Library", "Ivy"), ("Mia", "Art", "Kai"), ("Noah", "Writing", "Lily"))


def centre_of(widget: Any) -> tuple[float, float]:
    return widget.to_window(*widget.center)


def choose(kiosk: KioskDriver, child: str, center: str) -> tuple[float, float]:
    """A child's whole turn to Done; returns where the check was."""
    pick_child(kiosk, child)
    kiosk.advance(0.35)
    kiosk.press(*centre_of(center_card(kiosk, center)), after=0.35)
    check = centre_of(confirm_panel(kiosk).ids.check)
    kiosk.press(*check)
    assert kiosk.screen == "done"
    return check


@pytest.mark.parametrize("after_done", [False, True], ids=["done-tapped", "done-still-showing"])
def test_the_next_childs_hold_or_badge_right_after_done_starts_their_turn(kiosk: KioskDriver, after_done: bool) -> None:
    """Done tapped by the child who chose, then the next child's hold; or the next child's badge on Done."""
    for delay, (first, center, nxt) in zip(DELAYS, TURNS, strict=True):
        kiosk.app.go_home()
        choose(kiosk, first, center)
        if after_done:
            kiosk.advance(delay)
            kiosk.app.handle_scan(DEMO_BADGES[nxt])
        else:
            kiosk.advance(0.6)  # the child sees "Have fun" and taps it
            kiosk.press(*centre_of(kiosk.current()))
            assert kiosk.screen == "welcome"
            kiosk.advance(delay - 0.05)  # hold_child waits one frame first
            hold_child(kiosk, nxt)
        assert kiosk.screen == "choose", f"{nxt} {delay} s after Done"
        assert kiosk.current().child_id == child_id(kiosk, nxt)


def test_a_tap_too_short_tells_the_next_child_to_hold_then_their_hold_starts_the_turn(kiosk: KioskDriver, shots) -> None:
    said = kiosk.services.speaker.said
    choose(kiosk, "Ava", "Blocks")
    kiosk.advance(0.6)
    kiosk.press(*centre_of(kiosk.current()))
    kiosk.advance(0.3)
    tile = child_tile(kiosk, "Ben")
    kiosk.press(*centre_of(tile), hold=0.1, after=0.1)
    assert kiosk.screen == "welcome" and tile.hinting and kiosk.current().banner == "hold"
    assert said[-1] == "Hold your picture until the circle is full."
    kiosk.advance(0.5)
    kiosk.screenshot("welcome-hold-hint", shots)
    hold_child(kiosk, "Ben")
    assert kiosk.screen == "choose" and kiosk.current().child_name == "Ben"


def test_a_held_picture_shows_its_ring_filling(kiosk: KioskDriver, shots) -> None:
    from kivy.tests.common import UnitTestTouch

    tile = child_tile(kiosk, "Nora")
    finger = UnitTestTouch(*centre_of(tile))
    finger.touch_down()
    kiosk.advance(HOLD_S / 2)
    assert tile.holding and tile.progress == pytest.approx(0.5, abs=0.1)
    kiosk.screenshot("welcome-hold", shots)
    kiosk.advance(HOLD_S / 2)
    finger.touch_up()
    assert kiosk.screen == "choose" and kiosk.current().child_name == "Nora"


MOMENTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.5, 4.5, 6.0)
"""Seconds after the check: Done in its first moments (touches press nothing there), Done, Welcome."""


def test_a_stray_tap_at_any_moment_after_done_changes_the_screen_within_one_frame(kiosk: KioskDriver) -> None:
    import random

    chance = random.Random(21)
    service = kiosk.services.service
    ava = child_id(kiosk, "Ava")
    width, height = kiosk.window.size
    seen: dict[str, int] = {}
    for moment in MOMENTS:
        for spot in ("check", "random", "random"):
            kiosk.app.go_home()
            kiosk.advance(5)  # every hint and echo of the last probe is gone
            check = choose(kiosk, "Ava", "Blocks")
            kiosk.advance(moment) if moment else None
            where = check if spot == "check" else (chance.uniform(0, width), chance.uniform(0, height))
            before = still_frame(kiosk)
            from kivy.tests.common import UnitTestTouch

            finger = UnitTestTouch(*where)
            finger.touch_down()
            kiosk.frame_advance()
            after = kiosk.frame()
            finger.touch_up()
            assert after != before, f"a tap at {where} {moment} s after the check on {kiosk.screen} changed nothing"
            seen[kiosk.screen] = seen.get(kiosk.screen, 0) + 1
            assert service.teacher_undo(ava) is not None
    assert set(seen) >= {"done", "welcome"}


def still_frame(kiosk: KioskDriver) -> bytes:
    """The window as drawn now, once two frames in a row are the same (nothing moving on its own)."""
    frame = kiosk.frame()
    for _ in range(40):
        kiosk.frame_advance()
        again = kiosk.frame()
        if again == frame:
            return frame
        frame = again
    raise AssertionError(f"{kiosk.screen} keeps moving by itself")
