"""SIGTERM and SIGINT stop the kiosk the way its own exit does.

A Python signal handler runs between two bytecodes of the main thread, possibly
inside the Clock's or the store's critical sections, so it must not touch either.
The handler does nothing; ``signal.set_wakeup_fd`` writes the signal's number to a
pipe at C level, and a small thread reading that pipe hands ``App.stop`` to the UI
thread through the Clock, like every other thread in the kiosk.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["STOP_SIGNALS", "stop_on_signals"]

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _ignore(_signum: int, _frame: Any) -> None:
    """The wakeup pipe carries the signal; nothing to do here."""


@contextmanager
def stop_on_signals(app: Any, signals: tuple[signal.Signals, ...] = STOP_SIGNALS) -> Iterator[None]:
    """While the app runs, a stop signal closes it cleanly (on_stop runs, files close).

    A locked kiosk passes only SIGTERM: Ctrl+C on a keyboard at its console is ignored.
    """
    from kivy.clock import Clock

    read_end, write_end = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    os.set_blocking(read_end, True)

    def wait_for_signal() -> None:
        try:
            data = os.read(read_end, 16)
        except OSError:
            return
        if data:
            Clock.schedule_once(lambda _dt: app.stop())

    previous = {signum: signal.signal(signum, _ignore) for signum in signals}
    previous_fd = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    waiter = threading.Thread(target=wait_for_signal, name="stop-signals", daemon=True)
    waiter.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous_fd)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.close(write_end)
        waiter.join(timeout=1.0)
        os.close(read_end)
