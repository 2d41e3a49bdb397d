"""Keyboard-style badge readers in the running app: Kivy key events → scans.

A USB reader that "types" the number and Enter reaches Kivy as key presses on
whatever screen is showing. ``device.keyboard_wedge.WedgeDetector`` decides by timing
whether keys are a reader's burst; its keys are swallowed so no widget ever sees them.
The kiosk has no text fields, so held keys that turn out to be typing are dropped.
F2 scans the next demo badge when the demo's simulated reader is in use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from device.keyboard_wedge import WedgeDetector
from device.simulated import SimulatedReader

__all__ = ["DEMO_SCAN_KEY", "KeyboardScans", "key_name"]

DEMO_SCAN_KEY = 283
_ENTER_CODES = {13, 271}


def key_name(key: int, codepoint: str | None) -> str:
    """The detector's name for a Kivy key event."""
    if key in _ENTER_CODES:
        return "enter"
    if codepoint and len(codepoint) == 1 and codepoint.isdigit():
        return codepoint
    return f"key{key}"


class KeyboardScans:
    """Watches the window's keyboard for reader bursts and the demo scan key.

    Kivy binds handlers weakly: the owner must keep this object alive.
    """

    def __init__(
        self,
        window: Any,
        detector: WedgeDetector,
        on_scan: Callable[[str], None],
        demo_reader: SimulatedReader | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._detector = detector
        self._on_scan = on_scan
        self._demo_reader = demo_reader
        self._clock = clock
        window.bind(on_key_down=self._key_down)

    def _key_down(self, _window: Any, key: int, _scancode: int, codepoint: str | None, _modifiers: Any) -> bool:
        if key == DEMO_SCAN_KEY and self._demo_reader is not None:
            self._demo_reader.scan_next()
            return True
        result = self._detector.feed(key_name(key, codepoint), self._clock())
        if result.scan:
            self._on_scan(result.scan)
        return result.swallow
