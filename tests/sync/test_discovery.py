"""Zeroconf on loopback only: a kiosk advertises, a laptop finds it."""

from __future__ import annotations

import ipaddress

from kiosk.shared.sync.discovery import KioskAdvertiser, find_kiosks, nearest
from tests.waiting import wait_until

LOOPBACK = ["127.0.0.1"]


def test_a_laptop_finds_an_advertised_kiosk_and_not_after_it_stops():
    advertiser = KioskAdvertiser("0123456789abcdef", "Room 4", 48765, interfaces=LOOPBACK)
    assert advertiser.start()
    try:
        found = find_kiosks(2.0, interfaces=LOOPBACK)
        assert [(k.name, k.kiosk_id, k.address) for k in found] == [("Room 4", "0123456789abcdef", "127.0.0.1:48765")]
    finally:
        advertiser.stop()
    assert find_kiosks(1.5, interfaces=LOOPBACK) == []


def test_the_kiosk_announces_its_addresses_and_follows_them_when_they_change():
    current: list[str] = []
    advertiser = KioskAdvertiser("fedcba9876543210", "Room 5", 48766, addresses=lambda: list(current),
                                 follow_seconds=0.2)
    assert not advertiser.start()  # no address yet: nothing a laptop could reach
    try:
        current.append("127.0.0.1")  # the network comes (a hotspot joined later)
        assert wait_until(lambda: advertiser.announced == ["127.0.0.1"]), advertiser.announced
        found = find_kiosks(2.0, interfaces=LOOPBACK)
        # Other kiosks may answer on this machine's loopback too (another test run): this one is found once,
        # at the address it announced.
        assert [k.address for k in found if k.kiosk_id == "fedcba9876543210"] == ["127.0.0.1:48766"]
    finally:
        advertiser.stop()


def test_the_laptop_picks_the_kiosk_address_on_its_own_network():
    networks = [ipaddress.IPv4Interface("192.168.4.7/24")]
    assert nearest(["10.0.0.5", "192.168.4.20"], networks) == "192.168.4.20"
    assert nearest(["10.0.0.5", "172.16.0.2"], networks) == "10.0.0.5"
