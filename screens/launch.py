"""Start the kiosk window: the ``run`` command's front end (entry point ``kiosk``).

Kivy reads its window settings when first imported, so they are set here before any
Kivy module loads; then the core's composition root builds the services.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

__all__ = ["configure_kivy", "is_raspberry_pi", "run_kiosk"]


def is_raspberry_pi(model_file: Path = Path("/proc/device-tree/model")) -> bool:
    try:
        return "Raspberry Pi" in model_file.read_text(errors="replace")
    except OSError:
        return False


def configure_kivy(size: tuple[int, int], fullscreen: bool) -> None:
    """Window size and mode, and no Kivy argument parsing or escape-to-quit."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "resizable", "1")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,multitouch_on_demand")


def run_kiosk(args: argparse.Namespace) -> int:
    fullscreen = args.fullscreen or (not args.windowed and is_raspberry_pi())
    configure_kivy(args.size, fullscreen)
    from kiosk.bootstrap import build_kiosk
    from screens.app import ChoiceKioskApp

    services = build_kiosk(args.data_dir, args.classroom)
    ChoiceKioskApp(services).run()
    return 0
