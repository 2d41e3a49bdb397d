"""``POST /peer/today``: another kiosk of the class asks who is where here (kiosk/shared/sync/peers.py).

The request is signed like a laptop's (the same headers), but with the class key
the laptop gave every kiosk it is paired with, and the signer must be one of the
kiosks the laptop introduced. It changes nothing, so no counter is kept: a replay
can only ask again, over TLS, for what the sender may read anyway.
"""

from __future__ import annotations

import hmac
from typing import Any

from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.shared.sync.owner import Owner
from kiosk.shared.sync.protocol import (
    COUNTER_HEADER,
    LAPTOP_HEADER,
    MAC_HEADER,
    PATHS,
    Headers,
    ProtocolError,
    parse_json,
    request_mac,
    validate,
)

__all__ = ["PEER_PATH", "answer_peer_today"]

PEER_PATH = "/peer/today"


def answer_peer_today(
    backend: KioskSyncBackend, owner: Owner, headers: Headers, raw: bytes
) -> dict[str, Any]:
    """Today's entries of this kiosk for a kiosk of the class; ``ProtocolError`` for anyone else."""
    peers = owner(backend.class_peers)
    claimed, counter_text, mac = headers.get(LAPTOP_HEADER), headers.get(COUNTER_HEADER), headers.get(MAC_HEADER)
    known = peers is not None and any(p.kiosk_id == claimed for p in peers.kiosks)
    if not known:
        raise ProtocolError(401, "not_a_class_kiosk", "Only a kiosk of this class may ask; nothing was sent.")
    if not counter_text or not counter_text.isdigit() or len(counter_text) > 18 or not mac:
        raise ProtocolError(401, "not_authenticated", "The request is not signed; nothing was sent.")
    assert peers is not None
    if not hmac.compare_digest(request_mac(peers.key, "POST", PEER_PATH, int(counter_text), raw), mac):
        raise ProtocolError(401, "bad_signature", "The request's signature does not match; nothing was sent.")
    if validate(parse_json(raw), PATHS[PEER_PATH])["kiosk_id"] != claimed:
        raise ProtocolError(400, "bad_request", "The request names another kiosk than its signer; nothing was sent.")
    return dict(owner(backend.peer_today))
