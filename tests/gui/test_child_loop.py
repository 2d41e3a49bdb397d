"""The child's choice loop in the real app, offscreen, driven by touches."""

from __future__ import annotations

import json
from datetime import timedelta

from kiosk.pi.visits import WelcomeVisit
from kiosk.shared.assets import DEMO_CLASSROOM
from kiosk.shared.domain import EventKind, Method
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import (
    center_card,
    center_id,
    child_id,
    child_tile,
    choose_by_touch,
    confirm_panel,
    hold_child,
    pick_child,
)


def test_pick_by_picture_in_three_taps_is_on_disk_before_have_fun(kiosk, shots):
    kiosk.screenshot("welcome", shots)
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "choose"
    assert kiosk.ids().greeting.text == "Hi Ava! Where will you play?"
    kiosk.screenshot("choose", shots)

    kiosk.tap(center_card(kiosk, "Mystery Plate"))
    assert list(kiosk.services.speaker.said)[-1] == "Mystery Plate. Practice ways to make 5 and 10."
    kiosk.screenshot("choose-confirm", shots)
    kiosk.tap(confirm_panel(kiosk).ids.check)

    assert kiosk.screen == "done"
    assert kiosk.ids().message.text == "Have fun at Mystery Plate!"
    kiosk.screenshot("done", shots)
    day = kiosk.services.service.today()
    events = kiosk.services.storage.events.events_on(day)
    assert [(e["child_id"], e["center_id"], e["kind"], e["method"]) for e in events] == [
        (child_id(kiosk, "Ava"), "mystery-plate", "chose", "tap")
    ]
    journal_text = "".join(p.read_text() for p in (kiosk.services.data_dir / "events").glob("*.journal"))
    assert events[0]["id"] in journal_text

    kiosk.wait_until(lambda: kiosk.screen == "welcome", timeout=6)
    from screens.pi.welcome import CenterGlance

    glance = kiosk.find(kiosk.current(), lambda w: isinstance(w, CenterGlance) and w.name == "Mystery Plate")
    assert (glance.seats, glance.taken) == (3, 1)


def test_full_center_looks_full_says_so_and_cannot_be_chosen(kiosk, shots):
    service = kiosk.services.service
    for name in ("Ben", "Mia"):
        service.choose(child_id(kiosk, name), "array-war", Method.TAP)
    kiosk.app.show(WelcomeVisit())
    pick_child(kiosk, "Ava")
    card = center_card(kiosk, "Array War")
    assert card.full and not center_card(kiosk, "Blocks").full
    assert len(card.faces) == 2
    kiosk.screenshot("choose-full", shots)
    kiosk.tap(card)
    assert confirm_panel(kiosk) is None
    assert list(kiosk.services.speaker.said)[-1] == "Array War is full. Pick another center."
    assert service.placement_of(child_id(kiosk, "Ava")) is None


def test_switching_waits_for_the_teachers_minutes_then_changes(kiosk, shots):
    ava = child_id(kiosk, "Ava")
    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "switch"
    switch = kiosk.current()
    assert switch.waiting and not switch.can_change
    assert "You can change in 10 min." in switch.message
    kiosk.screenshot("switch-wait", shots)
    kiosk.tap(kiosk.ids().stay)
    assert kiosk.screen == "done"

    kiosk.services.clock.advance(timedelta(minutes=10).total_seconds())
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    assert kiosk.current().can_change
    kiosk.screenshot("switch-change", shots)
    kiosk.tap(kiosk.ids().change)
    assert kiosk.screen == "choose"
    kiosk.tap(center_card(kiosk, "Art"))
    kiosk.tap(confirm_panel(kiosk).ids.check)
    assert kiosk.screen == "done"
    assert kiosk.services.service.placement_of(ava).center_id == "art"
    kinds = [e.kind for e in kiosk.services.service.today_events()]
    assert kinds == [EventKind.CHOSE, EventKind.CHOSE]


def test_walking_away_returns_to_welcome_and_records_nothing(tmp_path):
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    classroom["settings"]["idle_timeout_s"] = 1.5
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    pick_child(kiosk, "Leo")
    kiosk.tap(center_card(kiosk, "Library"))
    assert confirm_panel(kiosk) is not None
    kiosk.wait_until(lambda: kiosk.screen == "welcome", timeout=4)
    assert kiosk.services.service.today_events() == []
    assert kiosk.services.storage.events.last_seq() == 0


def test_back_from_choose_is_one_tap_and_records_nothing(kiosk):
    pick_child(kiosk, "Zoë")
    kiosk.tap(kiosk.ids().not_me)
    assert kiosk.screen == "welcome"
    assert kiosk.services.service.today_events() == []


def test_a_duplicated_touch_acts_once(kiosk):
    tile = child_tile(kiosk, "Ava")
    x, y = tile.to_window(*tile.center)
    hold_child(kiosk, "Ava")
    kiosk.touch_at(x, y)  # the Pi's duplicate of the press that filled the ring
    assert kiosk.screen == "choose"
    assert confirm_panel(kiosk) is None, "the second touch must not press the card beneath"
    kiosk.tap(center_card(kiosk, "Puzzles"))
    check = confirm_panel(kiosk).ids.check
    kiosk.pump(0.35)
    x, y = check.to_window(*check.center)
    kiosk.touch_at(x, y)
    kiosk.touch_at(x, y)
    assert len(kiosk.services.service.today_events()) == 1
    assert center_id(kiosk, "Puzzles") == kiosk.services.service.today_events()[0].center_id


def test_when_switching_is_off_a_child_with_a_center_can_only_stay(tmp_path, shots):
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    classroom["settings"]["switching"] = {"allowed": False, "min_minutes": 0}
    path = tmp_path / "class.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    pick_child(kiosk, "Ava")
    switch = kiosk.current()
    assert kiosk.screen == "switch" and not switch.can_change and not switch.waiting
    assert switch.message == "Ava, you are at Blocks today."
    kiosk.screenshot("switch-stay", shots)
    kiosk.tap(kiosk.ids().change)
    assert kiosk.screen == "switch", "the hidden change button does nothing"
    kiosk.tap(kiosk.ids().stay)
    assert kiosk.screen == "done"
    assert len(kiosk.services.service.today_events()) == 1
