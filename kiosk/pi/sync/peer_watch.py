"""Asking the class's other kiosks who is where, on a thread of its own (kiosk/shared/sync/peers.py).

The owner (UI) thread hands the watcher the peers it may ask (``set_peers``) and
receives each answer through ``deliver``, which must pass it back to the owner
thread (the app uses the Kivy clock). A peer that cannot be reached is simply
asked again next round: each kiosk works alone when the network allows nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk.pi.sync.peer_route import PEER_PATH
from kiosk.shared.sync.client import KioskClient, Signer, SyncError
from kiosk.shared.sync.identity import Identity
from kiosk.shared.sync.peers import ClassPeers, PeerToday

__all__ = ["PeerWatcher"]


class PeerWatcher:
    """Polls every peer each ``period`` seconds; ``last_error`` says, per peer, why the last ask failed."""

    def __init__(
        self,
        identity: Identity,
        own_id: str,
        deliver: Callable[[PeerToday], None],
        *,
        period: float = 5.0,
        timeout: float = 3.0,
    ) -> None:
        self._identity = identity
        self._own_id = own_id
        self._deliver = deliver
        self._period = period
        self._timeout = timeout
        self._peers: ClassPeers | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: dict[str, str | None] = {}

    def set_peers(self, peers: ClassPeers | None) -> None:
        with self._lock:
            self._peers = peers

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="class-peers", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._timeout + 1)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._stop.wait(self._period)

    def poll_once(self) -> None:
        """Ask every peer once; each answer goes to ``deliver``."""
        with self._lock:
            peers = self._peers
        if peers is None:
            return
        for peer in peers.kiosks:
            if self._stop.is_set():
                return
            signer = Signer(self._own_id, peers.key, lambda: time.time_ns() // 1000)
            try:
                with KioskClient(peer.address, self._identity, peer.fingerprint, timeout=self._timeout,
                                 present_cert=False) as client:
                    answer = client.post(PEER_PATH, {"kiosk_id": self._own_id}, signer)
                events = answer.get("events")
                if answer.get("kiosk_id") != peer.kiosk_id or not isinstance(events, list):
                    raise SyncError(f"{peer.name} answered with something other than its day")
                entries = tuple(e for e in events if isinstance(e, dict))
                self._deliver(PeerToday(peer.kiosk_id, str(answer.get("now")), entries))
                self.last_error[peer.kiosk_id] = None
            except SyncError as exc:
                self.last_error[peer.kiosk_id] = str(exc)
