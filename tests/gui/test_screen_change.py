"""Every frame shows one screen: a change of screen never draws the old one and the new one together.

With Kivy's NoTransition a change made in a clock callback or a touch handler (a
badge from the reader's thread, a tap on the check) ended a frame later, and that
frame showed the greeting written over Welcome's title and Welcome's pictures between
the center cards (screens/pi/screen_change.py).
"""

from __future__ import annotations

import json

from kiosk.shared.assets import DEMO_CLASSROOM
from tests.device.helpers import PtyDevice, rdm6300_frame
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, confirm_panel

NOAH_BADGE = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][3]["badges"][0]


def _frames(kiosk: KioskDriver) -> list[tuple[str, int]]:
    """Each frame drawn from now on: the screen shown, and how many screens the manager drew."""
    drawn: list[tuple[str, int]] = []
    kiosk.window.bind(on_flip=lambda *_: drawn.append((kiosk.screen, len(kiosk.app.manager.children))))
    return drawn


def test_a_badge_and_a_tap_change_the_screen_within_one_frame(tmp_path):
    device = PtyDevice()
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    classroom["settings"]["reader"] = {"kind": "serial", "port": device.path, "format": "rdm6300"}
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    kiosk.wait_until(lambda: kiosk.app.readers[0].online, timeout=10)
    kiosk.pump(0.3)
    drawn = _frames(kiosk)
    device.write(rdm6300_frame(NOAH_BADGE))  # handled in a clock callback, as every scan is
    kiosk.wait_until(lambda: ("choose", 1) in drawn, timeout=10)
    kiosk.tap(center_card(kiosk, "Library"))
    kiosk.tap(confirm_panel(kiosk).ids.check)  # handled in the touch's dispatch
    kiosk.wait_until(lambda: drawn[-1][0] == "done", timeout=10)
    kiosk.pump(0.2)
    assert [screen for screen, _count in drawn][:1] == ["choose"]
    assert {count for _screen, count in drawn} == {1}, f"a frame drew two screens: {drawn}"
