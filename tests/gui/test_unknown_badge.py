"""Mend: the yellow "I don't know this badge" box goes when its words go."""

from __future__ import annotations

from tests.gui.steps import pick_child

YELLOW = (255, 209, 102)


def pixel(kiosk, shots, name: str, x: int, y_from_top: int) -> tuple[int, int, int]:
    """A pixel of the window as the screen shows it, read back from a real screenshot."""
    from kivy.core.image import Image as CoreImage

    image = CoreImage.load(str(kiosk.screenshot(name, shots)), keep_data=True)
    colour = image.read_pixel(x, y_from_top)
    return tuple(round(c * 255) for c in colour[:3])


def test_the_unknown_badge_highlight_clears_and_stays_cleared(kiosk, shots):
    kiosk.app.handle_scan("0000000000")
    welcome = kiosk.current()
    assert welcome.unknown_badge
    assert pixel(kiosk, shots, "welcome-unknown-badge", 12, 12) == YELLOW
    kiosk.advance(6.5)
    assert not welcome.unknown_badge
    assert pixel(kiosk, shots, "welcome-after-unknown-badge", 12, 12) != YELLOW
    pick_child(kiosk, "Ava")
    kiosk.app.go_home()
    assert pixel(kiosk, shots, "welcome-next-child", 12, 12) != YELLOW
