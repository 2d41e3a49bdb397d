"""Teacher mode in the real app: the PIN, the live board, centers today, first run."""

from __future__ import annotations

import json

from kiosk.shared.assets import DEMO_CLASSROOM
from kiosk.shared.domain import EventKind, Method
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import child_id, choose_by_touch, open_teacher_mode, pick_child, type_pin


def test_wrong_pin_is_refused_then_the_right_one_opens_teacher_mode(kiosk, shots):
    kiosk.tap(kiosk.ids().corner, hold=0.3)
    assert kiosk.screen == "welcome", "a short touch on the corner does nothing"
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    assert kiosk.screen == "pin"
    type_pin(kiosk, "9999")
    assert kiosk.screen == "pin"
    assert kiosk.ids().message.text == "Wrong PIN. Try again."
    kiosk.screenshot("pin-wrong", shots)
    type_pin(kiosk, "1234")
    assert kiosk.screen == "teacher"


def test_repeated_wrong_pins_close_the_keypad_with_a_countdown_until_the_wait_is_over(kiosk, shots):
    clock = kiosk.services.clock
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    for _ in range(3):
        type_pin(kiosk, "0000")
    screen = kiosk.current()
    assert screen.closed and kiosk.ids().keypad.disabled
    assert kiosk.ids().message.text == "Wrong PIN. Wait 5 s before trying again."
    kiosk.screenshot("pin-wait", shots)
    type_pin(kiosk, "1234")
    assert kiosk.screen == "pin" and screen.entered == "", "no digit goes into a try that could only be refused"
    clock.advance(2.2)
    kiosk.advance(0.3)
    assert kiosk.ids().message.text == "Wrong PIN. Wait 3 s before trying again.", "the seconds count down"
    clock.advance(3)
    kiosk.advance(0.3)
    assert not screen.closed and not kiosk.ids().keypad.disabled
    assert kiosk.ids().message.text == "Type the PIN again."
    type_pin(kiosk, "1234")
    assert kiosk.screen == "teacher"


def test_the_keypad_is_still_closed_when_the_teacher_comes_back_during_the_wait(kiosk):
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    for _ in range(4):
        if kiosk.current().closed:
            kiosk.services.clock.advance(10)
            kiosk.advance(0.3)
        type_pin(kiosk, "0000")
    kiosk.tap(kiosk.ids().cancel)
    assert kiosk.screen == "welcome"
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    assert kiosk.current().closed and "Wait 10 s" in kiosk.ids().message.text


def test_the_last_try_s_message_goes_at_the_first_key_of_the_next(kiosk):
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    type_pin(kiosk, "9999")
    assert kiosk.ids().message.text == "Wrong PIN. Try again."
    keys = {w.text: w for w in kiosk.ids().keypad.children}
    kiosk.tap(keys["1"], settle=0.32)
    assert kiosk.ids().message.text == ""
    for digit in "234":
        kiosk.tap(keys[digit], settle=0.32)
    kiosk.tap(keys["OK"], settle=0.32)
    assert kiosk.screen == "teacher"


def test_teacher_moves_a_child_and_undoes_a_wrong_choice(kiosk, shots):
    ava, ben = child_id(kiosk, "Ava"), child_id(kiosk, "Ben")
    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    choose_by_touch(kiosk, "Ben", "Library")
    kiosk.app.go_home()
    open_teacher_mode(kiosk)
    assert kiosk.screen == "teacher"
    teacher = kiosk.current()
    from screens.pi.teacher import BoardBox, ChildChip

    def chip(name):
        return kiosk.find(teacher, lambda w: isinstance(w, ChildChip) and w.name == name)

    def box(center):
        return kiosk.find(teacher, lambda w: isinstance(w, BoardBox) and w.center_id == center)

    assert [c.name for c in box("blocks").ids.chips.children] == ["Ava"]
    kiosk.screenshot("teacher-board", shots)

    kiosk.tap(chip("Ava"))
    assert teacher.tabs["board"].selected_child == ava
    kiosk.tap(box("art"))
    service = kiosk.services.service
    assert service.placement_of(ava).center_id == "art"
    assert service.today_events()[-1].kind is EventKind.MOVED
    assert service.today_events()[-1].method is Method.TEACHER
    assert teacher.tabs["board"].status == "Ava moved to Art."

    kiosk.tap(chip("Ben"))
    kiosk.tap(teacher.tabs["board"].ids.undo)
    assert service.placement_of(ben) is None
    assert teacher.tabs["board"].status == "Undid Ben's last choice."
    kiosk.screenshot("teacher-board-after", shots)

    kiosk.tap(chip("Ava"))
    kiosk.tap(teacher.tabs["board"].ids.undo)
    assert service.placement_of(ava).center_id == "blocks", "undoing the move puts Ava back"


def test_teacher_closes_a_center_and_changes_seats(kiosk, shots):
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_centers)
    from screens.pi.teacher import CenterRow

    row = kiosk.find(teacher, lambda w: isinstance(w, CenterRow) and w.center_id == "art")
    buttons = [w for w in row.children if hasattr(w, "text")]
    toggle = next(b for b in buttons if b.text == "Open today")
    plus = next(b for b in buttons if b.text == "+")
    kiosk.tap(plus)
    kiosk.screenshot("teacher-centers", shots)
    row = kiosk.find(teacher, lambda w: isinstance(w, CenterRow) and w.center_id == "art")
    toggle = next(b for b in row.children if getattr(b, "text", "") == "Open today")
    kiosk.tap(toggle)
    service = kiosk.services.service
    assert service.center("art").seats == 5
    assert not service.center("art").open_today
    assert "art" not in [c.id for c in service.open_centers()]
    kiosk.tap(teacher.ids.tab_kiosk)
    kiosk.screenshot("teacher-kiosk", shots)
    kiosk.tap(teacher.ids.done)
    assert kiosk.screen == "welcome"
    pick_child(kiosk, "Ava")
    from screens.pi.choose import CenterCard

    names = [w.name for w in kiosk.current().walk() if isinstance(w, CenterCard)]
    assert "Art" not in names and len(names) == 7


