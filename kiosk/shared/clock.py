"""Time as the kiosk sees it, behind one small interface.

A Pi without a clock battery can boot with a wrong wall clock, so every event also
carries the boot id and the monotonic time; tests drive a ``ManualClock``.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

__all__ = ["EARLIEST_PLAUSIBLE", "Clock", "ManualClock", "SystemClock", "read_boot_id"]

#: No kiosk of this software ever ran before this instant (it is built on Kivy 2.3.1,
#: released at the end of December 2024): a clock or a recorded time earlier than it
#: is certainly wrong, e.g. a Pi without a clock battery that woke at 1970.
EARLIEST_PLAUSIBLE = datetime(2025, 1, 1, tzinfo=UTC)


class Clock(Protocol):
    boot_id: str

    def now(self) -> datetime:
        """Aware local wall time."""

    def monotonic(self) -> float:
        """Seconds that only move forward within one boot."""


def read_boot_id(path: Path = Path("/proc/sys/kernel/random/boot_id")) -> str:
    """Linux's id of this boot; a fresh random id where the kernel offers none."""
    try:
        return path.read_text(encoding="ascii").strip() or uuid.uuid4().hex
    except OSError:
        return uuid.uuid4().hex


class SystemClock:
    """The real clocks of the machine."""

    def __init__(self) -> None:
        self.boot_id = read_boot_id()

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone()

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to, for tests and benchmarks."""

    def __init__(self, start: datetime, boot_id: str = "boot-test") -> None:
        self._wall = start
        self._mono = 1000.0
        self.boot_id = boot_id

    def now(self) -> datetime:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._wall += timedelta(seconds=seconds)
        self._mono += seconds

    def set_wall(self, wall: datetime) -> None:
        """The wall clock is set (NTP, the teacher) within the same boot; the monotonic clock runs on."""
        self._wall = wall

    def reboot(self, boot_id: str, wall: datetime | None = None) -> None:
        """A power cut: new boot id, monotonic restarts, wall clock maybe wrong."""
        self.boot_id = boot_id
        self._mono = 5.0
        if wall is not None:
            self._wall = wall
