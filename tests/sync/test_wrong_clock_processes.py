"""A kiosk process whose clock says 1970 or 2038 (``faketime``, monotonic clock real) and a laptop at today's date.

This is a Pi without a clock battery after a power cut with no network: it must
record, pair and sync, and no choice may be lost, however far the retention date
seems to have passed by its own clock.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.laptop.review.choices import review_choices
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk
from tests.sync.events import records, typed

from .test_sync_kill import KIOSK_ID, KioskProcess

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime (Debian: faketime; .ci/run installs it)")


@pytest.mark.parametrize("fake", ["1970-01-02 09:00:00", "2038-03-02 09:00:00"])
def test_a_kiosk_with_a_wrong_clock_pairs_syncs_and_loses_no_choice(tmp_path: Path, fake: str) -> None:
    kiosk = KioskProcess(tmp_path / "kiosk", prefix=("faketime", fake))
    dump = tmp_path / "dump.json"
    try:
        kiosk.ask("now 3", "added")
        code = kiosk.ask("pair", "code")[0]
        with LaptopStore(tmp_path / "laptop") as laptop:
            pair_with_kiosk(laptop, kiosk.address, code, timeout=10)
            first = sync_kiosk(laptop, KIOSK_ID, timeout=10)
            assert (first.sent, first.received) == (3, 3) and first.agree
            assert first.clock_problem, "the laptop is told the kiosk's clock is wrong"
            # The retention date has long passed by a clock at 2038 and is far ahead of one at
            # 1970; by the laptop's date it has passed for yesterday's choices only.
            settings = laptop.setup.records("settings")[0]
            laptop.setup.edit("settings", {**settings, "retention_until": (date.today() - timedelta(days=1)).isoformat()})
            kiosk.ask("now 2", "added")
            second = sync_kiosk(laptop, KIOSK_ID, timeout=10)
            assert (second.sent, second.received) == (2, 2) and second.agree
            third = sync_kiosk(laptop, KIOSK_ID, timeout=10)
            assert (third.sent, third.received) == (0, 0)
            held = records(laptop.choices.events(KIOSK_ID))
            placed = review_choices(typed(held), {KIOSK_ID: laptop.paired.anchors(KIOSK_ID)})
            receipt = laptop.paired.get(KIOSK_ID)["last_receipt"]
        kiosk.ask(f"dump {dump}", "dumped")
        truth = json.loads(dump.read_text(encoding="utf-8"))
    finally:
        kiosk.close()
    assert len(truth["events"]) == 5, "the kiosk deleted nothing: every choice was made today"
    assert sorted(e["id"] for e in held) == sorted(e["id"] for e in truth["events"])
    assert {e["day"] for e in truth["events"]} == {fake[:10]}, "the kiosk filed them under its wrong day"
    assert {c.day for c in placed} == {date.today()}, "the laptop places every choice on the real day"
    assert all(c.clock_flag == "anchored" for c in placed)
    assert receipt["checkpoint"] == truth["last_seq"] == 5
    assert truth["receipts"][next(iter(truth["receipts"]))]["last_seq"] == 5
    assert datetime.fromisoformat(truth["events"][0]["wall"]).year == int(fake[:4])
