"""Full syncs over real TLS on 127.0.0.1: pages, interruptions, two kiosks, setup both ways."""

from __future__ import annotations

from datetime import UTC

import pytest

from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.sync.client import SyncError
from kiosk.shared.sync.clock_fix import ClockAnchor
from tests.sync.events import records

from .net_helpers import ids_in_file, pair


def _ids(events):
    return [e["id"] for e in events]


def test_a_full_sync_in_pages_with_receipts_that_agree(kiosk, laptop):
    kiosk.add_events(350)
    pair(kiosk, laptop)
    seen = []
    receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, progress=lambda done, total: seen.append((done, total)), timeout=5)
    assert (receipt.sent, receipt.received, receipt.new, receipt.checkpoint) == (350, 350, 350, 350)
    assert receipt.agree and "sent 350" in receipt.line()
    assert seen == [(100, 350), (200, 350), (300, 350), (350, 350)]
    on_kiosk = kiosk.storage_thread(lambda: list(kiosk.storage.events.since(0)))
    assert records(laptop.choices.events("kioskA")) == on_kiosk
    kiosk_receipt = kiosk.meta("sync_receipts")[laptop.laptop_id]
    assert (kiosk_receipt["sent"], kiosk_receipt["received"], kiosk_receipt["agree"]) == (350, 350, True)
    assert laptop.paired.get("kioskA")["last_receipt"]["received"] == 350


def test_the_next_sync_brings_only_what_is_new(kiosk, laptop):
    kiosk.add_events(10)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    kiosk.add_events(3)
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert (receipt.sent, receipt.received, receipt.checkpoint) == (3, 3, 13)
    assert len(records(laptop.choices.events("kioskA"))) == 13


def test_a_sync_cut_after_some_pages_resumes_without_loss_or_duplicates(kiosk, laptop):
    kiosk.add_events(250)
    pair(kiosk, laptop)
    with pytest.raises(SyncError, match="continues from here"):
        sync_kiosk(laptop, "kioskA", page_bytes=1, max_pages=2, timeout=5)
    assert laptop.choices.checkpoint("kioskA") == 200
    receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5)
    assert (receipt.received, receipt.new, receipt.agree) == (50, 50, True)
    ids = _ids(records(laptop.choices.events("kioskA")))
    assert len(ids) == len(set(ids)) == 250


def test_a_server_stopped_mid_pull_resumes_after_restart(kiosk, laptop):
    kiosk.add_events(300)
    pair(kiosk, laptop)

    def cut(done: int, total: int) -> None:
        if done == 100:
            kiosk.server.stop()

    with pytest.raises(SyncError, match=r"cannot be reached|broke"):
        sync_kiosk(laptop, "kioskA", page_bytes=1, progress=cut, timeout=5)
    assert len(records(laptop.choices.events("kioskA"))) == 100
    kiosk.restart_server()
    laptop.paired.set_address("kioskA", kiosk.address)
    receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5)
    assert receipt.received == 200 and receipt.agree
    ids = _ids(records(laptop.choices.events("kioskA")))
    assert len(ids) == len(set(ids)) == 300


def test_a_page_received_twice_merges_away(kiosk, laptop):
    kiosk.add_events(20)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    path = laptop.directory / "events" / "kioskA.choices"
    whole = path.read_bytes()
    path.write_bytes(whole + whole.split(b"\n", 1)[1])  # the lines again, as if a page came twice
    assert len(ids_in_file(laptop, "kioskA")) == 40
    assert _ids(records(laptop.choices.events("kioskA"))) == [f"kioskA-{seq}" for seq in range(1, 21)]


def test_two_kiosks_into_one_laptop(kiosk, kiosk_b, laptop):
    kiosk.add_events(30)
    kiosk_b.add_events(40)
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    assert set(laptop.paired.all()) == {"kioskA", "kioskB"}
    assert sync_kiosk(laptop, "kioskA", timeout=5).received == 30
    assert sync_kiosk(laptop, "kioskB", timeout=5).received == 40
    everything = records(laptop.choices.events())
    assert len(everything) == 70
    assert {e["kiosk_id"] for e in everything} == {"kioskA", "kioskB"}


def test_setup_travels_both_ways(kiosk, laptop):
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)  # the laptop learns the kiosk's class
    center = next(c for c in laptop.setup.records("centers") if c["id"] == "lego")
    laptop.setup.edit("centers", {**center, "seats": 6})
    laptop.setup.edit("children", {"id": "bob", "first_name": "Bob", "picture": "dog.png", "badges": []})
    ann = next(c for c in kiosk.children() if c["id"] == "ann")
    kiosk.storage_thread(lambda: kiosk.storage.config.put_child({**ann, "badges": ["badge-key-1"]}))  # enrolled at the kiosk

    receipt = sync_kiosk(laptop, "kioskA", timeout=5)

    assert next(c for c in kiosk.centers() if c["id"] == "lego")["seats"] == 6
    assert {c["id"] for c in kiosk.children()} == {"ann", "bob"}
    assert next(c for c in laptop.setup.records("children") if c["id"] == "ann")["badges"] == ["badge-key-1"]
    assert set(receipt.setup_changed) >= {"children"}
    children, centers, records = kiosk.children(), kiosk.centers(), laptop.setup.records("children")
    again = sync_kiosk(laptop, "kioskA", timeout=5)
    assert again.setup_changed == []
    assert (kiosk.children(), kiosk.centers(), laptop.setup.records("children")) == (children, centers, records)


def test_a_child_deleted_on_the_laptop_is_removed_from_the_kiosk(kiosk, laptop):
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    laptop.setup.delete("children", "ann")
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert kiosk.children() == []
    assert laptop.setup.records("children")[0]["deleted"] is True


def test_each_sync_leaves_a_clock_anchor_on_both_sides(kiosk, laptop):
    pair(kiosk, laptop)
    kiosk.clock.advance(30)
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    anchors = kiosk.meta("sync_anchors")
    assert len(anchors) == 1 and anchors[0]["boot_id"] == "boot-test" and anchors[0]["mono"] == 1030.0
    assert laptop.paired.anchors("kioskA") == [ClockAnchor.from_dict(a) for a in anchors]
    assert receipt.clock_problem and "differs from the laptop" in receipt.clock_problem


def test_config_changes_notify_the_kiosk(kiosk, laptop):
    calls = []
    kiosk.backend._on_config_changed = lambda: calls.append(True)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert calls == []
    laptop.setup.edit("children", {"id": "cy", "first_name": "Cy", "picture": "owl.png", "badges": []})
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert calls == [True]


def test_a_kiosk_clock_far_from_the_laptops_is_shown_to_the_teacher_until_a_sync_finds_it_right(kiosk, laptop):
    from datetime import datetime

    from kiosk.pi.service import KioskService

    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)  # the kiosk's test clock says 2026-11-25 09:00, not now
    service = kiosk.storage_thread(lambda: KioskService(kiosk.storage, kiosk.clock, "kioskA", "00" * 32))
    assert any("differs from the laptop" in p for p in kiosk.storage_thread(lambda: service.problems))
    kiosk.clock.reboot("boot-right", datetime.now(UTC))
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert kiosk.storage_thread(lambda: service.problems) == []
