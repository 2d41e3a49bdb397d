"""A bare Kivy window: one label, the locked kiosk's window settings, nothing of the kiosk.

The yardstick of ``bench ui``'s start and memory figures. It sets what
``screens.pi.launch.configure_kivy`` sets for a kiosk on the wall (the same window,
clock, log and cursor; tests/bench/test_bare_window.py checks they agree) but imports
none of the kiosk's modules, so whatever the kiosk loads beyond Kivy shows in the
figures. It tells systemd's notify socket READY=1 on its first frame, as the kiosk does.

``--with-kiosk-modules`` first imports the kiosk's launch and network modules (and with
them the sync service, the network announcement and the badge readers' modules, which
the launch module imported itself until the network was built after the first frame): the window
``bench ui`` compared with until 2026-12 (see docs/PERFORMANCE.md), kept as a second
yardstick that separates what the kiosk's imports cost from what its screens cost.
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["configure_bare", "main"]


def configure_bare(size: tuple[int, int] = (800, 480)) -> None:
    """Kivy configured as ``configure_kivy(size, fullscreen=False, kiosk=True)`` after ``prepare_kivy_log``."""
    os.environ.setdefault("KIVY_WINDOW", "sdl2")
    os.environ["KIVY_NO_CONFIG"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    os.environ.setdefault("KIVY_LOG_MODE", "MIXED")
    os.environ.setdefault("KCFG_KIVY_LOG_LEVEL", "warning")
    from screens.shared.window_setup import configure_window

    configure_window(size, fullscreen=False)
    from kivy.config import Config

    Config.set("kivy", "kivy_clock", "interrupt")
    Config.set("graphics", "show_cursor", "0")
    Config.set("graphics", "allow_screensaver", "0")


def main(with_kiosk_modules: bool = False) -> None:
    if with_kiosk_modules:
        import screens.pi.kiosk_network
        import screens.pi.launch  # noqa: F401  (their imports are the point)
    configure_bare()
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from kiosk.pi.sd_notify import notifier_from_env

    notifier = notifier_from_env()

    class Bare(App):
        def build(self) -> Label:
            return Label(text="bare")

    def first_frame(window: Any, *_args: Any) -> None:
        window.unbind(on_flip=first_frame)
        if notifier is not None:
            notifier.ready("bare")

    Window.bind(on_flip=first_frame)
    Bare().run()


if __name__ == "__main__":
    main(with_kiosk_modules="--with-kiosk-modules" in sys.argv[1:])
