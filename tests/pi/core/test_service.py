"""The kiosk service over real storage in a temp dir, with a manual clock."""

from __future__ import annotations

import errno
from datetime import UTC, datetime

import pytest

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.rules import Outcome
from kiosk.pi.speech import SilentSpeaker
from kiosk.pi.storage import KioskStorage, StorageError
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import EventKind, Method
from tests.pi.storage.storage_helpers import FaultyOps

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def kiosk(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    yield services
    services.close()


def test_new_kiosk_starts_on_the_demo_class_with_the_demo_pin(kiosk):
    service = kiosk.service
    assert len(service.children()) == 20 and len(service.open_centers()) == 8
    assert service.edits.has_pin() and service.pin_gate.attempt("1234").ok
    assert len(service.kiosk_id) == 32


def test_choice_is_recorded_with_everything_sync_will_need(kiosk):
    service = kiosk.service
    result = service.choose("c01", "blocks", Method.TAP)
    assert result.decision.outcome is Outcome.RECORD
    event = result.event
    assert (event.seq, event.child_id, event.center_id, event.kind, event.method) == (
        1,
        "c01",
        "blocks",
        EventKind.CHOSE,
        Method.TAP,
    )
    assert event.kiosk_id == service.kiosk_id and event.day == "2026-11-25"
    assert event.boot_id == "boot-test" and event.mono == 1000.0
    assert event.wall.startswith("2026-11-25T09:00:00")
    assert service.seats_left("blocks") == 3
    assert [c.id for c in service.children_at("blocks")] == ["c01"]


def test_choices_survive_a_restart_and_sequence_numbers_continue(tmp_path):
    clock = ManualClock(START)
    first = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    first.service.choose("c01", "blocks", Method.TAP)
    first.service.choose("c02", "art", Method.TAP)
    kiosk_id = first.service.kiosk_id
    first.close()
    again = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    assert again.service.kiosk_id == kiosk_id
    assert again.service.placement_of("c02").center_id == "art"
    assert again.service.choose("c03", "art", Method.TAP).event.seq == 3
    again.close()


def test_a_new_day_starts_with_everyone_free(kiosk):
    kiosk.service.choose("c01", "blocks", Method.TAP)
    kiosk.clock.advance(24 * 3600)
    assert kiosk.service.places() == {}
    assert kiosk.service.choose("c01", "blocks", Method.TAP).event.day == "2026-11-26"


def test_double_confirm_records_once(kiosk):
    kiosk.service.choose("c01", "blocks", Method.TAP)
    again = kiosk.service.choose("c01", "blocks", Method.TAP)
    assert again.decision.outcome is Outcome.ALREADY_THERE and again.event is None
    assert len(kiosk.service.today_events()) == 1


def test_switch_after_the_minimum_minutes(kiosk):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    early = service.choose("c01", "art", Method.TAP)
    assert early.decision.outcome is Outcome.SWITCH_TOO_SOON and early.decision.wait_minutes == 10
    kiosk.clock.advance(599)
    assert service.switch_status("c01").wait_minutes == 1
    kiosk.clock.advance(1)
    assert service.choose("c01", "art", Method.TAP).decision.records
    assert service.placement_of("c01").center_id == "art"


def test_after_a_reboot_the_switch_wait_uses_the_wall_clock(kiosk):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    kiosk.clock.reboot("boot-2")
    kiosk.clock.advance(120)
    assert service.switch_status("c01").wait_minutes == 8


def test_teacher_move_undo_and_send_to_no_center(kiosk):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    move = service.teacher_move("c01", "art")
    assert move.kind is EventKind.MOVED and move.method is Method.TEACHER
    assert service.placement_of("c01").center_id == "art"
    undo = service.teacher_undo("c01")
    assert undo.kind is EventKind.UNDONE and undo.ref == move.id
    assert service.placement_of("c01").center_id == "blocks"
    service.teacher_move("c01", None)
    assert service.placement_of("c01") is None
    assert service.teacher_undo("c09") is None


def test_center_settings_persist(tmp_path):
    clock = ManualClock(START)
    first = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    first.service.edits.set_center_open("art", False)
    first.service.edits.set_seats("blocks", 6)
    with pytest.raises(ValueError, match="1 to 30 seats"):
        first.service.edits.set_seats("blocks", 0)
    first.close()
    again = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    assert not again.service.center("art").open_today
    assert again.service.center("blocks").seats == 6
    assert again.service.choose("c01", "art", Method.TAP).decision.outcome is Outcome.CLOSED
    again.close()


def test_pin_change_is_checked_and_stored_hashed(kiosk):
    service = kiosk.service
    assert service.edits.set_pin("12") == "The PIN must have 4 to 8 digits."
    assert service.edits.set_pin("97531") is None
    stored = kiosk.storage.config.get_settings()["pin_hash"]
    assert stored.startswith("scrypt$") and "97531" not in stored
    assert service.pin_gate.attempt("97531").ok


def test_unknown_child_is_refused_and_nothing_written(kiosk):
    with pytest.raises(KeyError):
        kiosk.service.teacher_move("nobody", "art")
    assert kiosk.storage.events.last_seq() == 0


def test_a_failed_write_is_not_confirmed_and_not_remembered(tmp_path):
    faulty = FaultyOps()
    kiosk = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker(), ops=faulty)
    try:
        faulty.arm("fsync", errno.ENOSPC, times=None)  # a full card: every fsync fails
        with pytest.raises(StorageError):
            kiosk.service.choose("c01", "blocks", Method.TAP)
        faulty.disarm()
        assert kiosk.service.placement_of("c01") is None
        assert kiosk.service.choose("c01", "blocks", Method.TAP).event.seq == 1
    finally:
        kiosk.close()


