"""The kiosk's list of paired laptops and their replay counters, over a real setup file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.pi.storage import KioskStorage
from kiosk.pi.sync.paired_laptops import PairedLaptops
from kiosk.shared.clock import ManualClock


def _paired(path: Path) -> tuple[KioskStorage, PairedLaptops]:
    storage = KioskStorage.open(path)
    return storage, PairedLaptops(storage.config, ManualClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)))


def test_a_pairing_is_kept_on_the_card_and_found_by_its_fingerprint(tmp_path: Path):
    storage, paired = _paired(tmp_path)
    paired.add("lap-1", "Ms Rivera's laptop", "PEM", "ab" * 32, b"k" * 32)
    storage.close()
    storage, paired = _paired(tmp_path)
    assert paired.by_fingerprint("ab" * 32) == ("lap-1", paired.all()["lap-1"])
    assert paired.all()["lap-1"]["paired_at"] == "2026-12-01T09:00:00+00:00"
    assert paired.by_fingerprint("cd" * 32) is None
    storage.close()


def test_a_counter_is_accepted_once_and_only_upwards(tmp_path: Path):
    storage, paired = _paired(tmp_path)
    assert [paired.accept_counter("lap-1", n) for n in (5, 5, 4, 6)] == [True, False, False, True]
    assert paired.last_counter("lap-1") == 6 and paired.last_counter("lap-2") == 0
    storage.close()


def test_unpairing_forgets_the_laptop_and_says_whether_it_was_there(tmp_path: Path):
    storage, paired = _paired(tmp_path)
    paired.add("lap-1", "L", "PEM", "ab" * 32, b"k" * 32)
    assert (paired.remove("lap-1"), paired.remove("lap-1")) == (True, False)
    assert paired.all() == {}
    storage.close()
