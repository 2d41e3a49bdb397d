"""The real kiosk (``choice-kiosk run ...``) reporting what only its own process can see.

Run as ``python -m tests.pi.install.unit_kiosk REPORT run ARGS...`` (the unit's ExecStart
without its program). Nothing of Kivy is imported before the kiosk's own start-up sets it
up (as under systemd); once the loop turns, it appends JSON lines to REPORT: first Kivy's
running input providers (``EventLoop.input_providers``) and whether SDL turns touches
into pointer presses (its hint as the process set it), then one line per touch that
reaches the window, before any screen or rule of the app sees it (so the app's
duplicate-tap guard hides nothing).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import screens.pi.watchdog
from kiosk.cli import main


def _write(report: Path, line: dict[str, Any]) -> None:
    with report.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def reporting(report: Path, attach: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``attach_watchdog`` that also schedules the report on the kiosk's first turn of the loop."""

    def attach_and_report(app: Any) -> Any:
        from kivy.base import EventLoop
        from kivy.clock import Clock
        from kivy.core.window import Window

        def touched(_window: Any, touch: Any) -> bool:
            _write(report, {"touch": touch.device, "provider": type(touch).__name__, "spos": [touch.sx, touch.sy]})
            return False

        def providers(_dt: float) -> None:
            running = [[type(p).__module__, type(p).__name__, p.device] for p in EventLoop.input_providers]
            _write(report, {"providers": running, "SDL_TOUCH_MOUSE_EVENTS": os.environ.get("SDL_TOUCH_MOUSE_EVENTS")})
            Window.bind(on_touch_down=touched)

        Clock.schedule_once(providers, 0)
        return attach(app)

    return attach_and_report


if __name__ == "__main__":
    screens.pi.watchdog.attach_watchdog = reporting(Path(sys.argv[1]), screens.pi.watchdog.attach_watchdog)
    sys.exit(main(sys.argv[2:]))
