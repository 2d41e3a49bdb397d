"""Kiosks of one class, introduced by their laptop, ask each other who is where (real TLS on 127.0.0.1)."""

from __future__ import annotations

from datetime import UTC

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.peers import PeerToday
from kiosk.pi.sync.peer_route import PEER_PATH
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.shared.sync.client import KioskClient, KioskRefusedError, Signer
from kiosk.shared.sync.identity import load_or_create_identity

from .net_helpers import Kiosk, pair


def _introduced(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    sync_kiosk(laptop, "kioskB", timeout=5)


def test_the_laptop_introduces_its_kiosks_and_one_asks_the_other(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore, tmp_path) -> None:
    kiosk.add_events(3)
    _introduced(kiosk, kiosk_b, laptop)
    peers_of_b = kiosk_b.storage_thread(kiosk_b.backend.class_peers)
    assert peers_of_b is not None and [p.kiosk_id for p in peers_of_b.kiosks] == ["kioskA"]
    assert peers_of_b.kiosks[0].address == kiosk.address
    heard: list[PeerToday] = []
    identity = load_or_create_identity(tmp_path / "b-id", "choice-kiosk kioskB")
    watcher = PeerWatcher(identity, "kioskB", heard.append, timeout=3)
    watcher.set_peers(peers_of_b)
    watcher.poll_once()
    assert watcher.last_error == {"kioskA": None}
    (answer,) = heard
    assert answer.kiosk_id == "kioskA"
    assert [e.event.seq for e in answer.entries] == [e["seq"] for e in kiosk.storage_thread(lambda: kiosk.storage.events.events_on("2026-11-25"))]


def test_anyone_but_a_kiosk_of_the_class_is_refused(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore, tmp_path) -> None:
    _introduced(kiosk, kiosk_b, laptop)
    peers = kiosk_b.storage_thread(kiosk_b.backend.class_peers)
    assert peers is not None
    identity = load_or_create_identity(tmp_path / "x-id", "stranger")
    fingerprint = kiosk.server.identity.fingerprint
    cases = [
        (Signer("kioskB", b"w" * 32, lambda: 1), {"kiosk_id": "kioskB"}, "bad_signature"),  # a guessed key
        (Signer("stranger", peers.key, lambda: 1), {"kiosk_id": "stranger"}, "not_a_class_kiosk"),
        (None, {"kiosk_id": "kioskB"}, "not_a_class_kiosk"),  # not signed
        (Signer("kioskB", peers.key, lambda: 1), {"kiosk_id": "kioskC"}, "bad_request"),
    ]
    for signer, body, code in cases:
        with (
            KioskClient(kiosk.address, identity, fingerprint, timeout=3, present_cert=False) as client,
            pytest.raises(KioskRefusedError) as refused,
        ):
            client.post(PEER_PATH, body, signer)
        assert refused.value.code == code


def test_an_unreachable_peer_is_reported_and_asked_again_later(kiosk_b: Kiosk, tmp_path) -> None:
    from kiosk.pi.peers import ClassPeers, Peer

    heard: list[PeerToday] = []
    watcher = PeerWatcher(load_or_create_identity(tmp_path / "id", "k"), "kioskB", heard.append, timeout=1)
    watcher.set_peers(ClassPeers(b"k" * 32, (Peer("kioskA", "A", "127.0.0.1:1", "a" * 64),)))
    watcher.poll_once()
    assert heard == [] and "cannot be reached" in str(watcher.last_error["kioskA"])


def test_a_kiosk_is_told_when_a_sync_changed_its_peers(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore) -> None:
    told: list[int] = []
    kiosk_b.backend._on_config_changed = lambda: told.append(1)
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    sync_kiosk(laptop, "kioskB", timeout=5)
    assert told, "the app must hand the new peers to its watcher"
    told.clear()
    sync_kiosk(laptop, "kioskB", timeout=5)
    assert told == [], "nothing new: not told again"


def test_a_peer_whose_clock_says_1970_still_counts_on_a_kiosk_at_the_right_time(
    kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore, tmp_path
) -> None:
    from datetime import datetime

    from kiosk.pi.bootstrap import build_kiosk
    from kiosk.pi.peers import shift_walls
    from kiosk.pi.speech import SilentSpeaker
    from kiosk.shared.clock import ManualClock

    from .events import event

    _introduced(kiosk, kiosk_b, laptop)  # kiosk A now has anchors from a laptop at today's date
    kiosk.clock.reboot("boot-1970", wall=datetime(1970, 1, 2, 9, tzinfo=UTC))
    wall = kiosk.clock.now().isoformat()
    kiosk.storage_thread(lambda: kiosk.storage.events.append(
        event("kioskA", 1, child="ava", center="lego", wall=wall, boot="boot-1970", mono=kiosk.clock.monotonic())))
    heard: list[PeerToday] = []
    watcher = PeerWatcher(load_or_create_identity(tmp_path / "b-id", "b"), "kioskB", heard.append, timeout=3)
    watcher.set_peers(kiosk_b.storage_thread(kiosk_b.backend.class_peers))
    watcher.poll_once()
    (answer,) = heard
    assert answer.now.startswith("1970-01-02"), "the peer says the clock its entries were stamped by"
    b_clock = ManualClock(datetime(2026, 12, 1, 10, tzinfo=UTC))
    services = build_kiosk(tmp_path / "b-app", clock=b_clock, speaker=SilentSpeaker())
    try:
        services.service.set_peer_today("kioskA", shift_walls(answer, b_clock.now()))
        placed = services.service.placement_of("ava")
        assert placed is not None and placed.center_id == "lego"
    finally:
        services.close()
