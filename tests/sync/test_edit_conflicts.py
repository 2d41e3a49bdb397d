"""Concurrent edits of the class setup: the later edit wins however many taps the other took, and the loser is told."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.badges import new_badge_secret
from kiosk.shared.clock import ManualClock
from kiosk.shared.sync.config_merge import lost_edits, merge_record
from kiosk.shared.sync.edit_stamps import best_now, next_stamp

from .net_helpers import Kiosk, pair
from .test_setup_sync import _record, _service


def test_a_stamp_never_goes_back_behind_one_already_seen() -> None:
    seen = ["2026-12-01T10:00:00+00:00", "2026-12-01T09:00:00+00:00", None, "not a time"]
    assert next_stamp(datetime(1970, 1, 2, tzinfo=UTC), seen) == "2026-12-01T10:00:00.000001+00:00"
    assert next_stamp(datetime(2026, 12, 1, 11, tzinfo=UTC), seen) == "2026-12-01T11:00:00.000000+00:00"


def test_the_kiosks_best_time_follows_its_last_anchor_not_its_clock() -> None:
    clock = ManualClock(datetime(1970, 1, 2, 9, tzinfo=UTC), boot_id="b1")
    anchors = [{"boot_id": "b1", "mono": clock.monotonic(), "wall": "2026-12-01T09:00:00+00:00"},
               {"boot_id": "b0", "mono": 5.0, "wall": "2026-11-30T09:00:00+00:00"}]
    clock.advance(60)
    assert best_now(clock, anchors) == datetime(2026, 12, 1, 9, 1, tzinfo=UTC)
    assert best_now(clock, anchors[1:]) == clock.now(), "no anchor of this boot: its own clock"


def _center(seats: int, at: str, by: str, rev: int, base: str | None) -> dict:
    record = {"id": "lib", "name": "Library", "seats": seats, "rev": rev, "edited_at": at, "edited_by": by}
    return record | ({"base": base} if base else {})


def test_the_later_edit_wins_whatever_the_revisions() -> None:
    v1 = "2026-12-01T08:00:00+00:00"
    kiosk = _center(3, "2026-12-01T09:00:00+00:00", "k1", rev=5, base=v1)  # many taps, an old burst
    laptop = _center(7, "2026-12-01T10:00:00+00:00", "laptop", rev=2, base=v1)
    assert merge_record(kiosk, laptop)["seats"] == merge_record(laptop, kiosk)["seats"] == 7
    (lost,) = lost_edits([laptop], [kiosk])
    assert (lost.kept_by, lost.lost_by, lost.kept, lost.lost) == ("laptop", "k1", {"seats": 7}, {"seats": 3})
    follows = _center(4, "2026-12-01T11:00:00+00:00", "k1", rev=6, base=laptop["edited_at"])  # made after seeing it
    assert lost_edits([laptop], [follows]) == []


def _seats_taps(kiosk: Kiosk, service, seats: list[int]) -> None:
    for count in seats:
        kiosk.storage_thread(lambda count=count: service.edits.set_seats("lego", count))


def test_a_burst_of_taps_on_the_kiosk_is_one_edit_and_loses_to_a_later_laptop_edit(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    service = _service(kiosk, new_badge_secret())
    sync_kiosk(laptop, "kioskA", timeout=5)
    synced_rev = _record(kiosk.centers(), "lego")["rev"]
    _seats_taps(kiosk, service, [5, 6, 7])  # three taps on +
    assert _record(kiosk.centers(), "lego")["rev"] == synced_rev + 1, "one edit, one revision"
    center = _record(laptop.setup.records("centers"), "lego")
    laptop.setup.edit("centers", {**center, "seats": 2})  # later, on the laptop
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(laptop.setup.records("centers"), "lego")["seats"] == 2
    assert _record(kiosk.centers(), "lego")["seats"] == 2
    assert receipt.lost_edits == [
        "Room kioskA – kiosk KIOS had changed Lego Stories (seats 7); your later edit on this laptop (seats 2) was kept."
    ]
    assert "your later edit" in receipt.line()


def test_a_later_burst_on_the_kiosk_wins_over_an_earlier_laptop_edit_and_the_teacher_is_told(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    service = _service(kiosk, new_badge_secret())
    sync_kiosk(laptop, "kioskA", timeout=5)
    center = _record(laptop.setup.records("centers"), "lego")
    laptop.setup.edit("centers", {**center, "seats": 2})
    kiosk.clock.advance(5)
    kiosk.mono.now += 5
    _seats_taps(kiosk, service, [3])  # one tap, after the laptop's edit
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(laptop.setup.records("centers"), "lego")["seats"] == 3
    assert receipt.lost_edits == [
        "Your edit of Lego Stories on this laptop (seats 2) was replaced by a later edit on Room kioskA – kiosk KIOS (seats 3)."
    ]
    assert sync_kiosk(laptop, "kioskA", timeout=5).lost_edits == [], "told once"


def test_a_kiosk_clock_at_2038_does_not_win_forever(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    service = _service(kiosk, new_badge_secret())
    kiosk.clock.reboot("boot-2038", wall=datetime(2038, 1, 19, tzinfo=UTC))
    _seats_taps(kiosk, service, [9])  # no anchor for this boot yet: stamped 2038
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(laptop.setup.records("centers"), "lego")["seats"] == 9
    center = _record(laptop.setup.records("centers"), "lego")
    laptop.setup.edit("centers", {**center, "seats": 4})  # the laptop's next edit follows the 2038 stamp
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(kiosk.centers(), "lego")["seats"] == 4
    assert datetime.fromisoformat(_record(kiosk.centers(), "lego")["edited_at"]) > datetime(2038, 1, 19, tzinfo=UTC)
