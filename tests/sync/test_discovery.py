"""Zeroconf on loopback only: a kiosk advertises, a laptop finds it."""

from __future__ import annotations

from kiosk.sync.discovery import KioskAdvertiser, find_kiosks

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
