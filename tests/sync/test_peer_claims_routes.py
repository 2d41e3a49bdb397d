"""``/peer/claim`` and ``/peer/release`` over real TLS: only a kiosk of the class, only for itself, only well formed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.sync.peer_route import CLAIM_PATH, RELEASE_PATH
from kiosk.shared.sync.client import KioskClient, KioskRefusedError, Signer
from kiosk.shared.sync.identity import load_or_create_identity

from .net_helpers import Kiosk, pair
from .peer_kiosks import ClassKiosk, introduce, start_class_kiosk


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[ClassKiosk, ClassKiosk]]:
    a, b = start_class_kiosk(tmp_path / "a", "A", 5.0), start_class_kiosk(tmp_path / "b", "B", 5.0)
    try:
        with LaptopStore(tmp_path / "laptop") as laptop:
            introduce([a, b], laptop)
        yield a, b
    finally:
        a.stop()
        b.stop()


def _post(target: ClassKiosk, path: str, body: dict, signer: Signer, tmp_path: Path) -> dict:
    identity = load_or_create_identity(tmp_path / "asker", "asker")
    fingerprint = target.server.identity.fingerprint
    with KioskClient(target.link.address, identity, fingerprint, timeout=5, present_cert=False) as client:
        return client.post(path, body, signer)


def test_claims_and_releases_are_refused_to_anyone_but_a_class_kiosk_claiming_for_itself(two, tmp_path) -> None:
    a, b = two
    key = b.watcher.peers().key
    good = {"claim_id": "k1", "kiosk_id": b.kiosk_id, "child_id": "c01", "center_id": "blocks", "key": 9}
    cases = [
        (Signer(b.kiosk_id, b"w" * 32, lambda: 1), CLAIM_PATH, {"kiosk_id": b.kiosk_id, "claim": good}, "bad_signature"),
        (Signer("stranger", key, lambda: 1), CLAIM_PATH, {"kiosk_id": "stranger", "claim": good}, "not_a_class_kiosk"),
        (Signer(b.kiosk_id, key, lambda: 1), CLAIM_PATH, {"kiosk_id": b.kiosk_id, "claim": {**good, "kiosk_id": a.kiosk_id}},
         "bad_request"),
        (Signer(b.kiosk_id, key, lambda: 1), CLAIM_PATH, {"kiosk_id": b.kiosk_id, "claim": {**good, "key": "9"}},
         "bad_request"),
        (Signer(b.kiosk_id, key, lambda: 1), CLAIM_PATH, {"kiosk_id": b.kiosk_id, "claim": "k1"}, "wrong_type"),
        (Signer(b.kiosk_id, key, lambda: 1), RELEASE_PATH,
         {"kiosk_id": b.kiosk_id, "claim_id": "k1", "today": {"now": "soon", "events": []}}, "bad_request"),
    ]
    for signer, path, body, code in cases:
        with pytest.raises(KioskRefusedError) as refused:
            _post(a, path, body, signer, tmp_path)
        assert refused.value.code == code, (body, refused.value)
    assert a.call(lambda: a.services.service.class_desk.claims.granted(0.0)) == [], "nothing was held"
    answer = _post(a, CLAIM_PATH, {"kiosk_id": b.kiosk_id, "claim": good}, Signer(b.kiosk_id, key, lambda: 2), tmp_path)
    assert answer["granted"] is True
    assert a.call(lambda: a.services.service.placement_of("c01")).center_id == "blocks", "held for B's child"
    _post(a, RELEASE_PATH, {"kiosk_id": b.kiosk_id, "claim_id": "k1"}, Signer(b.kiosk_id, key, lambda: 3), tmp_path)
    assert a.call(lambda: a.services.service.placement_of("c01")) is None, "dropped by B: the seat is free again"


def test_a_kiosk_that_settles_nothing_says_so(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore, tmp_path) -> None:
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    key = kiosk.storage_thread(kiosk.backend.class_peers).key  # the class key the laptop gave both
    claim = {"claim_id": "k1", "kiosk_id": "kioskB", "child_id": "ann", "center_id": "lego", "key": 1}
    identity = load_or_create_identity(tmp_path / "b-id", "b")
    with KioskClient(kiosk.address, identity, kiosk.server.identity.fingerprint, timeout=5, present_cert=False) as client, \
            pytest.raises(KioskRefusedError) as refused:
        client.post(CLAIM_PATH, {"kiosk_id": "kioskB", "claim": claim}, Signer("kioskB", key, lambda: 1))
    assert refused.value.code == "not_ready" and refused.value.status == 503
