"""A bare Kivy window: one label, the locked kiosk's window settings, nothing of the kiosk.

The yardstick of ``bench ui``'s start and memory figures. It sets what
``screens.pi.launch.configure_kivy`` sets for a kiosk on the wall (the same window,
clock, log and cursor; tests/bench/test_bare_window.py checks they agree) but imports
none of the kiosk's modules, so whatever the kiosk loads beyond Kivy shows in the
figures. It tells systemd's notify socket READY=1 on its first frame, as the kiosk does.

``--with-welcome-content`` draws what Welcome shows and nothing of what it does: the
demo class's 20 pictures with their first names and the 8 centers' pictures with their
names, in the kiosk's own font, and one line of words; no kiosk module, storage, class
rules, translations or touch handling. It is the floor any kiosk that shows this screen
must pay (pictures decoded and uploaded, text laid out and rasterised), and is measured
next to the kiosk for that reason (docs/PERFORMANCE.md).

``--with-kiosk-modules`` first imports the kiosk's launch and network modules (and with
them the sync service, the network announcement and the badge readers' modules, which
the launch module imported itself until the network was built after the first frame): the window
``bench ui`` compared with until 2026-12 (see docs/PERFORMANCE.md), kept as a second
yardstick that separates what the kiosk's imports cost from what its screens cost.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["configure_bare", "main"]

ASSETS = Path(__file__).resolve().parents[2] / "assets"


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


def _welcome_content() -> Any:
    """Welcome's pictures and words, laid out in plain Kivy widgets (what the screen shows, none of what it does)."""
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.gridlayout import GridLayout
    from kivy.uix.image import Image
    from kivy.uix.label import Label

    demo = json.loads((ASSETS / "demo" / "classroom.json").read_text(encoding="utf-8"))
    font = str(ASSETS / "fonts" / "Andika-Regular.ttf")
    screen = BoxLayout(orientation="vertical", padding=6, spacing=6)
    screen.add_widget(Label(text="Tap your badge or find your picture", font_name=font, font_size=26,
                            color=(0.2, 0.2, 0.2, 1), size_hint_y=0.12))
    for items, name_key, rows, share in ((demo["centers"], "name", 1, 0.25), (demo["children"], "first_name", 4, 0.63)):
        grid = GridLayout(rows=rows, spacing=4, size_hint_y=share)
        for item in items:
            tile = BoxLayout(orientation="vertical")
            tile.add_widget(Image(source=str(ASSETS / "pictures" / item["picture"]), fit_mode="contain"))
            tile.add_widget(Label(text=item[name_key], font_name=font, font_size=15, color=(0.2, 0.2, 0.2, 1),
                                  size_hint_y=0.3))
            grid.add_widget(tile)
        screen.add_widget(grid)
    return screen


def main(with_kiosk_modules: bool = False, with_welcome_content: bool = False) -> None:
    if with_kiosk_modules:
        import screens.pi.launch  # its imports are the point
    configure_bare()
    if with_kiosk_modules:
        import screens.pi.kiosk_network  # noqa: F401  (after the settings: it loads Kivy's clock)
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from kiosk.pi.sd_notify import notifier_from_env

    notifier = notifier_from_env()

    class Bare(App):
        def build(self) -> Any:
            if not with_welcome_content:
                return Label(text="bare")
            Window.clearcolor = (1, 0.973, 0.925, 1)  # the kiosk's paper colour (a clear costs the same in any colour)
            return _welcome_content()

    def first_frame(window: Any, *_args: Any) -> None:
        window.unbind(on_flip=first_frame)
        if notifier is not None:
            notifier.ready("bare")

    Window.bind(on_flip=first_frame)
    Bare().run()


if __name__ == "__main__":
    main(with_kiosk_modules="--with-kiosk-modules" in sys.argv[1:],
         with_welcome_content="--with-welcome-content" in sys.argv[1:])
