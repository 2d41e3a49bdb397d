"""Retention never deletes a choice a laptop does not hold, nor judges a choice old by a wrong clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.laptop.retention import retention_doomed
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.storage import KioskStorage
from kiosk.shared.seq_ranges import in_ranges, merge_ranges, ranges_up_to, seq_ranges
from kiosk.shared.sync.clock_fix import ClockAnchor
from kiosk.shared.sync.messages import SetupOffer
from tests.sync.events import records, typed

from .events import event
from .net_helpers import Kiosk, pair

TODAY = date.today()


def test_seqs_travel_as_runs() -> None:
    assert seq_ranges([5, 1, 2, 3, 9, 10, 3]) == [[1, 3], [5, 5], [9, 10]]
    assert seq_ranges([]) == []
    assert merge_ranges([[1, 3], [9, 10]], [[4, 4], [8, 8], [20, 25]]) == [[1, 4], [8, 10], [20, 25]]
    assert ranges_up_to([[1, 3], [5, 9], [12, 20]], 6) == [[1, 3], [5, 6]]
    assert ranges_up_to([[1, 3]], 0) == []
    runs = [[1, 3], [5, 5], [9, 10]]
    assert [s for s in range(0, 12) if in_ranges(s, runs)] == [1, 2, 3, 5, 9, 10]


def test_retention_judges_by_the_corrected_day_and_keeps_doubtful_times() -> None:
    old = event("k", 1, wall="2026-06-01T09:00:00+00:00", boot="b-june", mono=10.0)
    undo = {**event("k", 2, wall="2026-06-01T09:01:00+00:00", boot="b-june", mono=70.0), "kind": "undone", "ref": old["id"]}
    # A boot whose clock said 1970, anchored at a sync: the choice was made today.
    anchored = event("k", 3, wall="1970-01-02T09:00:00+00:00", boot="b-1970", mono=100.0)
    # A boot whose clock said 1970, never anchored: its day cannot be known.
    doubtful = event("k", 4, wall="1970-01-03T09:00:00+00:00", boot="b-lost", mono=5.0)
    recent = event("k", 5, wall=f"{TODAY.isoformat()}T08:00:00+00:00", boot="b-now", mono=5.0)
    anchor = ClockAnchor("b-1970", 160.0, f"{TODAY.isoformat()}T10:00:00+00:00")
    doomed, kept_doubtful = retention_doomed(typed([old, undo, anchored, doubtful, recent]), [anchor], TODAY - timedelta(days=1))
    assert doomed == {old["id"], undo["id"]}
    assert kept_doubtful == 1


def test_a_clock_before_this_software_existed_is_never_taken_at_its_word() -> None:
    first_ever = event("k", 1, wall="1970-01-01T00:05:00+00:00", boot="b0", mono=300.0)
    doomed, doubtful = retention_doomed(typed([first_ever]), [], TODAY)
    assert doomed == set() and doubtful == 1


def test_the_kiosk_purges_only_the_seqs_named(tmp_path: Path) -> None:
    storage = KioskStorage.open(tmp_path / "k", segment_limit=3)
    for seq in range(1, 11):
        storage.events.append(event("k", seq, wall=f"2026-11-{20 + seq // 4:02d}T09:00:00+00:00"))
    assert storage.events.purge_seqs([[2, 4], [7, 7]]) == 4
    assert storage.events.purge_seqs([[2, 4], [7, 7]]) == 0
    assert [e["seq"] for e in storage.events.since(0)] == [1, 5, 6, 8, 9, 10]
    storage.close()
    again = KioskStorage.open(tmp_path / "k", segment_limit=3)
    assert [e["seq"] for e in again.events.since(0)] == [1, 5, 6, 8, 9, 10]
    assert again.events.last_seq() == 10
    again.close()


def _append(kiosk: Kiosk, wall: str, count: int, *, boot: str | None = None) -> None:
    def add() -> None:
        for _ in range(count):
            seq = kiosk.storage.events.last_seq() + 1
            kiosk.storage.events.append(event(kiosk.kiosk_id, seq, wall=wall, boot=boot or kiosk.clock.boot_id,
                                              mono=kiosk.clock.monotonic()))
    kiosk.storage_thread(add)


def _kiosk_seqs(kiosk: Kiosk) -> list[int]:
    return kiosk.storage_thread(lambda: [e["seq"] for e in kiosk.storage.events.since(0)])


def test_nothing_is_deleted_on_a_kiosk_before_a_laptop_holds_it(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    settings = laptop.setup.records("settings")[0]
    laptop.setup.edit("settings", {**settings, "retention_until": (TODAY - timedelta(days=1)).isoformat()})
    # Choices really made last school year (a kiosk that was not synced for months)...
    _append(kiosk, "2026-06-10T09:00:00+00:00", 3, boot="boot-june")
    # ...then a power cut: the kiosk's clock says 1970, its choices dated long before the retention day.
    kiosk.clock.reboot("boot-1970", wall=datetime(1970, 1, 2, 9, tzinfo=UTC))
    _append(kiosk, "1970-01-02T09:00:00+00:00", 2)
    first = sync_kiosk(laptop, "kioskA", timeout=5)
    assert (first.sent, first.received) == (5, 5) and first.agree
    assert _kiosk_seqs(kiosk) == [1, 2, 3, 4, 5], "no laptop held them before this sync: all kept on the kiosk"
    assert kiosk.storage_thread(kiosk.backend.not_on_a_laptop) == 0
    days = sorted(e["day"] for e in records(laptop.choices.events("kioskA")))
    assert days == ["1970-01-02", "1970-01-02"], "the laptop kept today's choices and deleted June's by their day"
    assert laptop.retention.purged_seqs("kioskA") == [[1, 3]]
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _kiosk_seqs(kiosk) == [4, 5], "June's go on the kiosk once the laptop has held and judged them"
    assert kiosk.storage_thread(kiosk.backend.not_on_a_laptop) == 0


def test_a_kiosk_ignores_purge_ranges_above_what_the_laptop_holds(kiosk: Kiosk) -> None:
    kiosk.add_events(6)
    kiosk.storage_thread(lambda: kiosk.backend.note_checkpoint("laptop-1", 3))
    kiosk.storage_thread(lambda: kiosk.backend.paired.add("laptop-1", "L", "", "f" * 64, b"k" * 32))
    theirs = {"centers": [], "children": [], "settings": [], "badge_secrets": [], "purged_seqs": [[1, 6]]}
    kiosk.storage_thread(lambda: kiosk.backend.take_setup("laptop-1", SetupOffer.from_body(theirs)))
    assert _kiosk_seqs(kiosk) == [4, 5, 6]
    assert kiosk.storage_thread(kiosk.backend.not_on_a_laptop) == 3
    kiosk.storage_thread(lambda: kiosk.backend.take_setup("laptop-2", SetupOffer.from_body(theirs)))  # a laptop that holds nothing
    assert _kiosk_seqs(kiosk) == [4, 5, 6]


def test_choices_made_during_a_sync_are_counted_as_not_yet_on_a_laptop(kiosk: Kiosk, laptop: LaptopStore) -> None:
    kiosk.add_events(150)  # two day files of the test kiosk: two pages
    pair(kiosk, laptop)
    pages: list[int] = []

    def during(done: int, total: int) -> None:
        pages.append(done)
        if len(pages) == 2:  # after the last page was saved, before the receipt
            kiosk.add_events(3)

    receipt = sync_kiosk(laptop, "kioskA", timeout=5, page_bytes=1, progress=during)
    assert len(pages) == 2 and (receipt.sent, receipt.received) == (150, 150) and receipt.agree
    kiosk_receipt = next(iter(kiosk.storage_thread(kiosk.backend.receipts).values()))
    assert kiosk_receipt["sent"] == 150 and kiosk_receipt["last_seq"] == 150, "what the laptop holds, not the kiosk's newest"
    assert kiosk.storage_thread(kiosk.backend.not_on_a_laptop) == 3
    assert sync_kiosk(laptop, "kioskA", timeout=5).received == 3
    assert kiosk.storage_thread(kiosk.backend.not_on_a_laptop) == 0
