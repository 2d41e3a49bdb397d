"""Choice time in the real kiosk: the teacher opens and ends it in one touch each, Welcome says it is closed
in a picture and in words, a badge scan hears the same, teacher mode still places a child; a class that keeps
no choice time chooses as before."""

from __future__ import annotations

import json

from kiosk.shared.assets import DEMO_CLASSROOM
from kiosk.shared.domain import WHOLE_CLASS, ChoiceTimes, ChoiceTimeSlot, replace
from screens.pi.choice_time import CLOSED_WORDS
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import child_id, choose_by_touch, hold_child, open_teacher_mode

AVA_BADGE = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]


def _teacher_toggle(kiosk: KioskDriver):
    open_teacher_mode(kiosk)
    board = kiosk.current().tabs["board"]
    return board, board.ids.choice_time


def test_open_choose_end_closed_and_a_badge_refused(kiosk, shots):
    service = kiosk.services.service
    choose_by_touch(kiosk, "Ava", "Blocks")  # a class that never used choice time chooses as before
    assert kiosk.screen == "done"
    kiosk.app.go_home()
    _board, bar = _teacher_toggle(kiosk)
    assert bar.action == "Clean-up time: end choice time (everyone leaves their center)"
    kiosk.screenshot("teacher-choice-time-open", shots)
    kiosk.tap(bar.ids.toggle)  # one touch ends it
    assert not service.choice_time.is_open() and service.places() == {}
    assert bar.action == "Open choice time" and bar.status.startswith("Choice time ended at 09:00")
    ended = service.today_events()[-1]
    assert (ended.child_id, ended.choice_time) == (WHOLE_CLASS, "ended")
    from screens.pi.teacher import BoardBox, ChildChip

    teacher = kiosk.current()
    chips = [w for w in teacher.walk() if isinstance(w, ChildChip)]
    kiosk.tap(next(c for c in chips if c.name == "Ben"))  # the teacher can still place a child
    kiosk.tap(kiosk.find(teacher, lambda w: isinstance(w, BoardBox) and w.center_id == "library"))
    assert service.placement_of(child_id(kiosk, "Ben")).center_id == "library"
    kiosk.screenshot("teacher-choice-time-closed", shots)
    kiosk.tap(teacher.ids.done)
    assert kiosk.screen == "welcome"
    welcome = kiosk.current()
    assert welcome.closed_board.parent is welcome and welcome.ids.title.text == "Choice time is closed."
    assert welcome.closed_board.words == "Choice time is closed. Your teacher will open it."
    kiosk.screenshot("welcome-choice-time-closed", shots)
    hold_child(kiosk, "Mia")  # held until a ring would fill, under the board: no turn starts, the words are said
    assert kiosk.screen == "welcome" and list(kiosk.services.speaker.said)[-1] == CLOSED_WORDS
    kiosk.services.speaker.said.clear()
    kiosk.app.handle_scan(AVA_BADGE)  # Ava's badge, as every reader hands it over: the same sentence, no turn
    kiosk.pump(0.1)
    assert kiosk.screen == "welcome" and list(kiosk.services.speaker.said) == [CLOSED_WORDS]
    before = len(service.today_events())
    _board, bar = _teacher_toggle(kiosk)
    kiosk.tap(bar.ids.toggle)  # one touch opens it again
    assert service.choice_time.is_open() and bar.action.startswith("Clean-up time")
    kiosk.tap(kiosk.current().ids.done)
    assert kiosk.current().closed_board.parent is None
    choose_by_touch(kiosk, "Ava", "Art")
    assert kiosk.screen == "done" and len(service.today_events()) == before + 2  # opened, Ava's choice
    assert service.placement_of(child_id(kiosk, "Ben")).center_id == "library"  # placed while closed: still there


def test_the_timetable_ends_choice_time_in_the_middle_of_a_turn(tmp_path, shots):
    kiosk = KioskDriver(make_services(tmp_path / "data"))
    try:
        service = kiosk.services.service
        slot = ChoiceTimeSlot((0, 1, 2, 3, 4), "08:00", "09:05")  # the harness's clock: a Wednesday, 09:00
        service._setup.put_settings(replace(service.settings, choice_times=ChoiceTimes(True, (slot,))))
        kiosk.app.go_home()
        kiosk.advance(5.5)  # the app's next look records the opening that passed at 08:00
        assert service.choice_time.is_open() and kiosk.current().closed_board.parent is None
        from tests.gui.steps import pick_child

        pick_child(kiosk, "Ava")
        assert kiosk.screen == "choose"
        kiosk.services.clock.advance(6 * 60)  # 09:06: past the end
        kiosk.advance(5.5)
        assert kiosk.screen == "welcome" and not service.choice_time.is_open()
        assert service.today_events()[-1].choice_time == "ended"
        assert list(kiosk.services.speaker.said)[-1] == CLOSED_WORDS
    finally:
        kiosk.close()


def test_closed_in_spanish(tmp_path, shots):
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    classroom["settings"]["language"] = "es"
    classroom["settings"]["choice_times"] = {"kept": True, "timetable": []}
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    try:
        assert kiosk.screen == "welcome"
        welcome = kiosk.current()
        assert welcome.closed_board.words == "El tiempo de elección está cerrado. Tu maestra lo abrirá."
        assert welcome.ids.title.text == "El tiempo de elección está cerrado."
        kiosk.screenshot("welcome-choice-time-closed-es", shots)
        kiosk.app.reader_message = kiosk.services.tr("Teacher: the badge reader is offline.")
        welcome.notice = kiosk.services.tr("Teacher: some saved data needs a look (teacher mode).")
        kiosk.pump(0.3)
        notice = welcome.ids.notice  # both messages, in Spanish: wrapped onto a second line, never cut at the edge
        assert notice.texture_size[0] <= notice.width and notice.texture_size[1] > 1.5 * notice.font_size
    finally:
        kiosk.close()
