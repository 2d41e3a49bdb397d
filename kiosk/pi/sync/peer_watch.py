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
from kiosk.shared.sync.peers import ClassPeers, Peer, PeerToday

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
        self._clients: dict[str, KioskClient] = {}  # used by one asking thread at a time

    def set_peers(self, peers: ClassPeers | None) -> None:
        with self._lock:
            self._peers = peers

    def peers(self) -> ClassPeers | None:
        """The class's other kiosks as last handed over (any thread)."""
        with self._lock:
            return self._peers

    def reachable(self) -> list[Peer]:
        """The peers worth asking now: every peer whose last ask did not fail (never asked yet counts)."""
        peers = self.peers()
        if peers is None:
            return []
        return [p for p in peers.kiosks if self.last_error.get(p.kiosk_id) is None]

    def _client(self, peer: Peer) -> KioskClient:
        """The connection kept open to a peer between asks (one TLS handshake, not one per ask)."""
        client = self._clients.get(peer.kiosk_id)
        if client is not None and (client.address, client.pinned) == (peer.address, peer.fingerprint):
            return client
        if client is not None:
            client.close()  # the laptop gave the peer a new address or certificate
        client = KioskClient(peer.address, self._identity, peer.fingerprint, timeout=self._timeout, present_cert=False)
        self._clients[peer.kiosk_id] = client
        return client

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="class-peers", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._timeout + 1)
            self._thread = None
        clients, self._clients = self._clients, {}
        for client in clients.values():
            client.close()

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
                client = self._client(peer)
                try:
                    answer = client.post(PEER_PATH, {"kiosk_id": self._own_id}, signer)
                except SyncError:
                    self._clients.pop(peer.kiosk_id, None)
                    client.close()
                    raise
                try:
                    today = PeerToday.from_answer(peer.kiosk_id, {"kiosk_id": None, **answer})
                except ValueError:
                    raise SyncError(f"{peer.name} answered with something other than its day") from None
                self._deliver(today)
                self.last_error[peer.kiosk_id] = None
            except SyncError as exc:
                self.last_error[peer.kiosk_id] = str(exc)
