"""Badges in the real app: a serial reader on a pty, keyboard bursts, the demo reader."""

from __future__ import annotations

import json

from kiosk.shared.assets import DEMO_CLASSROOM
from kiosk.shared.domain import Method
from tests.device.helpers import PtyDevice, rdm6300_frame
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, confirm_panel, open_teacher_mode, pick_child

AVA_BADGE = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]


def type_keys(kiosk: KioskDriver, text: str, gap: float = 0.0) -> None:
    """Keys as a keyboard reader (gap 0) or a person (gap 0.2 s) would type them."""
    for char in text:
        kiosk.window.dispatch("on_key_down", ord(char), 0, char, [])
        kiosk.window.dispatch("on_key_up", ord(char), 0)
        if gap:
            kiosk.pump(gap)
    kiosk.window.dispatch("on_key_down", 13, 0, None, [])
    kiosk.window.dispatch("on_key_up", 13, 0)
    kiosk.pump(0.05)


def test_serial_badge_scan_greets_the_child_and_two_touches_record(tmp_path, shots):
    device = PtyDevice()
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    classroom["settings"]["reader"] = {"kind": "serial", "port": device.path, "format": "rdm6300"}
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    kiosk.wait_until(lambda: kiosk.app.readers[0].online, timeout=10)
    device.write(rdm6300_frame(AVA_BADGE))
    kiosk.wait_until(lambda: kiosk.screen == "choose", timeout=5)
    assert kiosk.ids().greeting.text == "Hi Ava! Where will you play?"
    assert list(kiosk.services.speaker.said)[-1] == "Hi Ava! Where will you play?"
    kiosk.screenshot("badge-greeting", shots)
    kiosk.tap(center_card(kiosk, "Library"))
    kiosk.tap(confirm_panel(kiosk).ids.check)
    assert kiosk.screen == "done"
    event = kiosk.services.service.today_events()[-1]
    assert (event.child_id, event.center_id, event.method) == ("c01", "library", Method.BADGE)
    device.write(rdm6300_frame(AVA_BADGE))
    kiosk.pump(0.5)
    assert kiosk.screen == "done", "the same card within the 2 s gap is the same scan"
    kiosk.pump(2.0)
    device.write(rdm6300_frame(AVA_BADGE))
    kiosk.wait_until(lambda: kiosk.screen == "switch", timeout=5)
    device.unplug()
    kiosk.wait_until(lambda: not kiosk.app.reader_online, timeout=5)
    kiosk.app.go_home()
    assert "badge reader is offline" in kiosk.ids().notice.text


def test_unknown_badge_from_a_keyboard_reader_is_greeted_kindly(kiosk, shots):
    type_keys(kiosk, "99887766")
    assert kiosk.screen == "welcome"
    assert kiosk.current().unknown_badge
    assert kiosk.ids().title.text == "I don't know this badge yet. Find your picture!"
    assert list(kiosk.services.speaker.said)[-1] == "I don't know this badge yet. Find your picture!"
    kiosk.screenshot("badge-unknown", shots)
    assert kiosk.services.service.today_events() == []


def test_typing_at_human_speed_is_not_a_scan(kiosk):
    assert kiosk.services.service.badges.enrol("c02", "12345678") is None
    type_keys(kiosk, "12345678", gap=0.2)
    assert kiosk.screen == "welcome" and not kiosk.current().unknown_badge
    type_keys(kiosk, "12345678")
    assert kiosk.screen == "choose" and kiosk.current().child_id == "c02"


def test_the_demo_key_scans_the_next_demo_badge(kiosk):
    kiosk.window.dispatch("on_key_down", 283, 0, None, [])
    kiosk.pump(0.05)
    assert kiosk.screen == "choose" and kiosk.current().child_name == "Ava"


def test_teacher_badge_opens_teacher_mode_behind_the_pin(kiosk):
    kiosk.app._demo_reader.present("0B00C0FFEE")
    kiosk.pump(0.05)
    assert kiosk.screen == "pin" and kiosk.current().mode == "check"


def test_enrol_a_badge_and_refuse_one_that_belongs_to_another_child(kiosk, shots):
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_badges)
    from screens.pi.teacher import ChildChip

    def chip(first_name):
        return kiosk.find(teacher, lambda w: isinstance(w, ChildChip) and w.name.startswith(first_name + " "))

    kiosk.tap(chip("Ben"))
    assert teacher.tabs["badges"].badge_status == "Scan Ben's badge now."
    type_keys(kiosk, "4242424242")
    assert teacher.tabs["badges"].badge_status == "Badge added for Ben."
    assert kiosk.screen == "teacher", "a scan in teacher mode never starts a choice"
    kiosk.tap(chip("Mia"))
    type_keys(kiosk, "4242424242")
    assert teacher.tabs["badges"].badge_status == "This badge belongs to Ben. Remove it there first."
    kiosk.screenshot("teacher-badges", shots)
    kiosk.tap(teacher.ids.done)
    type_keys(kiosk, "4242424242")
    assert kiosk.screen == "choose" and kiosk.current().child_name == "Ben"


def test_reader_unplugged_tells_the_teacher_and_pictures_still_work(kiosk):
    kiosk.app._demo_reader.unplug()
    kiosk.pump(0.05)
    assert kiosk.ids().notice.text == "Teacher: the badge reader is offline."
    kiosk.app._demo_reader.plug_in()
    kiosk.pump(0.05)
    assert kiosk.ids().notice.text == ""


def test_the_teacher_can_let_the_teacher_badge_skip_the_pin(kiosk):
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_badges)
    toggle = teacher.tabs["badges"].ids.teacher_badge_pin
    assert toggle.text == "Teacher badge: PIN asked"
    kiosk.tap(toggle)
    assert toggle.text == "Teacher badge: no PIN asked"
    kiosk.tap(teacher.ids.done)
    kiosk.app._demo_reader.present("0B00C0FFEE")
    kiosk.pump(0.05)
    assert kiosk.screen == "teacher"


def test_bad_reader_settings_are_shown_to_the_teacher_and_pictures_work(tmp_path):
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    classroom["settings"]["reader"] = {"kind": "serial", "port": "/dev/ttyUSB0", "format": "wiegand"}
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    assert kiosk.ids().notice.text == "Teacher: the badge reader is not set up right."
    assert "Unknown frame format 'wiegand'" in kiosk.app.reader_detail
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "choose"


def test_the_teacher_removes_a_lost_badge(kiosk):
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_badges)
    from screens.pi.teacher import ChildChip

    ava = kiosk.find(teacher, lambda w: isinstance(w, ChildChip) and w.name.startswith("Ava "))
    kiosk.tap(ava)
    kiosk.tap(teacher.tabs["badges"].ids.remove_badges)
    assert teacher.tabs["badges"].badge_status == "Removed 1 badge from Ava."
    assert kiosk.services.service.badges.owner(AVA_BADGE).unknown
