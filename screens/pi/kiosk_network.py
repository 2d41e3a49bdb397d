"""The kiosk on the classroom network: the laptop's sync service, the announcement, the watch on its class's kiosks.

Apart from the App (screens/pi/app.py), which starts it on the frame after the first
one and stops it on the way out. Registering a name on the network waits out its
probes (over a second), so the announcement runs on a thread of its own. Another
kiosk's answer arrives on the watcher's thread and is handed to the UI thread, where
the service moves it onto this kiosk's time.
"""

from __future__ import annotations

import threading

from kivy.clock import Clock

from kiosk.pi.peers import PeerToday
from kiosk.pi.service import KioskService
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.pi.sync.server import KioskSyncServer
from kiosk.shared.sync.discovery import KioskAdvertiser

__all__ = ["KioskNetwork"]


class KioskNetwork:
    """What runs on the network for one kiosk; each part may be missing (sync off, no announcement).

    ``peer_watcher`` is set by the launcher once the App exists, since the watcher calls
    :meth:`peer_answered`.
    """

    def __init__(
        self,
        service: KioskService,
        sync_server: KioskSyncServer | None,
        advertiser: KioskAdvertiser | None,
        peer_watcher: PeerWatcher | None = None,
    ) -> None:
        self._service = service
        self._sync_server = sync_server
        self._advertiser = advertiser
        self.peer_watcher = peer_watcher
        self._started = False
        self._announcing: threading.Thread | None = None

    def start(self) -> None:
        """The laptop's sync service, the announcement and the watch on the class's other kiosks (once)."""
        if self._started:
            return
        self._started = True
        if self._sync_server is not None:
            self._sync_server.start()
        if self._advertiser is not None:
            self._announcing = threading.Thread(target=self._advertiser.start, name="kiosk-announce", daemon=True)
            self._announcing.start()
        if self.peer_watcher is not None and self._sync_server is not None:
            self.peer_watcher.set_peers(self._sync_server.backend.class_peers())
            self.peer_watcher.start()

    def follow_class(self) -> None:
        """Watch the class's other kiosks as the last laptop sync introduced them."""
        if self.peer_watcher is not None and self._sync_server is not None:
            self.peer_watcher.set_peers(self._sync_server.backend.class_peers())

    def peer_answered(self, answer: PeerToday) -> None:
        """Called on the peer watcher's thread: hand another kiosk's day to the UI thread."""
        Clock.schedule_once(lambda _dt: self._service.take_peer_day(answer))

    def stop_watching(self) -> None:
        """No other kiosk's day arrives after this (first on the way out, before the class desk closes)."""
        if self.peer_watcher is not None:
            self.peer_watcher.stop()

    def stop(self) -> None:
        """The announcement withdrawn and the sync service closed."""
        if self._announcing is not None:
            self._announcing.join(timeout=10)  # then nothing is announced after the stop below
        if self._advertiser is not None:
            self._advertiser.stop()
        if self._sync_server is not None:
            self._sync_server.stop()
