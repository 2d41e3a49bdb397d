"""The kiosk's "today" through the service, over real storage: clocks set right, power cuts, anchors, long days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.rules import Outcome
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import Method

REAL = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
AHEAD = datetime(2038, 3, 2, 9, 0, tzinfo=UTC)


def _kiosk(path, clock):
    return build_kiosk(path, clock=clock, speaker=SilentSpeaker())


def test_a_clock_set_right_and_then_a_power_cut_keep_the_morning(tmp_path) -> None:
    clock = ManualClock(AHEAD, boot_id="b1")
    kiosk = _kiosk(tmp_path / "k", clock)
    try:
        for child in ("c01", "c02", "c16", "c03"):
            assert kiosk.service.choose(child, "blocks", Method.TAP).decision.records
        clock.advance(600)
        clock.set_wall(REAL + timedelta(minutes=10))  # the network's time came back
        assert kiosk.service.seats_left("blocks") == 0, "the same boot: the monotonic clock places them"
        readings = kiosk.storage.config.get_meta("clock_readings")
        assert [r["boot_id"] for r in readings] == ["b1"], "one reading kept for the jump"
        kiosk.service.seats_left("blocks")
        assert kiosk.storage.config.get_meta("clock_readings") == readings, "no write without a new jump"
    finally:
        kiosk.close()
    clock.advance(60)
    clock.reboot("b2", wall=REAL + timedelta(minutes=12))  # a power cut; the Pi wakes with the right time
    again = _kiosk(tmp_path / "k", clock)
    try:
        assert [c.id for c in again.service.children_at("blocks")] == ["c01", "c02", "c16", "c03"]
        assert again.service.choose("c07", "blocks", Method.TAP).decision.outcome is Outcome.FULL
        assert again.service.switch_status("c01").wait_minutes == 0, "11 minutes since Ava chose, on the real clock"
        assert again.service.today() == "2026-11-25"
    finally:
        again.close()


def test_a_clock_far_from_this_boots_laptop_anchor_gives_way_to_it(tmp_path) -> None:
    clock = ManualClock(AHEAD, boot_id="b1")
    kiosk = _kiosk(tmp_path / "k", clock)
    try:
        assert kiosk.service.choose("c01", "blocks", Method.TAP).event.day == "2038-03-02"
        anchor = {"boot_id": "b1", "mono": clock.monotonic(), "wall": REAL.isoformat()}
        kiosk.storage.config.put_meta("sync_anchors", [anchor])  # a laptop at the real time synced
        clock.advance(1)  # the setup's anchors are read again at most once a second
        assert kiosk.service.today() == "2026-11-25"
        assert kiosk.service.placement_of("c01").center_id == "blocks", "Ava chose a moment ago"
        late = kiosk.service.choose("c02", "art", Method.TAP).event
        assert late.day == "2026-11-25" and late.wall.startswith("2038-03-02"), "stamped with the best day, its own wall"
    finally:
        kiosk.close()


def test_a_clock_a_few_minutes_from_the_laptops_keeps_its_own_time(tmp_path) -> None:
    clock = ManualClock(REAL, boot_id="b1")
    kiosk = _kiosk(tmp_path / "k", clock)
    try:
        anchor = {"boot_id": "b1", "mono": clock.monotonic(), "wall": (REAL - timedelta(minutes=3)).isoformat()}
        kiosk.storage.config.put_meta("sync_anchors", [anchor])
        clock.advance(1)
        assert kiosk.service.time.now().wall == REAL + timedelta(seconds=1)
    finally:
        kiosk.close()


def test_a_long_day_is_read_back_whole_after_a_restart(tmp_path) -> None:
    clock = ManualClock(REAL, boot_id="b1")
    kiosk = _kiosk(tmp_path / "k", clock)
    try:
        kiosk.service.choose("c01", "blocks", Method.TAP)
        clock.advance(24 * 3600)  # the next day, on the same boot
        for index in range(150):
            kiosk.service.teacher_move("c02", ("art", "writing")[index % 2])
            clock.advance(1)
    finally:
        kiosk.close()
    again = _kiosk(tmp_path / "k", clock)
    try:
        assert len(again.service.today_events()) == 150, "read back past the first stretch, not into yesterday"
        assert again.service.placement_of("c01") is None
    finally:
        again.close()


def test_a_choice_saved_just_as_the_clock_jumps_is_counted_once(tmp_path) -> None:
    clock = ManualClock(REAL, boot_id="b1")
    kiosk = _kiosk(tmp_path / "k", clock)
    log = kiosk.storage.events
    save = log.append

    def saved_then_the_clock_jumps(event: dict) -> None:
        save(event)
        clock.set_wall(AHEAD)  # between the save and the board hearing of it: the day is read again

    try:
        kiosk.service.choose("c01", "blocks", Method.TAP)
        log.append = saved_then_the_clock_jumps  # type: ignore[method-assign]
        kiosk.service.choose("c02", "blocks", Method.TAP)
        assert [e.child_id for e in kiosk.service.today_events()] == ["c01", "c02"]
        assert kiosk.service.seats_left("blocks") == 2
    finally:
        kiosk.close()
