"""One writer: one thread of one process changes the kiosk's files.

TinyDB is not thread-safe and two writers appending to the same journal would
interleave lines. :class:`SingleWriter` remembers the thread that opened the storage
and refuses writes from any other (:class:`WrongThreadError`); :class:`DirectoryLock`
holds an exclusive lock on ``<data>/.lock`` so a second kiosk program started by
mistake gets :class:`StorageLockedError` instead of a share of the files. The
operating system drops the lock when the process dies, even by SIGKILL.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from kiosk.shared.files.durable_io import FILE_MODE, make_private_file
from kiosk.shared.files.errors import StorageLockedError, WrongThreadError

__all__ = ["DirectoryLock", "SingleWriter"]


class SingleWriter:
    """Remembers the thread that made it; :meth:`check` fails on any other thread."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.thread_name = threading.current_thread().name

    def on_its_thread(self) -> bool:
        return threading.get_ident() == self.thread

    def check(self, action: str) -> None:
        """Raise :class:`WrongThreadError` unless called on the storage thread."""
        if threading.get_ident() != self.thread:
            raise WrongThreadError(
                f"The kiosk tried to {action} from the wrong part of the program; "
                "nothing was saved. Please restart the kiosk.",
                detail=f"writes belong to thread {self.thread_name!r}, "
                f"not {threading.current_thread().name!r}",
            )


class DirectoryLock:
    """An exclusive, non-blocking lock on ``<directory>/.lock`` for this process."""

    def __init__(
        self,
        directory: Path,
        busy: str = "The kiosk's data is already open in another kiosk program. "
        "Close the other one (or restart the kiosk) and try again.",
    ) -> None:
        self.path = directory / ".lock"
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        make_private_file(self.path)
        try:
            _lock(self._fd)
        except OSError as exc:
            os.close(self._fd)
            self._fd = None
            raise StorageLockedError(busy, detail=str(exc)) from exc

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def _lock(fd: int) -> None:
    if sys.platform == "win32":  # no fcntl there
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
