"""Start the teacher's review window: the composition root on the laptop.

Builds the laptop session (store on its own thread), the export folder, the USB
stick and zeroconf finders, and hands them to the App. ``--demo`` fills a new
laptop folder with a generated school year so the window can be tried at once.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import platformdirs

from kiosk.laptop.demo import fill_demo_year
from kiosk.laptop.session import LaptopSession
from kiosk.laptop.store import LaptopStore, default_laptop_dir
from kiosk.shared.assets import ASSETS_DIR
from kiosk.shared.sync.discovery import SeveralKiosksError, find_kiosks
from kiosk.shared.sync.usb_stick import find_sticks
from screens.shared.window_setup import configure_window

__all__ = ["make_review_app", "run_teacher"]


def _find_one_kiosk() -> str:
    """The address of the one kiosk zeroconf finds; a ValueError saying what to type, or listing several by name."""
    found = find_kiosks(3.0)
    if len(found) == 1:
        return found[0].address
    if not found:
        raise ValueError(
            "No kiosk answered on the network (multicast may be blocked). Type the address the kiosk shows."
        )
    raise SeveralKiosksError(found)  # the pairing window lists them by name


def make_review_app(  # type: ignore[no-untyped-def]
    directory: Path, *, today=date.today, export_dir: Path | None = None, find_kiosk=_find_one_kiosk, sticks=find_sticks
):
    from kivy.clock import Clock

    from screens.laptop.app import ReviewApp

    session = LaptopSession(directory, lambda fn: Clock.schedule_once(lambda _dt: fn()))
    exports = export_dir or Path(platformdirs.user_documents_dir()) / "Choice Kiosk exports"
    return ReviewApp(session, today=today, assets_dir=ASSETS_DIR, export_dir=exports,
                     find_sticks=sticks, find_kiosk=find_kiosk)


def run_teacher(args: argparse.Namespace) -> int:
    directory = args.laptop_dir or default_laptop_dir()
    if args.demo:
        with LaptopStore(directory) as store:
            fill_demo_year(store)
    configure_window(args.size)
    make_review_app(directory).run()
    return 0
