"""The three-face reflection in the real app, offscreen, driven by touches."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from kiosk.shared.assets import DEMO_CLASSROOM
from kiosk.shared.domain import Method
from kiosk.shared.files.durable_io import FileOps
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, child_id, choose_by_touch, confirm_panel, pick_child
from tests.pi.storage.storage_helpers import FaultyOps

PI_7_INCH_PX_PER_CM = 800 / 15.5
AVA_BADGE = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]


def reflecting_kiosk(data_dir: Path, on: bool = True, ops: FileOps | None = None, **settings: object) -> KioskDriver:
    """The demo kiosk whose class settings (as a laptop sync stores them) turn reflection on or off."""
    services = make_services(data_dir, ops=ops)
    config = services.storage.config
    config.put_settings({**(config.get_settings() or {}), "reflection": on, **settings})
    services.service.reload_config()
    return KioskDriver(services)


@pytest.fixture
def kiosk(tmp_path):
    driver = reflecting_kiosk(tmp_path / "data")
    yield driver
    driver.close()


def reflections(kiosk: KioskDriver) -> list[dict]:
    day = kiosk.services.service.today()
    return [e for e in kiosk.services.storage.events.events_on(day) if e["kind"] == "reflected"]


def test_a_child_back_at_the_kiosk_taps_a_face_and_goes_on_to_switch(kiosk, shots):
    ava = child_id(kiosk, "Ava")
    choose_by_touch(kiosk, "Ava", "Blocks")
    assert kiosk.screen == "done"
    placed = kiosk.services.service.placement_of(ava).event
    kiosk.app.go_home()

    pick_child(kiosk, "Ava")
    assert kiosk.screen == "reflect"
    screen = kiosk.current()
    assert screen.ids.question.text == "How was Blocks?"
    assert list(kiosk.services.speaker.said)[-1] == "How was Blocks?"
    assert screen.child_picture.endswith(kiosk.services.service.child(ava).picture)
    assert screen.center_picture.endswith("centers/blocks.png")
    for name in ("happy", "okay", "sad", "skip"):
        target = screen.ids[name]
        assert min(target.width, target.height) >= 1.0 * PI_7_INCH_PX_PER_CM, name
        assert target.x >= 0 and target.y >= 0 and target.right <= 800 and target.top <= 480, name
    for name in ("happy", "okay", "sad"):
        assert min(screen.ids[name].size) >= 2.5 * PI_7_INCH_PX_PER_CM, "faces are big"
    question = screen.ids.question
    assert question.texture_size[1] <= question.height, "the question fits on its line"
    kiosk.screenshot("reflect", shots)

    kiosk.tap(screen.ids.speaker)
    assert list(kiosk.services.speaker.said)[-1] == "How was Blocks?"
    kiosk.tap(screen.ids.happy)
    assert kiosk.screen == "switch", "on to where the child was going"
    assert kiosk.current().center_id == "blocks"
    [felt] = reflections(kiosk)
    assert (felt["child_id"], felt["center_id"], felt["feeling"], felt["ref"], felt["method"]) == (
        ava,
        "blocks",
        "happy",
        placed.id,
        "tap",
    )
    assert kiosk.services.service.placement_of(ava).event == placed

    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "switch", "one reflection per stay"


def test_skip_goes_on_and_records_nothing(kiosk):
    choose_by_touch(kiosk, "Mia", "Mystery Plate")
    kiosk.app.go_home()
    pick_child(kiosk, "Mia")
    assert kiosk.screen == "reflect"
    question = kiosk.ids().question
    kiosk.pump(0.1)
    assert question.text == "How was Mystery Plate?" and question.texture_size[1] <= question.height
    kiosk.tap(kiosk.ids().skip)
    assert kiosk.screen == "switch"
    assert reflections(kiosk) == []
    assert len(kiosk.services.service.today_events()) == 1


def test_a_badge_scan_asks_too_and_the_face_is_recorded_as_badge(kiosk):
    choose_by_touch(kiosk, "Ava", "Library")
    kiosk.app.go_home()
    kiosk.app.handle_scan(AVA_BADGE)
    assert kiosk.screen == "reflect"
    kiosk.tap(kiosk.ids().sad)
    assert kiosk.screen == "switch"
    [felt] = reflections(kiosk)
    assert (felt["feeling"], felt["method"], felt["center_id"]) == ("sad", Method.BADGE.value, "library")


def test_after_a_switch_the_new_center_is_asked_about(kiosk):
    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.services.clock.advance(600)
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    kiosk.tap(kiosk.ids().okay)
    assert kiosk.screen == "switch" and kiosk.current().can_change
    kiosk.tap(kiosk.ids().change)
    kiosk.tap(center_card(kiosk, "Art"))
    kiosk.tap(confirm_panel(kiosk).ids.check)
    assert kiosk.screen == "done"
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "reflect"
    assert kiosk.ids().question.text == "How was Art?"
    assert [(e["center_id"], e["feeling"]) for e in reflections(kiosk)] == [("blocks", "okay")]


def test_a_failed_save_asks_for_the_teacher_and_is_never_confirmed(tmp_path):
    faulty = FaultyOps()
    kiosk = reflecting_kiosk(tmp_path / "data", ops=faulty)
    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    faulty.arm("fsync", errno.ENOSPC, times=None)  # a full card: every fsync fails
    try:
        kiosk.tap(kiosk.ids().happy)
    finally:
        faulty.disarm()
    assert kiosk.screen == "done" and kiosk.current().failed
    assert kiosk.ids().message.text == "Oops! That did not save. Please ask your teacher."
    assert reflections(kiosk) == []
    assert kiosk.services.service.reflection_due(child_id(kiosk, "Ava")) == "blocks"
    kiosk.close()


def test_walking_away_from_the_faces_returns_to_welcome_and_records_nothing(tmp_path):
    kiosk = reflecting_kiosk(tmp_path / "data", idle_timeout_s=1.5)
    choose_by_touch(kiosk, "Leo", "Puzzles")
    kiosk.app.go_home()
    pick_child(kiosk, "Leo")
    assert kiosk.screen == "reflect"
    kiosk.wait_until(lambda: kiosk.screen == "welcome", timeout=4)
    assert reflections(kiosk) == []


def test_with_reflection_off_the_faces_never_appear(tmp_path):
    kiosk = reflecting_kiosk(tmp_path / "data", on=False)
    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "switch"
    kiosk.services.clock.advance(600)
    kiosk.app.go_home()
    kiosk.app.handle_scan(AVA_BADGE)
    assert kiosk.screen == "switch"
    assert reflections(kiosk) == []


def test_the_teacher_turns_reflection_on_and_switching_off_at_the_kiosk(tmp_path, shots):
    from tests.gui.steps import open_teacher_mode

    kiosk = reflecting_kiosk(tmp_path / "data", on=False)
    try:
        choose_by_touch(kiosk, "Ava", "Blocks")
        kiosk.app.go_home()
        open_teacher_mode(kiosk)
        teacher = kiosk.current()
        kiosk.tap(teacher.ids.tab_kiosk)
        tab = teacher.tabs["kiosk"]
        assert tab.ids.reflection.text == "Reflection: off" and tab.ids.switching.text == "Switching: after 10 min"
        kiosk.tap(tab.ids.reflection)
        kiosk.tap(tab.ids.switching)
        assert tab.ids.reflection.text == "Reflection: on" and tab.ids.switching.text == "Switching: not allowed"
        kiosk.screenshot("teacher-kiosk-settings", shots)
        stored = kiosk.services.storage.config.get_settings()
        assert stored["reflection"] is True and stored["switching"]["allowed"] is False
        kiosk.app.go_home()
        pick_child(kiosk, "Ava")
        assert kiosk.screen == "reflect"
    finally:
        kiosk.close()
