"""The systemd watchdog, pinged from the Kivy UI loop.

The pings are scheduled on the Kivy Clock, so they stop when the main thread stops
turning: a kiosk stuck in a loop or a deadlock is restarted by systemd, not only one
that exits. READY=1 goes out once the first frame is on screen, with the screen's name
in STATUS (what the packaging and arm64 smoke tests wait for).
"""

from __future__ import annotations

import os
from typing import Any

from kiosk.pi.sd_notify import Notifier, notifier_from_env, watchdog_interval_s

__all__ = ["UiWatchdog", "attach_watchdog"]


class UiWatchdog:
    """Tells systemd the UI loop is alive, from that loop."""

    def __init__(self, notifier: Notifier, interval_s: float | None, app: Any) -> None:
        self._notifier = notifier
        self._interval_s = interval_s
        self._app = app
        self._events: list[Any] = []

    def _first_frame(self, window: Any, *_args: Any) -> None:
        window.unbind(on_flip=self._first_frame)
        self._notifier.ready(f"showing {self._app.manager.current}")

    def start(self, *_args: Any) -> None:
        from kivy.clock import Clock
        from kivy.core.window import Window

        Window.bind(on_flip=self._first_frame)
        if self._interval_s is not None:
            self._events.append(Clock.schedule_interval(lambda _dt: self._notifier.alive(), self._interval_s))

    def stop(self, *_args: Any) -> None:
        for event in self._events:
            event.cancel()
        self._events.clear()
        self._notifier.stopping()


def attach_watchdog(app: Any, env: dict[str, str] | None = None) -> UiWatchdog | None:
    """Bind a watchdog to the app's start and stop when systemd asked for notifications.

    Kivy holds bound methods weakly: the caller keeps the returned watchdog while the
    app runs.
    """
    env = dict(os.environ) if env is None else env
    notifier = notifier_from_env(env)
    if notifier is None:
        return None
    watchdog = UiWatchdog(notifier, watchdog_interval_s(env, os.getpid()), app)
    app.bind(on_start=watchdog.start, on_stop=watchdog.stop)
    return watchdog
