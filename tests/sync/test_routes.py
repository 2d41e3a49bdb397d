"""The route table without sockets: a request as plain values, the answer or the refusal."""

from __future__ import annotations

import base64

import pytest

from kiosk.shared.sync.pairing import PairingError, confirmation, derive_keys, laptop_spake
from kiosk.shared.sync.protocol import (
    COUNTER_HEADER,
    LAPTOP_HEADER,
    MAC_HEADER,
    ProtocolError,
    counter_proof,
    dumps,
    request_mac,
)

from .net_helpers import pair

HELLO = dumps({"laptop_time": "2026-11-25T10:00:00+00:00"})


def _headers(laptop_id: str, key: bytes, counter: int, path: str, raw: bytes) -> dict[str, str]:
    return {LAPTOP_HEADER: laptop_id, COUNTER_HEADER: str(counter), MAC_HEADER: request_mac(key, "POST", path, counter, raw)}


def test_unknown_paths_and_strangers_are_refused(kiosk):
    routes = kiosk.server.routes
    with pytest.raises(ProtocolError) as unknown:
        routes.handle("/etc/passwd", {}, b"{}", None)
    with pytest.raises(ProtocolError) as stranger:
        routes.handle("/sync/hello", {}, HELLO, None)
    assert (unknown.value.status, stranger.value.code) == (404, "not_paired")


def test_a_signed_request_is_answered_once_and_its_replay_states_the_last_counter(kiosk, laptop):
    pair(kiosk, laptop)
    routes, peer = kiosk.server.routes, kiosk.meta("sync_laptops")[laptop.laptop_id]["fingerprint"]
    key = base64.b64decode(laptop.paired.get("kioskA")["key"])
    headers = _headers(laptop.laptop_id, key, 7, "/sync/hello", HELLO)
    assert routes.handle("/sync/hello", headers, HELLO, peer)["kiosk_id"] == "kioskA"
    with pytest.raises(ProtocolError) as replay:
        routes.handle("/sync/hello", headers, HELLO, peer)
    details = replay.value.to_dict()
    assert (details["error"], details["last_counter"]) == ("replayed", 7)
    assert details["proof"] == counter_proof(key, laptop.laptop_id, 7, headers[MAC_HEADER])


def test_pairing_through_the_routes_counts_only_wrong_codes(kiosk, laptop):
    routes = kiosk.server.routes
    window = routes.open_pairing()
    spake = laptop_spake("000000" if window.code != "000000" else "111111")
    started = routes.handle("/pair/start", {}, dumps({"laptop_id": "x", "laptop_name": "X",
                            "spake2": base64.b64encode(spake.start()).decode()}), None, "10.0.0.9")
    keys = derive_keys(spake.finish(base64.b64decode(started["spake2"])))
    with pytest.raises(PairingError) as wrong:
        routes.handle("/pair/finish", {}, dumps({"session": started["session"], "laptop_cert": laptop.identity.cert_pem,
                      "confirm": confirmation(keys, "laptop", "a", "b", "x", "kioskA")}), None, "10.0.0.9")
    assert wrong.value.code == "pairing_wrong_code" and window.failures == 1
    assert window.last_failure_from == "10.0.0.9"
