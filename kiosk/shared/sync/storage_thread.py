"""Run a function on the storage's thread, and wait for its result.

The storage refuses writes from any thread but the one that opened it, and the sync
server answers on its own threads. So the server never touches storage: it hands
each piece of work to a *storage thread* — any callable ``storage_thread(fn) -> fn()``
that runs ``fn`` on the thread the storage belongs to. In the Kivy app that is the UI
thread (through the Clock: screens/pi/clock_storage_thread.py); :class:`QueuedStorageThread`
is the plain-thread version for the laptop, tests and the command line: a queue pumped
by one thread, which also opens the storage.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

__all__ = ["QueuedStorageThread", "StorageThread", "StorageThreadTimeoutError"]

T = TypeVar("T")


class StorageThread(Protocol):
    """Runs ``fn`` on the storage thread and returns its result."""

    def __call__(self, fn: Callable[[], T], /) -> T: ...


class StorageThreadTimeoutError(RuntimeError):
    """The storage thread did not run the work in time (busy or stopped)."""


class QueuedStorageThread:
    """A thread that runs submitted functions one at a time, in order."""

    def __init__(self, name: str = "storage", timeout: float = 30.0) -> None:
        self._queue: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
        self._timeout = timeout
        self._thread = threading.Thread(target=self._pump, name=name, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, future = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn())
                except BaseException as exc:  # handed back to the caller
                    future.set_exception(exc)

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Queue ``fn`` without waiting: a window's thread must never block on a sync."""
        if not self._thread.is_alive():
            raise StorageThreadTimeoutError("the storage thread has stopped")
        future: Future[T] = Future()
        self._queue.put((fn, future))
        return future

    def __call__(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is self._thread:
            return fn()
        if not self._thread.is_alive():
            raise StorageThreadTimeoutError("the storage thread has stopped")
        future: Future[T] = Future()
        self._queue.put((fn, future))
        try:
            return future.result(timeout=self._timeout)
        except TimeoutError:
            future.cancel()
            raise StorageThreadTimeoutError("the storage thread is busy; try again") from None

    def stop(self) -> None:
        """Finish the queued work and end the thread."""
        self._queue.put(None)
        self._thread.join(timeout=self._timeout)