def test_first_start_of_a_real_class_asks_the_teacher_for_a_pin(tmp_path, shots):
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    del classroom["teacher_pin"]
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    assert kiosk.screen == "pin" and kiosk.current().mode == "set"
    kiosk.screenshot("first-start-pin", shots)
    type_pin(kiosk, "12")
    assert kiosk.ids().message.text == "The PIN must have 4 to 8 digits."
    type_pin(kiosk, "2468")
    assert kiosk.current().title == "Type the same PIN again"
    type_pin(kiosk, "2469")
    assert kiosk.ids().message.text == "The two PINs were different. Start again."
    type_pin(kiosk, "2468")
    type_pin(kiosk, "2468")
    assert kiosk.screen == "teacher"
    assert kiosk.services.service.pin_gate.attempt("2468").ok


def test_exit_asks_close_the_kiosk_first_then_stops_the_app_and_releases_the_data(kiosk, shots):
    from kiosk.pi.storage import KioskStorage

    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    tab = teacher.tabs["kiosk"]
    kiosk.tap(tab.ids.exit)
    assert tab.question is not None and kiosk.app.root in kiosk.window.children, "Exit asks first"
    kiosk.screenshot("teacher-exit-question", shots)
    kiosk.tap(tab.question.ids.keep)
    assert tab.question is None and kiosk.screen == "teacher" and kiosk.app.root in kiosk.window.children
    kiosk.tap(tab.ids.exit)
    outside = (kiosk.window.width * 0.05, kiosk.window.height * 0.05)
    kiosk.touch_at(*outside)
    assert tab.question is not None, "a touch beside the question neither closes it nor reaches the tab"
    kiosk.tap(tab.question.ids.close)
    assert kiosk.app.root not in kiosk.window.children, "the kiosk's screens are gone"
    reopened = KioskStorage.open(kiosk.services.data_dir)
    reopened.close()


def test_the_teacher_changes_the_pin_from_kiosk_mode(kiosk):
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    kiosk.tap(teacher.tabs["kiosk"].ids.change_pin)
    assert kiosk.screen == "pin" and kiosk.current().mode == "set"
    type_pin(kiosk, "5555")
    type_pin(kiosk, "5555")
    assert kiosk.screen == "teacher"
    assert kiosk.services.service.pin_gate.attempt("5555").ok
    assert not kiosk.services.service.pin_gate.attempt("1234").ok


def test_selecting_a_child_on_the_board_moves_nothing_under_the_teachers_finger(kiosk):
    from screens.pi.teacher import BoardBox, ChildChip

    service = kiosk.services.service
    for name, center in (("Ava", "blocks"), ("Ben", "blocks"), ("Leo", "art")):
        service.choose(child_id(kiosk, name), center, Method.TAP)
    open_teacher_mode(kiosk)
    teacher = kiosk.current()

    def where() -> dict[str, tuple[float, float]]:
        kiosk.pump(0.05)
        places = {w.child_id: tuple(w.to_window(*w.pos)) for w in teacher.walk() if isinstance(w, ChildChip)}
        places.update({f"box {w.center_id}": tuple(w.to_window(*w.pos)) for w in teacher.walk() if isinstance(w, BoardBox)})
        return places

    before = where()
    for name in ("Mia", "Ava", "Ava"):  # select a waiting child, a placed one, then let go
        kiosk.tap(kiosk.find(teacher, lambda w, name=name: isinstance(w, ChildChip) and w.name == name))
        assert where() == before, f"selecting {name} moved the board"


def test_seats_below_the_children_present_are_kept_and_said_and_nobody_moves(kiosk, shots):
    from screens.pi.teacher import BoardBox, CenterRow

    service = kiosk.services.service
    here = [child_id(kiosk, name) for name in ("Ava", "Ben", "Leo")]
    for kid in here:
        service.choose(kid, "blocks", Method.TAP)
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_centers)

    def minus():  # the row is made again after each change
        row = kiosk.find(teacher, lambda w: isinstance(w, CenterRow) and w.center_id == "blocks")
        return next(w for w in row.children if getattr(w, "text", None) == "−")

    kiosk.tap(minus())
    tab = teacher.tabs["centers"]
    assert service.center("blocks").seats == 3 and tab.status == "", "3 seats for 3 children: nothing to say"
    kiosk.tap(minus())
    kiosk.tap(minus())
    assert service.center("blocks").seats == 1
    assert tab.status == "3 children are at Blocks; seats now 1: nobody is moved."
    assert tab.ids.status.text == tab.status
    kiosk.screenshot("teacher-centers-seats-below", shots)
    assert [service.placement_of(kid).center_id for kid in here] == ["blocks"] * 3
    kiosk.tap(teacher.ids.tab_board)
    box = kiosk.find(teacher, lambda w: isinstance(w, BoardBox) and w.center_id == "blocks")
    assert box.title == "Blocks  3/1"
