"""Asking the class's other kiosks who is where, on a thread of its own (kiosk/pi/peers.py).

The storage (UI) thread hands the watcher the peers it may ask (``set_peers``) and
receives each answer through ``deliver``, which must pass it back to the storage
thread (the app uses the Kivy clock). A peer that cannot be reached is simply
asked again next round: each kiosk works alone when the network allows nothing.

A peer's address is the one it announces now (``announced``: zeroconf, browsed while
the watcher has peers), then the one that last answered, then the one the laptop gave:
a kiosk whose address changed is asked at its new one within a round of its announcing
it, before any laptop syncs. ``address_of`` says where a peer last answered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk.pi.peers import ClassPeers, Peer, PeerToday
from kiosk.pi.sync.peer_route import PEER_PATH
from kiosk.shared.sync.announced import AnnouncedKiosks
from kiosk.shared.sync.client import CertificateMismatchError, KioskClient, KioskUnreachableError, Signer, SyncError
from kiosk.shared.sync.identity import Identity

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
        announced: AnnouncedKiosks | None = None,
    ) -> None:
        self._identity = identity
        self._announced = announced
        self._browsing = False
        self._answered_at: dict[str, str] = {}
        self._own_id = own_id
        self._deliver = deliver
        self._period = period
        self._timeout = timeout
        self._peers: ClassPeers | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: dict[str, str | None] = {}
        self._clients: dict[str, KioskClient] = {}  # used by the asking thread only

    def set_peers(self, peers: ClassPeers | None) -> None:
        with self._lock:
            self._peers = peers

    def address_of(self, kiosk_id: str) -> str | None:
        """Where the peer answered last (None before it answered)."""
        with self._lock:
            return self._answered_at.get(kiosk_id)

    def addresses_to_try(self, peer: Peer) -> list[str]:
        """Where the peer announces itself now, then where it last answered, then where the laptop reached it."""
        announced = self._announced.addresses(peer.kiosk_id) if self._announced is not None else []
        with self._lock:
            last = self._answered_at.get(peer.kiosk_id)
        return list(dict.fromkeys([*announced, *([last] if last else []), peer.address]))

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

    def _client(self, peer: Peer, address: str, connect_timeout: float | None) -> KioskClient:
        """The connection kept open to a peer at this address (one TLS handshake, not one per ask)."""
        client = self._clients.get(peer.kiosk_id)
        if client is not None and (client.address, client.pinned) == (address, peer.fingerprint):
            return client
        if client is not None:
            client.close()  # the peer moved, or the laptop gave it a new certificate
        client = KioskClient(address, self._identity, peer.fingerprint, timeout=self._timeout,
                             present_cert=False, connect_timeout=connect_timeout)
        self._clients[peer.kiosk_id] = client
        return client

    def _drop(self, kiosk_id: str) -> None:
        client = self._clients.pop(kiosk_id, None)
        if client is not None:
            client.close()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="class-peers", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._timeout * 3 + 1)
            self._thread = None
        if self._announced is not None and self._browsing:
            self._announced.stop()
            self._browsing = False
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
        if self._announced is not None and not self._browsing:
            self._browsing = self._announced.start()  # only a kiosk with peers looks for them
        for peer in peers.kiosks:
            if self._stop.is_set():
                return
            try:
                self._deliver(self._ask(peer, peers.key))
                self.last_error[peer.kiosk_id] = None
            except SyncError as exc:
                self.last_error[peer.kiosk_id] = str(exc)

    def _ask(self, peer: Peer, key: bytes) -> PeerToday:
        """The peer's day, from the first of its addresses where it answers with its pinned certificate."""
        addresses = self.addresses_to_try(peer)
        failure: SyncError | None = None
        for n, address in enumerate(addresses):
            signer = Signer(self._own_id, key, lambda: time.time_ns() // 1000)
            more = n + 1 < len(addresses)
            try:
                client = self._client(peer, address, self._timeout / 2 if more else None)
                answer = client.post(PEER_PATH, {"kiosk_id": self._own_id}, signer)
            except ValueError:  # an announcement that is not an address
                self._drop(peer.kiosk_id)
                continue
            except (KioskUnreachableError, CertificateMismatchError) as exc:
                self._drop(peer.kiosk_id)
                failure = exc
                continue
            except SyncError:
                self._drop(peer.kiosk_id)
                raise
            try:
                today = PeerToday.from_answer(peer.kiosk_id, {"kiosk_id": None, **answer})
            except ValueError:
                raise SyncError(f"{peer.name} answered with something other than its day") from None
            with self._lock:
                self._answered_at[peer.kiosk_id] = address
            return today
        raise failure or SyncError(f"{peer.name} has no address to ask")
