"""Deleting a child everywhere and retention, over real TLS: the kiosk's files forget too."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from tests.sync.events import records

from .events import event
from .net_helpers import Kiosk, pair


def _append(kiosk: Kiosk, child: str, wall: str, count: int = 1) -> None:
    def add() -> None:
        for _ in range(count):
            seq = kiosk.storage.events.last_seq() + 1
            kiosk.storage.events.append(event(kiosk.kiosk_id, seq, child=child, wall=wall, event_id=f"{child}-{seq}"))
    kiosk.storage_thread(add)


def _kiosk_children(kiosk: Kiosk) -> list[str]:
    return kiosk.storage_thread(lambda: [e["child_id"] for e in kiosk.storage.events.since(0)])


def _bytes_of(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file())


def test_a_child_deleted_on_the_laptop_is_deleted_from_the_kiosk_files(kiosk: Kiosk, laptop: LaptopStore) -> None:
    kiosk.storage_thread(lambda: kiosk.storage.config.put_child({"id": "zed", "first_name": "Zed", "picture": "owl.png", "badges": []}))
    _append(kiosk, "ann", "2026-11-25T09:00:00+00:00", 3)
    _append(kiosk, "zed", "2026-11-25T09:05:00+00:00", 4)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert laptop.purge_child("zed") == 4
    _append(kiosk, "zed", "2026-11-25T10:00:00+00:00", 2)  # recorded before the kiosk heard of it
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert receipt.received == 0  # the setup goes first: the kiosk deleted them before sending
    assert _kiosk_children(kiosk) == ["ann"] * 3
    assert [e["child_id"] for e in records(laptop.choices.events())] == ["ann"] * 3
    assert b"zed" not in _bytes_of(kiosk.storage.events.directory)
    assert b"zed" not in _bytes_of(laptop.directory / "events")
    assert [c["id"] for c in kiosk.children()] == ["ann"]
    _append(kiosk, "ann", "2026-11-25T11:00:00+00:00")
    assert sync_kiosk(laptop, "kioskA", timeout=5).new == 1  # the kiosk goes on numbering after the purge


def test_retention_purges_both_sides_by_the_laptops_date(kiosk: Kiosk, laptop: LaptopStore) -> None:
    _append(kiosk, "ann", "2025-10-01T09:00:00+00:00", 5)
    _append(kiosk, "ann", "2026-06-15T09:00:00+00:00", 5)
    _append(kiosk, "ann", "2026-11-20T09:00:00+00:00", 5)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    settings = laptop.setup.records("settings")[0]
    laptop.setup.edit("settings", {**settings, "retention_until": "2026-07-31"})
    kiosk.clock.reboot("boot-2038", datetime(2038, 1, 19, 3, 0, tzinfo=UTC))  # a clock far ahead decides nothing
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert [e["day"] for e in kiosk.storage_thread(lambda: list(kiosk.storage.events.since(0)))] == ["2026-11-20"] * 5
    assert [e["day"] for e in records(laptop.choices.events())] == ["2026-11-20"] * 5  # the laptop purged in the same sync
    assert laptop.retention.apply(datetime.now(UTC).date()) == 0
    assert b"2026-06-15" not in _bytes_of(kiosk.storage.events.directory)


def test_with_no_date_set_last_school_years_choices_go_and_this_years_stay(kiosk: Kiosk, laptop: LaptopStore) -> None:
    _append(kiosk, "ann", "2026-06-15T09:00:00+00:00", 2)
    _append(kiosk, "ann", "2026-09-15T09:00:00+00:00", 3)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    settings = laptop.setup.records("settings")[0]
    laptop.setup.edit("settings", {**settings, "retention_until": ""})  # back to the default
    sync_kiosk(laptop, "kioskA", timeout=5)  # the kiosk purges by the laptop's date (after 31 July 2026)
    assert [e["day"] for e in kiosk.storage_thread(lambda: list(kiosk.storage.events.since(0)))] == ["2026-09-15"] * 3
