"""One touch, one event: which of Kivy's input providers reads the touch screen, per display.

On Linux two roads lead from a touch screen to Kivy, and Kivy's default opens both
(Kivy issue #1903): its ``mouse`` provider (SDL's pointer) and ``probesysfs``, which
finds every multitouch screen under /sys/class/input and reads it through mtdev.
Exactly one of them may carry touches:

- **No display server** (the Pi's console through SDL's KMSDRM driver; offscreen):
  Kivy reads the touch screen (probesysfs → mtdev). SDL reads it too, through evdev,
  but its touches have no window there (SDL issue #6650), Kivy's SDL window drops
  finger events on Linux, and SDL is told not to turn touches into pointer presses
  (``SDL_TOUCH_MOUSE_EVENTS=0``), so SDL's pointer carries a real mouse only.
- **A desktop** (X11, or XWayland on Raspberry Pi OS's desktop): the display server
  owns the touch screen and hands SDL each finger as a pointer press; probesysfs is
  left out, since the desktop's user (in the group ``input``) could open the same
  screen a second time.

Elsewhere (Windows, macOS) Kivy's own defaults stay.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["POINTER", "TOUCH_SCREENS", "TouchInput", "touch_input"]

POINTER = "mouse,multitouch_on_demand"  # no red multitouch dots left behind by a mouse's right button
TOUCH_SCREENS = "probesysfs,provider=mtdev"


@dataclass(frozen=True)
class TouchInput:
    """Kivy's ``[input]`` section (None: Kivy's default) and the SDL hints set in the environment."""

    providers: dict[str, str] | None
    sdl_hints: dict[str, str]


def has_display_server(env: Mapping[str, str]) -> bool:
    """True when SDL draws through X11 or Wayland, as SDL itself picks its driver when none is named."""
    driver = env.get("SDL_VIDEODRIVER", "")
    if driver:
        return driver in ("x11", "wayland")
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def touch_input(env: Mapping[str, str], platform: str = sys.platform) -> TouchInput:
    """The providers for this process: one road from each device to Kivy."""
    if not platform.startswith("linux"):
        return TouchInput(None, {})
    if has_display_server(env):
        return TouchInput({"mouse": POINTER}, {"SDL_TOUCH_MOUSE_EVENTS": "1"})
    return TouchInput({"mouse": POINTER, "%(name)s": TOUCH_SCREENS}, {"SDL_TOUCH_MOUSE_EVENTS": "0"})
