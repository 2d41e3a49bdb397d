"""Shared test helpers: choice events and a disk that fails on demand.

``FaultyOps`` performs every file operation for real; a test arms one operation
(``write``, ``fsync``, ``replace``, ``truncate``) to fail the next N times with a
chosen errno, which is how a failing SD card or a full disk (ENOSPC) is played.
"""

from __future__ import annotations

import errno
import os
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from kiosk.shared.domain import ChoiceEvent, EventKind, Method
from kiosk.shared.files.durable_io import FileOps

__all__ = ["FaultyOps", "event", "file_bytes"]


def event(seq: int, day: str = "2026-11-20", **changes: Any) -> dict[str, Any]:
    """A valid ``ChoiceEvent.to_dict()`` with the given seq and day."""
    data = ChoiceEvent(
        id=uuid.uuid4().hex,
        kiosk_id="kiosk-1",
        seq=seq,
        child_id=f"child-{seq % 7}",
        center_id="blocks",
        kind=EventKind.CHOSE,
        method=Method.TAP,
        wall=f"{day}T09:00:00+01:00",
        day=day,
        boot_id="boot-1",
        mono=12.5 + seq,
    ).to_dict()
    data.update(changes)
    return data


def file_bytes(directory: Path) -> dict[str, bytes]:
    """Name -> content of every file in ``directory`` (to prove nothing changed)."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


class FaultyOps(FileOps):
    """Real file operations; armed ones raise ``OSError`` instead."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._armed: dict[str, list[Any]] = {}

    def arm(
        self, op: str, err: int = errno.EIO, *, times: int | None = 1, partial: int = 0, after: int = 0
    ) -> None:
        """Make ``times`` calls of ``op`` fail (``None``: until disarmed), after
        letting ``after`` calls through.

        With ``partial``, a failing write first really writes that many bytes,
        like a card that fills up in the middle of a line.
        """
        self._armed[op] = [err, times, partial, after]

    def disarm(self) -> None:
        self._armed.clear()

    def _maybe_fail(self, op: str, fd: int | None = None, data: bytes = b"") -> None:
        self.calls[op] += 1
        armed = self._armed.get(op)
        if armed is None:
            return
        err, times, partial, after = armed
        if after:
            armed[3] -= 1
            return
        if times is not None:
            armed[1] -= 1
            if armed[1] <= 0:
                del self._armed[op]
        if partial and fd is not None:
            os.write(fd, data[:partial])
        raise OSError(err, os.strerror(err))

    def write(self, fd: int, data: bytes) -> int:
        self._maybe_fail("write", fd, data)
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self._maybe_fail("fsync")
        super().fsync(fd)

    def truncate(self, fd: int, length: int) -> None:
        self._maybe_fail("truncate")
        super().truncate(fd, length)

    def replace(self, src: Path, dst: Path) -> None:
        self._maybe_fail("replace")
        super().replace(src, dst)
