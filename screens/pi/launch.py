"""Start the kiosk window: the composition root of the running kiosk.

Kivy reads its window settings when first imported, so they are set here before any
Kivy module loads. Then the core's ``build_kiosk`` makes storage, clock, speech and
the service, this module adds the badge readers the settings ask for, and all of it
is handed to the App, with the step that builds its network parts
(``screens.pi.kiosk_network``), which the App takes after its first frame.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from device.errors import BadgeReaderError
from device.keyboard_wedge import WedgeDetector
from device.reader import BadgeReader
from device.serial_reader import SerialBadgeReader
from device.simulated import SimulatedReader
from kiosk.pi.bootstrap import DEMO_CLASSROOM, KioskServices
from kiosk.pi.classroom import load_classroom
from kiosk.shared.domain import ReaderSettings
from screens.pi.kivy_log import attach_file_log, make_kivy_home, prepare_kivy_log
from screens.shared.window_setup import configure_window

if TYPE_CHECKING:
    from screens.pi.kiosk_network import KioskNetwork

__all__ = [
    "StopOnTerm",
    "build_readers",
    "configure_kivy",
    "is_raspberry_pi",
    "make_app",
    "no_window_message",
    "run_kiosk",
]

DEFAULT_SYNC_PORT = 8765
"""The sync service's port (``kiosk.pi.sync.server.DEFAULT_PORT``; tests/test_launch.py checks they agree)."""


def is_raspberry_pi(model_file: Path = Path("/proc/device-tree/model")) -> bool:
    try:
        return "Raspberry Pi" in model_file.read_text(errors="replace")
    except OSError:
        return False


def configure_kivy(size: tuple[int, int], fullscreen: bool, kiosk: bool = False) -> None:
    """The window both programs share (``screens.shared.window_setup``), and what only the kiosk needs.

    Only SDL2 windows: Kivy's fallback X11 provider ends the process (exit 102) when
    there is no X server, before the kiosk can say what went wrong.
    A ``kiosk`` (locked down, as on the wall) neither reads nor writes Kivy's config
    file or log files, hides the cursor and keeps SDL from letting the screen blank.

    The "interrupt" clock wakes the event loop as soon as a reader thread schedules a
    scan, instead of leaving it asleep until the next frame is due.
    """
    os.environ.setdefault("KIVY_WINDOW", "sdl2")
    if kiosk:
        os.environ["KIVY_NO_CONFIG"] = "1"
        os.environ["KIVY_NO_FILELOG"] = "1"
    configure_window(size, fullscreen=fullscreen)
    from kivy.config import Config

    Config.set("kivy", "kivy_clock", "interrupt")
    if kiosk:
        Config.set("graphics", "show_cursor", "0")
        Config.set("graphics", "allow_screensaver", "0")


def build_readers(settings: ReaderSettings) -> tuple[list[BadgeReader], SimulatedReader | None, str | None]:
    """The readers the kiosk's settings name, the demo reader if any, and why none could be made."""
    problem = settings.problem()
    if problem:
        return [], None, problem
    if settings.kind == "serial":
        try:
            reader = SerialBadgeReader(
                settings.port, settings.format, baudrate=settings.baud, gap=settings.repeat_gap_s
            )
        except BadgeReaderError as error:
            return [], None, str(error)
        return [reader], None, None
    if settings.kind == "simulated":
        demo = SimulatedReader(load_classroom(DEMO_CLASSROOM).demo_badges)
        return [demo], demo, None
    return [], None, None


def make_app(  # type: ignore[no-untyped-def]
    services: KioskServices, sync_port: int = DEFAULT_SYNC_PORT, advertise: bool = True, kiosk: bool = False
):
    """The App with every collaborator; a keyboard reader is always listened for.

    The network's parts (``screens.pi.kiosk_network``) are imported and built by the App
    after its first frame: a child sees Welcome without waiting for them.
    """
    from screens.pi.app import ChoiceKioskApp

    readers, demo, problem = build_readers(services.service.settings.reader)

    def network(app: ChoiceKioskApp) -> KioskNetwork:
        from screens.pi.kiosk_network import build_kiosk_network

        return build_kiosk_network(services, sync_port, advertise, app.peer_answered)

    return ChoiceKioskApp(
        services,
        readers=readers,
        keyboard=WedgeDetector(),
        demo_reader=demo,
        reader_problem=problem,
        network=network,
        locked=kiosk,
    )


def no_window_message(driver: str) -> str:
    """What to check when SDL could open no window (Kivy leaves ``Window`` None)."""
    return (
        f"choice-kiosk: the screen could not be opened (SDL_VIDEODRIVER={driver or 'not set'}). "
        "Check that a display is connected and switched on, that this user is in the groups "
        "'video' and 'render', and that no desktop or other program holds the screen "
        "(under a desktop, start it with SDL_VIDEODRIVER=x11)."
    )


class StopOnTerm:
    """SIGTERM (how systemd stops the kiosk) closes the app cleanly.

    SDL turns SIGTERM into a window close request unless a handler is already there
    when it starts, and a locked kiosk refuses close requests; so this handler is
    installed first, and SDL keeps it.
    """

    def __init__(self) -> None:
        self.app: Any = None  # the App, once made

    def __call__(self, _signum: int, _frame: object) -> None:
        if self.app is None:
            raise SystemExit(128 + signal.SIGTERM)
        from kivy.clock import Clock

        Clock.schedule_once(lambda _dt: self.app.stop())


def run_kiosk(args: argparse.Namespace) -> int:
    """The running kiosk: owner-only files, a bounded log, the watchdog, a clean stop, locked down on the wall.

    The first start on a fresh user makes the folders it needs (Kivy's home, then the data directory).
    """
    from kiosk.pi.storage import default_data_dir

    os.umask(0o077)
    data_dir = args.data_dir or default_data_dir()
    fullscreen = args.fullscreen or (not args.windowed and is_raspberry_pi())
    kiosk = fullscreen or args.kiosk
    prepare_kivy_log(os.environ)
    make_kivy_home(os.environ)
    configure_kivy(args.size, fullscreen, kiosk)
    stop_on_term = StopOnTerm()
    if kiosk:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a keyboard's Ctrl+C on the console
        signal.signal(signal.SIGTERM, stop_on_term)  # before SDL starts, or SDL makes it a refused close request
    attach_file_log(data_dir / "logs", os.environ)
    from kivy.core.window import Window

    if Window is None:
        print(no_window_message(os.environ.get("SDL_VIDEODRIVER", "")), file=sys.stderr)
        return 3
    from kiosk.pi.bootstrap import build_kiosk
    from screens.pi.stop_signals import STOP_SIGNALS, stop_on_signals
    from screens.pi.watchdog import attach_watchdog

    app = make_app(build_kiosk(data_dir, args.classroom), args.sync_port, not args.no_advertise, kiosk)
    stop_on_term.app = app
    watchdog = attach_watchdog(app)
    with stop_on_signals(app, (signal.SIGTERM,) if kiosk else STOP_SIGNALS):
        app.run()
    del watchdog
    if kiosk and app.window_lost:  # destroyed from outside: a locked kiosk refuses that close, so it comes back
        os.execv(sys.executable, sys.orig_argv)
    return 0
