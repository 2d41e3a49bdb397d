"""The paths another kiosk of the class may ask (kiosk/pi/peers.py, kiosk/pi/class_desk.py).

``/peer/today`` who is where here; ``/peer/claim`` may this choice be recorded (the last
seat, a child placed once); ``/peer/release`` a claim was recorded or dropped.

Each request is signed like a laptop's (the same headers), but with the class key the
laptop gave every kiosk it is paired with, and the signer must be one of the kiosks the
laptop introduced. No counter is kept: ``/peer/today`` changes nothing, and a claim or
release sent again (a retried connection) gets the same effect, by its claim id. A
replay can only come over TLS from a kiosk of the class, which may ask anyway.
"""

from __future__ import annotations

import hmac
from typing import Any

from kiosk.pi.peers import PeerToday
from kiosk.pi.seat_claims import Claim
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.shared.sync.protocol import (
    COUNTER_HEADER,
    LAPTOP_HEADER,
    MAC_HEADER,
    OPTIONAL,
    PATHS,
    Headers,
    ProtocolError,
    parse_json,
    request_mac,
    validate,
)
from kiosk.shared.sync.storage_thread import StorageThread

__all__ = ["CLAIM_PATH", "PEER_PATH", "PEER_PATHS", "RELEASE_PATH", "answer_peer"]

PEER_PATH = "/peer/today"
CLAIM_PATH = "/peer/claim"
RELEASE_PATH = "/peer/release"
PEER_PATHS = frozenset({PEER_PATH, CLAIM_PATH, RELEASE_PATH})

_NOT_READY = ProtocolError(503, "not_ready", "This kiosk does not settle choices with other kiosks just now.")


def _signed_body(
    backend: KioskSyncBackend, storage_thread: StorageThread, path: str, headers: Headers, raw: bytes
) -> dict[str, Any]:
    """The request's body if a kiosk of the class signed it; ``ProtocolError`` for anyone else."""
    peers = storage_thread(backend.class_peers)
    claimed, counter_text, mac = headers.get(LAPTOP_HEADER), headers.get(COUNTER_HEADER), headers.get(MAC_HEADER)
    if peers is None or not any(p.kiosk_id == claimed for p in peers.kiosks):
        raise ProtocolError(401, "not_a_class_kiosk", "Only a kiosk of this class may ask; nothing was sent.")
    if not counter_text or not counter_text.isdigit() or len(counter_text) > 18 or not mac:
        raise ProtocolError(401, "not_authenticated", "The request is not signed; nothing was sent.")
    if not hmac.compare_digest(request_mac(peers.key, "POST", path, int(counter_text), raw), mac):
        raise ProtocolError(401, "bad_signature", "The request's signature does not match; nothing was sent.")
    body = validate(parse_json(raw), PATHS[path], OPTIONAL.get(path, frozenset()))
    if body["kiosk_id"] != claimed:
        raise ProtocolError(400, "bad_request", "The request names another kiosk than its signer; nothing was sent.")
    return body


def answer_peer(
    backend: KioskSyncBackend, storage_thread: StorageThread, path: str, headers: Headers, raw: bytes
) -> dict[str, Any]:
    """What this kiosk answers a kiosk of its class on one of :data:`PEER_PATHS`."""
    body = _signed_body(backend, storage_thread, path, headers, raw)
    desk = backend.class_desk
    if path == PEER_PATH:
        return dict(storage_thread(backend.peer_today))
    if desk is None:
        raise _NOT_READY
    sender = str(body["kiosk_id"])
    if path == CLAIM_PATH:
        try:
            claim = Claim.from_dict(body["claim"])
        except ValueError as exc:
            raise ProtocolError(400, "bad_request", f"{exc}; nothing was changed.") from None
        if claim.kiosk_id != sender:
            raise ProtocolError(400, "bad_request", "A kiosk claims only for itself; nothing was changed.")
        return storage_thread(lambda: desk.judge(claim))
    today = None
    if "today" in body:
        try:
            today = PeerToday.from_answer(sender, body["today"])
        except ValueError as exc:
            raise ProtocolError(400, "bad_request", f"{exc}; nothing was changed.") from None
    def release() -> str:
        desk.released(sender, str(body["claim_id"]), today)
        return backend.kiosk_id

    return {"kiosk_id": storage_thread(release), "released": True}
