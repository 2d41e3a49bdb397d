"""The laptop window's way to its store: one storage thread, results handed back.

The store accepts writes only from the thread that opened it, and a sync can take
seconds; the window must keep drawing meanwhile. So a :class:`LaptopSession`
opens the store on its own thread, runs each piece of work there in order, and
hands the result (or the error) to ``deliver`` — in the app, a function that
schedules it on Kivy's main thread; in tests, a plain call.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from kiosk.laptop.store import LaptopStore
from kiosk.shared.sync.storage_thread import QueuedStorageThread

__all__ = ["LaptopSession"]

T = TypeVar("T")
Deliver = Callable[[Callable[[], None]], None]


class LaptopSession:
    """A laptop store on its own thread; ``run`` never blocks the caller."""

    def __init__(self, directory: Path, deliver: Deliver) -> None:
        self.directory = Path(directory)
        self._deliver = deliver
        self._thread = QueuedStorageThread("laptop-store", timeout=120.0)
        self._closed = False
        try:
            self._store: LaptopStore = self._thread(lambda: LaptopStore(self.directory))
        except BaseException:
            self._thread.stop()
            raise

    def run(
        self,
        work: Callable[[LaptopStore], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
    ) -> Future[Any]:
        """Queue ``work(store)``; ``done(result)`` or ``failed(error)`` arrives through ``deliver``."""
        store = self._store

        def task() -> None:
            try:
                result = work(store)
            except Exception as exc:  # every failure is shown to the teacher
                error = exc
                self._deliver(lambda: failed(error))
                return
            self._deliver(lambda: done(result))

        return self._thread.submit(task)

    def call(self, work: Callable[[LaptopStore], T]) -> T:
        """Run ``work`` and wait: for start-up and tests, never from a button."""
        return self._thread(lambda: work(self._store))

    def post(self, fn: Callable[[], Any]) -> None:
        """Hand ``fn`` to the window's thread (progress from inside a sync)."""
        self._deliver(fn)

    def close(self) -> None:
        """Close the store and end its thread; a second call does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self._thread(self._store.close)
        finally:
            self._thread.stop()
