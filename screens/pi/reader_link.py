"""The badge readers as the kiosk App sees them: started and stopped with it, their reports on the UI thread.

A reader reports each scan and each change of its status on a thread of its own; only
the UI thread may touch the screens and the store, so each report is handed over with
``Clock.schedule_once`` before the App hears of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kivy.clock import Clock

from device.reader import BadgeReader, ReaderStatus

__all__ = ["ReaderLink"]


class ReaderLink:
    """``on_scan`` gets each badge's raw text, ``on_status`` each status, both on the UI thread."""

    def __init__(
        self,
        readers: Sequence[BadgeReader],
        on_scan: Callable[[str], None],
        on_status: Callable[[ReaderStatus], None],
    ) -> None:
        self._readers = readers
        self._on_scan = on_scan
        self._on_status = on_status

    def start(self) -> None:
        for reader in self._readers:
            reader.start(on_scan=self._scanned, on_status=self._status_changed)

    def stop(self) -> None:
        for reader in self._readers:
            reader.stop()

    def _scanned(self, raw: str) -> None:
        """Called on a reader's thread."""
        Clock.schedule_once(lambda _dt: self._on_scan(raw))

    def _status_changed(self, status: ReaderStatus) -> None:
        """Called on a reader's thread."""
        Clock.schedule_once(lambda _dt: self._on_status(status))
