"""Small steps a finger takes on the kiosk, shared by the GUI tests."""

from __future__ import annotations

from typing import Any

from tests.gui.harness import KioskDriver


def child_tile(kiosk: KioskDriver, first_name: str) -> Any:
    from screens.pi.welcome import ChildTile

    return kiosk.find(kiosk.current(), lambda w: isinstance(w, ChildTile) and w.caption == first_name)


def hold_child(kiosk: KioskDriver, first_name: str, hold: float | None = None) -> None:
    """A finger on a child's picture for ``hold`` seconds (by default until its ring is full), on the run-ahead clock."""
    from kiosk.pi.touch import HOLD_S

    kiosk.advance(0.05)  # a frame: a screen shown just now is drawn and takes touches
    tile = child_tile(kiosk, first_name)
    x, y = tile.to_window(*tile.center)
    kiosk.press(x, y, hold=HOLD_S + 0.05 if hold is None else hold)


def pick_child(kiosk: KioskDriver, first_name: str) -> None:
    """A child starts their turn: they hold their picture until its ring is full."""
    hold_child(kiosk, first_name)


def center_card(kiosk: KioskDriver, name: str) -> Any:
    from screens.pi.choose import CenterCard

    return kiosk.find(kiosk.current(), lambda w: isinstance(w, CenterCard) and w.name == name)


def confirm_panel(kiosk: KioskDriver) -> Any:
    """The big-check panel of the Choose screen, or None while it is closed."""
    screen = kiosk.current()
    return screen._panel if screen.confirming else None


def child_id(kiosk: KioskDriver, first_name: str) -> str:
    return next(c.id for c in kiosk.services.service.children() if c.first_name == first_name)


def center_id(kiosk: KioskDriver, name: str) -> str:
    return next(c.id for c in kiosk.services.service.centers() if c.name == name)


def choose_by_touch(kiosk: KioskDriver, first_name: str, center_name: str) -> None:
    """The whole child loop from Welcome: picture, card, check (three taps)."""
    assert kiosk.screen == "welcome"
    pick_child(kiosk, first_name)
    assert kiosk.screen == "choose"
    kiosk.tap(center_card(kiosk, center_name))
    kiosk.tap(confirm_panel(kiosk).ids.check)


def type_pin(kiosk: KioskDriver, pin: str) -> None:
    from screens.pi.pin import PinScreen

    screen = kiosk.current()
    assert isinstance(screen, PinScreen)
    keys = {w.text: w for w in screen.ids.keypad.children}
    for digit in pin:
        kiosk.tap(keys[digit], settle=0.32)
    kiosk.tap(keys["OK"], settle=0.32)


def open_teacher_mode(kiosk: KioskDriver, pin: str = "1234") -> None:
    """Long-press the corner, then type the PIN."""
    assert kiosk.screen == "welcome"
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    assert kiosk.screen == "pin"
    type_pin(kiosk, pin)