def test_data_dir_is_private(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    services.service.choose("c01", "blocks", Method.TAP)
    for path in [tmp_path / "data", *(tmp_path / "data").rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
    services.close()
    assert isinstance(services.storage, KioskStorage)


def test_a_clock_that_restarted_in_the_past_is_shown_to_the_teacher(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    services.service.choose("c01", "blocks", Method.TAP)
    assert services.service.problems == []
    services.close()
    power_cut = ManualClock(datetime(1970, 1, 1, 0, 5, tzinfo=UTC))
    services = build_kiosk(tmp_path / "data", clock=power_cut, speaker=SilentSpeaker())
    try:
        services.service.choose("c02", "blocks", Method.TAP)  # a new choice does not hide the problem
        assert any("earlier than its last recorded choice" in p for p in services.service.problems)
    finally:
        services.close()


def test_the_teacher_turns_reflection_and_switching_on_and_off_and_it_stays(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    services.service.edits.set_reflection(True)
    services.service.edits.set_switching(False)
    services.close()
    again = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    try:
        settings = again.service.settings
        assert settings.reflection is True and settings.switching.allowed is False
        assert settings.switching.min_minutes == 10 and again.service.edits.has_pin()
    finally:
        again.close()


def test_a_clock_before_this_software_existed_is_shown_from_the_first_start(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(datetime(1970, 1, 2, 9, tzinfo=UTC)), speaker=SilentSpeaker())
    try:
        assert any("says 1970-01-02, before this software existed" in p for p in services.service.problems)
        services.service.choose("c01", "blocks", Method.TAP)  # choosing still works: the choice is kept
        assert len(list(services.storage.events.since(0))) == 1
    finally:
        services.close()
    fine = build_kiosk(tmp_path / "other", clock=ManualClock(START), speaker=SilentSpeaker())
    try:
        assert fine.service.problems == []
    finally:
        fine.close()


def test_a_reload_tells_every_listener(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    heard = []
    try:
        services.service.on_change(lambda: heard.append(services.service.center("blocks").seats))
        blocks = next(c for c in services.storage.config.get_centers() if c["id"] == "blocks")
        services.storage.config.put_center({**blocks, "seats": 9})  # as a sync saves it
        services.service.reload_config()
        assert heard == [9]
    finally:
        services.close()
