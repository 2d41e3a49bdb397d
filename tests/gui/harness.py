"""Drive the real kiosk app offscreen: real window, real Clock, real touch events.

Each GUI test runs in a process of its own (see conftest.py) because Kivy allows one
window per process; this module imports Kivy only inside ``KioskDriver``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.pi.bootstrap import KioskServices, build_kiosk
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.clock import ManualClock
from kiosk.shared.files.durable_io import FileOps

SCREENSHOT_DIR_ENV = "CHOICE_KIOSK_SCREENSHOTS"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def make_services(data_dir: Path, classroom: Path | None = None, ops: FileOps | None = None) -> KioskServices:
    """A kiosk on a temp data dir with a manual domain clock and a recording speaker (``ops``: its card)."""
    return build_kiosk(data_dir, classroom, clock=ManualClock(START), speaker=SilentSpeaker(), ops=ops)


class AppDriver:
    """A running app plus a finger: tap widgets, wait for screens, take screenshots."""

    app: Any

    def _start(self, app: Any, size: tuple[int, int]) -> None:
        from kivy.base import EventLoop
        from kivy.clock import Clock
        from kivy.core.window import Window

        self._wall = Clock.time
        self._ahead = 0.0
        self._stepped: float | None = None
        Clock.time = self._kivy_time  # Kivy's clock, run ahead by advance()
        self.app = app
        self.app._run_prepare()
        self._loop = EventLoop
        self.window = Window
        self.window.size = size
        self.pump(0.4)

    @property
    def screen(self) -> str:
        return self.app.manager.current

    def current(self) -> Any:
        return self.app.manager.current_screen

    def ids(self) -> Any:
        return self.current().ids

    def pump(self, seconds: float = 0.0) -> None:
        """Run frames of the real event loop for at least ``seconds``."""
        end = time.monotonic() + seconds
        self._loop.idle()
        while time.monotonic() < end:
            self._loop.idle()

    def _kivy_time(self) -> float:
        """The wall clock run ahead, or while ``advance`` steps it, exactly the time it stepped to."""
        return self._stepped if self._stepped is not None else self._wall() + self._ahead

    def advance(self, seconds: float, step: float = 0.05) -> None:
        """Run Kivy's real Clock ``seconds`` ahead, a frame per ``step``, faster than wall time.

        Every timer of the app (settle, debounce, hold, idle and Done timeouts) reads
        this clock, so a scripted minute of tapping takes a few seconds to run. While it
        steps, the clock moves by the steps alone, from the last frame's time: a finger
        held for ``press(hold=0.3)`` is held 0.3 s however long the machine takes to
        draw the frames (a loaded CI machine must not turn a tap into a long press).
        """
        from kivy.clock import Clock

        self._stepped = float(Clock.get_time())
        try:
            left = seconds
            while left > 1e-9:
                tick = min(step, left)
                self._stepped += tick
                left -= tick
                self._loop.idle()
        finally:
            self._ahead = self._stepped - self._wall()
            self._stepped = None

    def frame(self) -> bytes:
        """The pixels of the window as last drawn (RGB, bottom row first)."""
        from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

        width, height = self.window.size
        return bytes(glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE))

    def frame_advance(self) -> None:
        """One frame, 1/60 s of the kiosk's clock later, drawn."""
        self.advance(1 / 60, step=1 / 60)

    @contextmanager
    def undrawn(self) -> Iterator[None]:
        """Frames that run all of the app (input, Clock, kv rules, canvas instructions) but render nothing.

        For minutes of scripted tapping: the window's GL drawing is nine tenths of a
        frame's cost under software rendering and decides nothing. A drawn frame follows.
        """
        self.window.on_draw = lambda *_args: None
        try:
            yield
        finally:
            del self.window.on_draw
            self._loop.idle()

    def beside(self, work: Callable[[], Any], timeout: float = 30) -> Any:
        """Run ``work`` (a laptop's side, a peer) on a thread while this app's UI thread keeps serving."""
        import threading

        result: dict[str, Any] = {}

        def run() -> None:
            try:
                result["value"] = work()
            except BaseException as error:
                result["error"] = error

        thread = threading.Thread(target=run)
        thread.start()
        self.wait_until(lambda: not thread.is_alive(), timeout=timeout)
        if "error" in result:
            raise result["error"]
        return result["value"]

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"timed out; screen is {self.screen!r}")
            self._loop.idle()

    def press(self, x: float, y: float, hold: float = 0.03, after: float = 0.0) -> None:
        """A finger down and up at a window point, on the run-ahead clock (see ``advance``)."""
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.advance(hold, step=min(hold, 0.2) or 0.05)  # frames as a kiosk draws them: a hold counts frames
        touch.touch_up()
        self.advance(after, step=after or 0.05)

    def touch_at(self, x: float, y: float, hold: float = 0.0) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.pump(hold)
        touch.touch_up()
        self._loop.idle()

    def tap(self, widget: Any, hold: float = 0.0, settle: float = 0.35) -> None:
        """Touch the middle of a widget, after the screen's settle time has passed."""
        self.pump(settle)
        x, y = widget.to_window(*widget.center)
        self.touch_at(x, y, hold)

    def find(self, root: Any, predicate: Callable[[Any], bool]) -> Any:
        for widget in root.walk():
            if predicate(widget):
                return widget
        raise AssertionError("no such widget on screen")

    def screenshot(self, name: str, tmp_dir: Path) -> Path:
        """Save the window as PNG; also into docs/screens when the env asks for it."""
        self.pump(0.15)
        written = Path(self.window.screenshot(name=str(tmp_dir / f"{name}.png")))
        target = tmp_dir / f"{name}.png"
        written.replace(target)
        wanted = os.environ.get(SCREENSHOT_DIR_ENV)
        if wanted:
            Path(wanted).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, Path(wanted) / f"{name}.png")
        return target

    def close(self) -> None:
        self.app.stop()


class KioskDriver(AppDriver):
    """The kiosk app at the Pi's screen size."""

    def __init__(self, services: KioskServices, size: tuple[int, int] = (800, 480), kiosk: bool = False) -> None:
        from screens.pi.launch import configure_kivy

        configure_kivy(size, fullscreen=False, kiosk=kiosk)
        from screens.pi.launch import make_app

        self.services = services
        self._start(make_app(services, sync_port=0, advertise=False, kiosk=kiosk), size)
