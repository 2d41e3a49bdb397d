"""Two kiosks keep recording while one laptop syncs both, over and over: 50,000 choices.

Each kiosk is a real sync server on 127.0.0.1 (TLS, pinned certificates) whose
storage thread records choices in small batches, interleaved with the sync
requests it answers, exactly as the UI thread would. The laptop syncs the two
kiosks in turn until both have stopped recording, then once more. It must then
hold exactly the union: every id once, each kiosk's seqs 1..n complete, the
receipts of the last sync agreeing on both sides, and the children who used both
kiosks on the same day once per choice.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from tests.sync.events import records

from .events import event
from .net_helpers import Kiosk, ids_in_file, pair

TOTAL = 50_000
BATCH = 25


def record(kiosk: Kiosk, count: int, errors: list[BaseException]) -> None:
    """Record ``count`` choices through the storage thread, ``BATCH`` per turn of the storage thread."""

    today = f"{date.today().isoformat()}T09:00:00+00:00"  # today: a past school year's choices are purged
    template = event(kiosk.kiosk_id, 1, wall=today)  # built once: ChoiceEvent.to_dict per choice doubles the CPU

    def batch(size: int) -> None:
        log = kiosk.storage.events
        for _ in range(size):
            seq = log.last_seq() + 1
            log.append({**template, "seq": seq, "child_id": f"c{seq % 7}", "id": f"{kiosk.kiosk_id}-{seq}"})

    try:
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            kiosk.storage_thread(lambda size=size: batch(size))
    except BaseException as exc:  # reported by the test thread
        errors.append(exc)


def kiosk_events(kiosk: Kiosk) -> list[dict]:
    return kiosk.storage_thread(lambda: list(kiosk.storage.events.since(0)))


def test_two_kiosks_recording_while_the_laptop_syncs_both(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    shares = {kiosk.kiosk_id: TOTAL // 2 + 1234, kiosk_b.kiosk_id: TOTAL // 2 - 1234}
    errors: list[BaseException] = []
    recorders = [
        threading.Thread(target=record, args=(k, shares[k.kiosk_id], errors), name=f"record-{k.kiosk_id}")
        for k in (kiosk, kiosk_b)
    ]
    for thread in recorders:
        thread.start()
    rounds = 0
    while any(thread.is_alive() for thread in recorders):
        for k in (kiosk, kiosk_b):
            sync_kiosk(laptop, k.kiosk_id, timeout=30)
        rounds += 1
    for thread in recorders:
        thread.join()
    assert not errors, errors
    receipts = {k.kiosk_id: sync_kiosk(laptop, k.kiosk_id, timeout=30) for k in (kiosk, kiosk_b)}
    assert rounds >= 2, "the laptop should have synced while the kiosks were recording"

    everything = records(laptop.choices.events())
    ids = [e["id"] for e in everything]
    assert len(ids) == len(set(ids)) == TOTAL
    for k in (kiosk, kiosk_b):
        mine = records(laptop.choices.events(k.kiosk_id))
        assert [e["seq"] for e in mine] == list(range(1, shares[k.kiosk_id] + 1))
        assert mine == kiosk_events(k)
        raw = ids_in_file(laptop, k.kiosk_id)
        assert len(raw) == len(set(raw)) == shares[k.kiosk_id], "an event saved twice in the laptop's journal"
        receipt = receipts[k.kiosk_id]
        assert receipt.agree and receipt.checkpoint == shares[k.kiosk_id]
        on_kiosk = k.meta("sync_receipts")[laptop.laptop_id]
        assert (on_kiosk["sent"], on_kiosk["received"], on_kiosk["agree"]) == (receipt.sent, receipt.received, True)
        assert on_kiosk["last_seq"] == shares[k.kiosk_id]

    for child in ("c3", "c5"):
        days = {e["day"] for e in everything if e["child_id"] == child}
        for day in days:
            theirs = [e for e in everything if e["child_id"] == child and e["day"] == day]
            assert {e["kiosk_id"] for e in theirs} == {kiosk.kiosk_id, kiosk_b.kiosk_id}, "used both kiosks that day"
            expected = [
                e for k in (kiosk, kiosk_b) for e in kiosk_events(k) if e["child_id"] == child and e["day"] == day
            ]
            assert Counter(e["id"] for e in theirs) == Counter(e["id"] for e in expected)
            assert max(Counter(e["id"] for e in theirs).values()) == 1
