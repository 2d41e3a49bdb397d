"""The kiosk's life on the classroom network: built after the first frame, started, followed, stopped.

Apart from the App (screens/pi/app.py), which starts it on the frame after the first
one and stops it on the way out. The parts themselves (the laptop's sync service, the
announcement, the watch on the class's kiosks) are built by a step the composition root
hands in (screens/pi/kiosk_network.py), so their modules load only then. Registering a
name on the network waits out its probes (over a second), so the announcement runs on a
thread of its own. Another kiosk's answer arrives on the watcher's thread and is handed
to the UI thread, where the service moves it onto this kiosk's time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kivy.clock import Clock

from kiosk.pi.peers import PeerToday
from kiosk.pi.service import KioskService

if TYPE_CHECKING:
    from kiosk.pi.sync.peer_watch import PeerWatcher
    from kiosk.pi.sync.server import KioskSyncServer
    from screens.pi.kiosk_network import KioskNetwork

__all__ = ["NetworkLifecycle"]


class NetworkLifecycle:
    """What runs on the network for one kiosk; each part may be missing (sync off, no announcement)."""

    def __init__(self, service: KioskService, build: Callable[[], KioskNetwork | None]) -> None:
        self._service = service
        self._build = build
        self.parts: KioskNetwork | None = None
        """None until built (after the first frame), and when the kiosk runs without a network."""
        self._started = False
        self._announcing: threading.Thread | None = None

    @property
    def sync_server(self) -> KioskSyncServer | None:
        """The laptop's sync service once built (None before, or when it cannot run)."""
        return None if self.parts is None else self.parts.sync_server

    @property
    def sync_problem(self) -> str | None:
        """Why the sync service cannot run, once that is known."""
        return None if self.parts is None else self.parts.sync_problem

    @property
    def peer_watcher(self) -> PeerWatcher | None:
        return None if self.parts is None else self.parts.peer_watcher

    def start(self) -> None:
        """Build the parts, then start the laptop's sync service, the announcement and the watch on the
        class's other kiosks (once)."""
        if self._started:
            return
        self._started = True
        self.parts = parts = self._build()
        if parts is None:
            return
        if parts.sync_server is not None:
            parts.sync_server.start()
        if parts.advertiser is not None:
            self._announcing = threading.Thread(target=parts.advertiser.start, name="kiosk-announce", daemon=True)
            self._announcing.start()
        self.follow_class(start=True)

    def follow_class(self, start: bool = False) -> None:
        """Watch the class's other kiosks as the last laptop sync introduced them."""
        parts = self.parts
        if parts is not None and parts.peer_watcher is not None and parts.sync_server is not None:
            parts.peer_watcher.set_peers(parts.sync_server.backend.class_peers())
            if start:
                parts.peer_watcher.start()

    def peer_answered(self, answer: PeerToday) -> None:
        """Called on the peer watcher's thread: hand another kiosk's day to the UI thread."""
        Clock.schedule_once(lambda _dt: self._service.take_peer_day(answer))

    def stop_watching(self) -> None:
        """No other kiosk's day arrives after this (first on the way out, before the class desk closes)."""
        if self.parts is not None and self.parts.peer_watcher is not None:
            self.parts.peer_watcher.stop()

    def stop(self) -> None:
        """The announcement withdrawn and the sync service closed."""
        if self._announcing is not None:
            self._announcing.join(timeout=10)  # then nothing is announced after the stop below
        if self.parts is not None and self.parts.advertiser is not None:
            self.parts.advertiser.stop()
        if self.parts is not None and self.parts.sync_server is not None:
            self.parts.sync_server.stop()
