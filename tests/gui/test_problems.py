"""Damaged files and failed saves reach the teacher; a child is never told "Have fun" falsely."""

from __future__ import annotations

import errno

from kiosk.shared.domain import Method
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, confirm_panel, open_teacher_mode, pick_child
from tests.pi.storage.storage_helpers import FaultyOps


def test_a_damaged_file_is_set_aside_and_the_teacher_is_told(tmp_path, shots):
    first = make_services(tmp_path / "data")
    first.service.choose("c01", "blocks", Method.TAP)
    first.close()
    events_dir = tmp_path / "data" / "events"
    segment = next(events_dir.glob("*.journal"))
    damaged = events_dir / "0000000900-2026-11-20.journal"
    damaged.write_bytes(b"\x00garbage\n" * 10)

    kiosk = KioskDriver(make_services(tmp_path / "data"))
    assert kiosk.screen == "welcome"
    assert kiosk.current().notice == "Teacher: some saved data needs a look (teacher mode)."
    assert not damaged.exists() and segment.exists()
    assert kiosk.services.service.placement_of("c01").center_id == "blocks", "the rest still loads"
    kiosk.screenshot("welcome-notice", shots)
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    assert "set aside" in teacher.tabs["kiosk"].problems
    kiosk.screenshot("teacher-kiosk-problem", shots)


def test_a_failed_save_asks_for_the_teacher_and_records_nothing(tmp_path, shots):
    faulty = FaultyOps()
    kiosk = KioskDriver(make_services(tmp_path / "data", ops=faulty))
    pick_child(kiosk, "Ava")
    kiosk.tap(center_card(kiosk, "Art"))
    faulty.arm("fsync", errno.ENOSPC, times=None)  # a full card: every fsync fails
    try:
        kiosk.tap(confirm_panel(kiosk).ids.check)
    finally:
        faulty.disarm()
    assert kiosk.screen == "done"
    assert kiosk.current().failed
    assert kiosk.ids().message.text == "Oops! That did not save. Please ask your teacher."
    kiosk.screenshot("done-failed", shots)
    assert kiosk.services.service.placement_of("c01") is None
    assert any("full" in p for p in kiosk.services.service.problems)
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    kiosk.tap(center_card(kiosk, "Art"))
    kiosk.tap(confirm_panel(kiosk).ids.check)
    assert kiosk.ids().message.text == "Have fun at Art!"
    assert [e.seq for e in kiosk.services.service.today_events()] == [1]
    kiosk.close()
