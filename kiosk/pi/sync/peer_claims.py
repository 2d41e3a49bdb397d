"""Settling a choice with the class's other kiosks over the network (kiosk/pi/class_desk.py decides).

A claim goes to every peer the watcher last reached, all at once, each over a TLS
connection kept open between choices (so a choice costs one request, not a handshake);
whatever has not answered within ``bound`` seconds counts as not reached, and the kiosk
decides without it. The answers are handed back to the storage (UI) thread with
``hand_back`` (the app passes the Kivy Clock). Telling the peers a claim was recorded or
dropped never makes anyone wait: it is sent on a thread and a failure is only logged
(the peers' next look at this kiosk's day, or the claim's expiry, ends it anyway).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from kiosk.pi.class_desk import PeerVerdict
from kiosk.pi.peers import Peer, PeerToday
from kiosk.pi.seat_claims import Claim, Verdict
from kiosk.pi.sync.peer_route import CLAIM_PATH, RELEASE_PATH
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.shared.sync.client import KioskClient, Signer, SyncError
from kiosk.shared.sync.identity import Identity

__all__ = ["SETTLE_BOUND_S", "PeerSettler"]

#: How long a choice waits for the other kiosks before its kiosk decides alone (docs/SYNC.md).
SETTLE_BOUND_S = 0.3
_TELL_TIMEOUT_S = 3.0
_log = logging.getLogger(__name__)


class PeerSettler:
    """Asks the peers the watcher can reach to grant a claim; reports their verdicts on the storage thread."""

    def __init__(
        self,
        identity: Identity,
        own_id: str,
        watcher: PeerWatcher,
        hand_back: Callable[[Callable[[], None]], None],
        *,
        bound: float = SETTLE_BOUND_S,
    ) -> None:
        self._identity = identity
        self._own_id = own_id
        self._watcher = watcher
        self._hand_back = hand_back
        self.bound = bound
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="peer-claims")
        self._lock = threading.Lock()
        self._idle: dict[tuple[str, float], list[KioskClient]] = {}  # by peer and socket timeout
        self._asked: dict[str, list[Peer]] = {}  # the peers each open claim went to

    def reachable(self) -> bool:
        return bool(self._watcher.reachable())

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            idle, self._idle = self._idle, {}
        for clients in idle.values():
            for client in clients:
                client.close()

    # -- asking ------------------------------------------------------------------------
    def settle(self, claim: Claim, done: Callable[[list[PeerVerdict]], None]) -> None:
        """Ask every reachable peer at once; ``done(verdicts)`` on the storage thread once all answered or ``bound``."""
        peers = self._watcher.reachable()
        with self._lock:
            self._asked[claim.claim_id] = peers
        deadline = time.monotonic() + self.bound
        asked = [(peer, self._pool.submit(self._ask, peer, claim)) for peer in peers]

        def collect() -> None:
            wait([future for _peer, future in asked], timeout=max(0.0, deadline - time.monotonic()))
            verdicts = [self._verdict(peer, future) for peer, future in asked]
            self._hand_back(lambda: done(verdicts))

        if asked:
            threading.Thread(target=collect, name="peer-settle", daemon=True).start()
        else:
            self._hand_back(lambda: done([]))

    def _verdict(self, peer: Peer, future: Future[dict[str, Any]]) -> PeerVerdict:
        if not future.done() or future.exception() is not None:
            return PeerVerdict(peer.kiosk_id, None)
        answer = future.result()
        try:
            winner = answer.get("winner")
            verdict = Verdict(answer.get("granted") is True, str(answer.get("reason") or ""),
                              Claim.from_dict(winner) if isinstance(winner, Mapping) else None)
            today = answer.get("today")
            day = PeerToday.from_answer(peer.kiosk_id, today) if isinstance(today, Mapping) else None
        except ValueError:
            return PeerVerdict(peer.kiosk_id, None)  # an answer this kiosk cannot read: as if none came
        return PeerVerdict(peer.kiosk_id, verdict, day)

    def _ask(self, peer: Peer, claim: Claim) -> dict[str, Any]:
        return self._post(peer, CLAIM_PATH, {"kiosk_id": self._own_id, "claim": claim.to_dict()}, self.bound)

    # -- telling -----------------------------------------------------------------------
    def tell(self, claim_id: str, today: PeerToday | None) -> None:
        """Tell the peers the claim went to that it was recorded (``today`` holds the entry) or dropped.

        Sent off this thread; a peer that never answered in time may still have granted it.
        """
        with self._lock:
            peers = self._asked.pop(claim_id, [])
        body: dict[str, Any] = {"kiosk_id": self._own_id, "claim_id": claim_id}
        if today is not None:
            body["today"] = today.to_answer()
        for peer in peers:
            future = self._pool.submit(self._post, peer, RELEASE_PATH, body, _TELL_TIMEOUT_S)
            future.add_done_callback(_log_failure(peer.name))

    # -- connections kept open ---------------------------------------------------------
    def _post(self, peer: Peer, path: str, body: dict[str, Any], timeout: float) -> dict[str, Any]:
        peers = self._watcher.peers()
        if peers is None:
            raise SyncError("this kiosk no longer knows its class's other kiosks")
        signer = Signer(self._own_id, peers.key, lambda: time.time_ns() // 1000)
        client = self._take(peer, timeout)
        try:
            answer = client.post(path, body, signer)
        except BaseException:
            client.close()
            raise
        with self._lock:
            self._idle.setdefault((peer.kiosk_id, timeout), []).append(client)
        return answer

    def _take(self, peer: Peer, timeout: float) -> KioskClient:
        """An idle connection to the peer with this timeout, or a new one (its certificate checked first)."""
        address = self._watcher.address_of(peer.kiosk_id) or peer.address  # where it answered last: it may have moved
        with self._lock:
            idle = self._idle.get((peer.kiosk_id, timeout), [])
            while idle:
                client = idle.pop()
                if client.address == address and client.pinned == peer.fingerprint:
                    return client
                client.close()  # the peer moved, or the laptop gave it a new certificate
        return KioskClient(address, self._identity, peer.fingerprint, timeout=timeout, present_cert=False)


def _log_failure(name: str) -> Callable[[Future[dict[str, Any]]], None]:
    def done(future: Future[dict[str, Any]]) -> None:
        error = None if future.cancelled() else future.exception()
        if error is not None:
            _log.info("peers: telling %s about a choice failed: %s", name, error)

    return done

