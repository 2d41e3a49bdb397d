"""The storage thread in the running app: the UI thread, reached through the Clock.

The sync server answers on its own threads but must not touch the storage (only
its storage thread may write). It hands each piece of work to this executor, which
schedules it on the Kivy main thread and waits for the result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from kivy.clock import Clock

__all__ = ["ClockStorageThread"]

T = TypeVar("T")


class ClockStorageThread:
    """``storage_thread(fn)`` runs ``fn`` on the Kivy main thread and returns what it returned."""

    def __init__(self, main_thread: threading.Thread | None = None, timeout: float = 30.0) -> None:
        self._main = main_thread or threading.main_thread()
        self._timeout = timeout

    def __call__(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is self._main:
            return fn()
        future: Future[T] = Future()

        def run(_dt: float) -> None:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn())
                except BaseException as error:
                    future.set_exception(error)

        Clock.schedule_once(run)
        return future.result(timeout=self._timeout)
