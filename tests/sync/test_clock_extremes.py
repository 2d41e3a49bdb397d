"""A kiosk whose clock says 1970 or 2038 after a power cut: nothing lost, nothing misfiled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import Method
from kiosk.shared.sync.clock_fix import ClockAnchor, check_clock, correct_walls
from tests.sync.events import typed

REAL = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("wrong", [datetime(1970, 1, 1, tzinfo=UTC), datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC)])
def test_choices_under_a_wrong_clock_are_kept_and_corrected_from_the_boot(tmp_path, wrong):
    clock = ManualClock(REAL, boot_id="boot-1")
    kiosk = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    kiosk.service.choose("c01", "blocks", Method.TAP)
    clock.reboot("boot-2", wall=wrong)
    last_wall = list(kiosk.storage.events.since(0))[-1]["wall"]
    problem = check_clock(clock.now().isoformat(), last_event_wall=last_wall, laptop_wall=REAL.isoformat())
    assert problem is not None, "a clock behind the last choice, or far from the laptop's, is noticed"
    clock.advance(30)
    late = kiosk.service.choose("c02", "art", Method.TAP).event
    assert late.day == wrong.date().isoformat() and late.seq == 2 and late.boot_id == "boot-2"
    kiosk.close()

    again = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    events = list(again.storage.events.since(0))
    assert [e["seq"] for e in events] == [1, 2], "nothing lost across the segment of the wrong day"
    true_now = REAL + timedelta(hours=1)
    anchor = ClockAnchor(boot_id="boot-2", mono=clock.monotonic(), wall=true_now.isoformat())
    fixed = {c.event_id: c for c in correct_walls(typed(events), [anchor])}
    corrected = fixed[late.id]
    assert corrected.flag == "anchored"
    assert datetime.fromisoformat(corrected.wall) == true_now - timedelta(seconds=clock.monotonic() - late.mono)
    assert fixed[events[0]["id"]].wall is not None
    again.close()


def test_a_wrong_clock_without_an_anchor_is_flagged_not_filed(tmp_path):
    clock = ManualClock(REAL, boot_id="boot-1")
    kiosk = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    kiosk.service.choose("c01", "blocks", Method.TAP)
    clock.reboot("boot-2", wall=datetime(1970, 1, 1, tzinfo=UTC))
    kiosk.service.choose("c02", "art", Method.TAP)
    events = list(kiosk.storage.events.since(0))
    flags = {c.event_id: (c.flag, c.wall) for c in correct_walls(typed(events), [])}
    assert flags[events[1]["id"]] == ("clock_suspect", None)
    kiosk.close()
