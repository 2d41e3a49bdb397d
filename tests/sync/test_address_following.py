"""Where a kiosk announces itself now comes first, the last address after it (real TLS; zeroconf on loopback).

The network-namespace test (test_addresses_netns.py) moves a kiosk for real; these check
the rules in one process: the order of the addresses tried, a forged announcement,
what is kept and handed on, and the words when no address answers.
"""

from __future__ import annotations

import uuid

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.peers import PeerToday
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.shared.sync.announced import AnnouncedKiosks, KioskLocator, is_loopback, to_try
from kiosk.shared.sync.client import KioskUnreachableError
from kiosk.shared.sync.discovery import KioskAdvertiser, local_networks
from kiosk.shared.sync.identity import load_or_create_identity

from .net_helpers import Kiosk, pair

LOOPBACK = ["127.0.0.1"]


def _elsewhere() -> str:
    """An address of this computer off loopback with nothing listening: where a kiosk *was*."""
    found = local_networks()
    if not found:
        pytest.skip("this computer has no address off loopback")
    return f"{found[0].ip}:1"


def test_the_announced_addresses_come_first_then_the_last_one() -> None:
    assert to_try(["10.0.0.5:8765", "10.0.0.1:8765"], "10.0.0.1:8765") == ["10.0.0.5:8765", "10.0.0.1:8765"]
    assert to_try([], "10.0.0.1:8765") == ["10.0.0.1:8765"]
    assert to_try(["10.0.0.5:8765"], "") == ["10.0.0.5:8765"]
    assert is_loopback("127.0.0.1:8765") and is_loopback("localhost:1") and not is_loopback("10.0.0.1:8765")


class Announced:
    """What the network announces, as the test says it."""

    def __init__(self, **addresses: list[str]) -> None:
        self.by_id = addresses
        self.asked: list[str] = []

    def __call__(self, kiosk_id: str) -> list[str]:
        self.asked.append(kiosk_id)
        return list(self.by_id.get(kiosk_id, []))


def test_a_kiosk_that_moved_syncs_at_the_first_try_and_its_new_address_is_kept_and_handed_on(
    kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore
) -> None:
    kiosk.add_events(5)
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    laptop.paired.set_address("kioskA", _elsewhere())  # where it was before its lease changed
    receipt = sync_kiosk(laptop, "kioskA", timeout=5, locate=Announced(kioskA=[kiosk.address]))
    assert receipt.received == 5
    assert laptop.paired.get("kioskA")["address"] == kiosk.address
    sync_kiosk(laptop, "kioskB", timeout=5)
    assert [p.address for p in kiosk_b.storage_thread(kiosk_b.backend.class_peers).kiosks] == [kiosk.address]


def test_an_announcement_by_someone_else_is_only_an_address_to_try(
    kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore
) -> None:
    pair(kiosk, laptop)
    laptop.paired.set_address("kioskA", _elsewhere())
    forged = Announced(kioskA=[kiosk_b.address, "not an address", kiosk.address])  # B's certificate is not A's
    assert sync_kiosk(laptop, "kioskA", timeout=5, locate=forged).agree
    assert laptop.paired.get("kioskA")["address"] == kiosk.address


def test_a_kiosk_reached_on_this_computer_is_not_looked_for(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    announced = Announced(kioskA=["10.9.9.9:8765"])
    sync_kiosk(laptop, "kioskA", timeout=5, locate=announced)
    assert announced.asked == [] and laptop.paired.get("kioskA")["address"] == kiosk.address


def test_no_address_answering_is_said_with_every_address_tried(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    before = _elsewhere()
    laptop.paired.set_address("kioskA", before)
    with pytest.raises(KioskUnreachableError) as failed:
        sync_kiosk(laptop, "kioskA", timeout=5, locate=Announced(kioskA=["127.0.0.1:1"]))
    assert str(failed.value) == (f"The kiosk cannot be reached at 127.0.0.1:1, {before} (where it announces itself "
                                 "now, and where it was last). Is it on, and on this network?")
    assert laptop.paired.get("kioskA")["address"] == before, "nothing answered: the last address stays"


def test_the_peer_watcher_asks_a_peer_where_it_announces_itself_now(
    kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore, tmp_path
) -> None:
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    sync_kiosk(laptop, "kioskB", timeout=5)
    peers = kiosk_b.storage_thread(kiosk_b.backend.class_peers)
    gone = peers.kiosks[0].__class__(**{**peers.kiosks[0].__dict__, "address": "127.0.0.1:1"})  # the laptop's is old
    moved = peers.__class__(peers.key, (gone,))

    class Network:
        started = stopped = 0

        def start(self) -> bool:
            self.started += 1
            return True

        def stop(self) -> None:
            self.stopped += 1

        def addresses(self, kiosk_id: str) -> list[str]:
            return [kiosk.address] if kiosk_id == "kioskA" else []

    network = Network()
    heard: list[PeerToday] = []
    watcher = PeerWatcher(load_or_create_identity(tmp_path / "b-id", "b"), "kioskB", heard.append, timeout=3,
                          announced=network)  # type: ignore[arg-type]
    assert watcher.address_of("kioskA") is None
    watcher.set_peers(moved)
    watcher.poll_once()
    assert [a.kiosk_id for a in heard] == ["kioskA"] and watcher.last_error == {"kioskA": None}
    assert watcher.address_of("kioskA") == kiosk.address and network.started == 1
    watcher.stop()
    assert network.stopped == 1


def test_announced_kiosks_follow_an_advertiser_on_loopback() -> None:
    kiosk_id = uuid.uuid4().hex[:16]  # other runs may announce on this loopback too
    advertiser = KioskAdvertiser(kiosk_id, "Room 9", 48791, interfaces=LOOPBACK)
    announced = AnnouncedKiosks(LOOPBACK)
    assert advertiser.start() and announced.start()
    try:
        announced.wait_for([kiosk_id], 5.0)
        assert announced.addresses(kiosk_id) == ["127.0.0.1:48791"]
        assert KioskLocator([kiosk_id], interfaces=LOOPBACK, seconds=5.0)(kiosk_id) == ["127.0.0.1:48791"]
    finally:
        advertiser.stop()
        announced.stop()
    assert KioskLocator([kiosk_id], interfaces=LOOPBACK, seconds=0.5)(kiosk_id) == []
