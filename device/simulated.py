"""A badge reader without hardware, for the demo and for tests of the app.

``scan_next()`` (bound to a key in the demo) hands out the demo badges in turn
through the same callbacks as a real reader; ``unplug()`` and ``plug_in()`` show the
offline message. Callbacks run on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from device.reader import ReaderStatus, ScanCallback, StatusCallback

__all__ = ["SimulatedReader"]


class SimulatedReader:
    """A ``BadgeReader`` that scans the badges it was given, one per ``scan_next``."""

    def __init__(self, badges: Sequence[str], name: str = "demo badge reader") -> None:
        self.badges = tuple(badges)
        self.name = name
        self._next = 0
        self._online = True
        self._on_scan: ScanCallback | None = None
        self._on_status: StatusCallback | None = None

    @property
    def running(self) -> bool:
        return self._on_scan is not None

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        self._on_scan, self._on_status = on_scan, on_status
        on_status(self._status())

    def stop(self) -> None:
        self._on_scan = self._on_status = None

    def scan_next(self) -> str | None:
        """Scan the next demo badge (cycling); None if stopped, unplugged or without badges."""
        if not self.badges:
            return None
        badge = self.badges[self._next % len(self.badges)]
        if self.present(badge):
            self._next += 1
            return badge
        return None

    def present(self, badge: str) -> bool:
        """Scan any badge id; False (nothing scanned) if stopped or unplugged."""
        if self._on_scan is None or not self._online:
            return False
        self._on_scan(badge)
        return True

    def unplug(self) -> None:
        """Pretend the reader's cable was pulled."""
        self._set_online(False)

    def plug_in(self) -> None:
        """Pretend the reader is back."""
        self._set_online(True)

    def _set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            if self._on_status is not None:
                self._on_status(self._status())

    def _status(self) -> ReaderStatus:
        if self._online:
            return ReaderStatus.ready(self.name)
        return ReaderStatus.offline(self.name, f"The {self.name} was unplugged.", "port_lost")
