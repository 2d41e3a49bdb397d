"""A sync changes the child or the center on screen, on every screen: nothing crashes, the screen makes sense.

A real laptop folder, paired over TLS, edits the class (delete, rename or re-picture
the child on screen; close or delete the center on screen) and syncs while each
screen is up: Welcome (with the child's picture half held), Choose, the confirm panel,
Done, Reflect, Switch and teacher mode's board, centers and badges tabs. Then the
finger finishes what it was doing. No exception and no error is logged; each screen
goes where it should and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.pi.touch import HOLD_S
from kiosk.shared.domain import Method
from tests.gui.harness import KioskDriver
from tests.gui.steps import (
    center_card,
    center_id,
    child_id,
    child_tile,
    confirm_panel,
    open_teacher_mode,
    pick_child,
)
from tests.gui.test_class_changes import Laptop

CHANGES = ("delete-child", "rename-child", "repicture-child", "close-center", "delete-center")
SUBJECTS = {  # the child and the center on screen for each change: each change its own, so none is undone
    "delete-child": ("Ava", "Art"),
    "rename-child": ("Leo", "Art"),
    "repicture-child": ("Mia", "Art"),
    "close-center": ("Noah", "Blocks"),
    "delete-center": ("Kai", "Library"),
}
NEW_NAME, NEW_PICTURE = "Leonardo", "avatars/owl.png"


class Errors(logging.Handler):
    """Every error the app logs (Kivy logs an exception it caught as an error)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@pytest.fixture
def errors() -> Iterator[Errors]:
    handler = Errors()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


class ClassEdits(Laptop):
    def apply(self, change: str, child: str, center: str) -> None:
        """Make ``change`` to the child or center on screen on the laptop, then sync it to the kiosk."""
        service = self.kiosk.services.service
        kid, place = child_id(self.kiosk, child), center_id(self.kiosk, center)
        if change == "delete-child":
            self._run(lambda store: store.setup.delete("children", kid))
        elif change == "rename-child":
            self._edit("children", kid, first_name=NEW_NAME)
        elif change == "repicture-child":
            self._edit("children", kid, picture=NEW_PICTURE)
        elif change == "close-center":
            self._edit("centers", place, open_today=False)
        else:
            self._run(lambda store: store.setup.delete("centers", place))
        self.sync()
        assert service is self.kiosk.services.service

    def _edit(self, kind: str, record_id: str, **changes: Any) -> None:
        def work(store: Any) -> None:
            record = next(r for r in store.setup.records(kind) if r["id"] == record_id)
            store.setup.edit(kind, {**record, **changes})

        self._run(work)


def centre_of(widget: Any) -> tuple[float, float]:
    return widget.to_window(*widget.center)


def each_change(
    kiosk: KioskDriver, tmp_path: Path, errors: Errors, show: Callable[[str, str], Any], check: Callable[..., None]
) -> None:
    """For every change: ``show`` the screen for its child and center, sync the change, ``check`` the screen."""
    laptop = ClassEdits(kiosk, tmp_path / "laptop")
    for change in CHANGES:
        child, center = SUBJECTS[change]
        kiosk.app.go_home()
        kiosk.advance(0.5)
        held = show(child, center)
        kiosk_id = child_id(kiosk, child)
        laptop.apply(change, child, center)
        check(change, child, center, kiosk_id, held)
        assert errors.seen == [], f"{change}: {errors.seen}"
        assert kiosk.app.root in kiosk.window.children


def assert_welcome_says_the_class_changed(kiosk: KioskDriver, change: str) -> None:
    assert kiosk.screen == "welcome", f"{change}: a removed child's screen goes to Welcome"
    assert kiosk.current().banner == "class-changed"
    assert kiosk.ids().title.text == "The class list just changed. Find your picture!"


def test_welcome_with_a_picture_being_held(kiosk: KioskDriver, tmp_path: Path, errors: Errors, shots: Path) -> None:
    from kivy.tests.common import UnitTestTouch

    def show(child: str, _center: str) -> Any:
        finger = UnitTestTouch(*centre_of(child_tile(kiosk, child)))
        finger.touch_down()
        kiosk.advance(HOLD_S / 2)
        return finger

    def check(change: str, child: str, center: str, kid: str, finger: Any) -> None:
        kiosk.advance(HOLD_S)  # the finger stays: the ring fills, or its picture is gone
        finger.touch_up()
        kiosk.advance(0.1)
        if change == "delete-child":
            assert kiosk.screen == "welcome" and kiosk.current().banner == "class-changed"
            kiosk.screenshot("welcome-class-changed", shots)
            return
        assert kiosk.screen == "choose" and kiosk.current().child_id == kid
        if change == "rename-child":
            assert kiosk.current().child_name == NEW_NAME
        if change == "repicture-child":
            assert kiosk.current().child_picture.endswith(NEW_PICTURE)
        if change in ("close-center", "delete-center"):
            assert center not in {c.name for c in kiosk.services.service.open_centers()}
            assert center not in [card.name for card in kiosk.current()._cards.values()]

    each_change(kiosk, tmp_path, errors, show, check)


def test_choose_and_its_confirm_panel(kiosk: KioskDriver, tmp_path: Path, errors: Errors, shots: Path) -> None:
    def show(child: str, center: str) -> Any:
        pick_child(kiosk, child)
        kiosk.advance(0.35)
        kiosk.press(*centre_of(center_card(kiosk, center)), after=0.35)
        assert confirm_panel(kiosk) is not None
        return centre_of(confirm_panel(kiosk).ids.check)

    def check(change: str, child: str, center: str, kid: str, check_spot: tuple[float, float]) -> None:
        if change == "delete-child":
            assert_welcome_says_the_class_changed(kiosk, change)
            return
        screen = kiosk.current()
        assert kiosk.screen == "choose"
        if change in ("close-center", "delete-center"):
            assert not screen.confirming, "the panel of a center that went closes"
            assert screen.greeting == f"{center} just closed. Pick another center."
            assert kiosk.services.speaker.said[-1] == screen.greeting
            kiosk.screenshot(f"choose-{change}", shots)
            kiosk.advance(0.35)
            kiosk.press(*check_spot, after=0.35)  # the check's spot now: a card, whose panel opens
            assert kiosk.services.service.placement_of(kid) is None
            return
        assert screen.confirming
        if change == "rename-child":
            assert screen.greeting == f"Hi {NEW_NAME}! Where will you play?" and confirm_panel(kiosk).child_name == NEW_NAME
        else:
            assert screen.child_picture.endswith(NEW_PICTURE) and confirm_panel(kiosk).child_picture.endswith(NEW_PICTURE)
        kiosk.press(*check_spot)
        assert kiosk.screen == "done" and kiosk.services.service.placement_of(kid).center_id == center_id(kiosk, center)

    each_change(kiosk, tmp_path, errors, show, check)


def test_choose_without_a_panel(kiosk: KioskDriver, tmp_path: Path, errors: Errors) -> None:
    def show(child: str, _center: str) -> Any:
        pick_child(kiosk, child)
        return None

    def check(change: str, child: str, center: str, kid: str, _held: Any) -> None:
        if change == "delete-child":
            assert_welcome_says_the_class_changed(kiosk, change)
            return
        assert kiosk.screen == "choose" and kiosk.current().child_id == kid
        if change in ("close-center", "delete-center"):
            assert center not in [card.name for card in kiosk.current()._cards.values()]

    each_change(kiosk, tmp_path, errors, show, check)


def test_done(kiosk: KioskDriver, tmp_path: Path, errors: Errors) -> None:
    def show(child: str, center: str) -> Any:
        pick_child(kiosk, child)
        kiosk.advance(0.35)
        kiosk.press(*centre_of(center_card(kiosk, center)), after=0.35)
        kiosk.press(*centre_of(confirm_panel(kiosk).ids.check))
        assert kiosk.screen == "done"
        return None

    def check(change: str, child: str, center: str, kid: str, _held: Any) -> None:
        if change == "delete-child":
            assert_welcome_says_the_class_changed(kiosk, change)
            return
        screen = kiosk.current()
        assert kiosk.screen == "done"
        if change == "repicture-child":
            assert screen.child_picture.endswith(NEW_PICTURE)
        if change == "delete-center":
            assert screen.message == "Have fun!"
        elif change == "close-center":
            assert screen.message == f"Have fun at {center}!", "the child chose it while it was open"
        kiosk.advance(0.35)
        kiosk.press(400, 240)
        assert kiosk.screen == "welcome"

    each_change(kiosk, tmp_path, errors, show, check)


def placed_then_back(kiosk: KioskDriver, child: str, center: str) -> None:
    """The child chose ``center`` earlier, and comes back to the kiosk now."""
    kiosk.services.service.choose(child_id(kiosk, child), center_id(kiosk, center), Method.TAP)
    kiosk.app.go_home()
    pick_child(kiosk, child)


def test_switch(kiosk: KioskDriver, tmp_path: Path, errors: Errors, shots: Path) -> None:
    def show(child: str, center: str) -> Any:
        placed_then_back(kiosk, child, center)
        assert kiosk.screen == "switch"
        return kiosk.current()

    def check(change: str, child: str, center: str, kid: str, switch: Any) -> None:
        if change == "delete-child":
            assert_welcome_says_the_class_changed(kiosk, change)
            switch.stay()  # a thumbs-up that was on its way when the sync landed
            assert_welcome_says_the_class_changed(kiosk, change)
            return
        assert kiosk.screen == "switch"
        if change == "rename-child":
            assert switch.message.startswith(f"{NEW_NAME}, you are at {center}")
        if change == "repicture-child":
            assert switch.child_picture.endswith(NEW_PICTURE)
        if change == "close-center":
            assert switch.message.startswith(f"{child}, you are at {center}"), "the child is still there"
        if change == "delete-center":
            assert switch.message == f"{child}, your center is not on the class list now. Ask your teacher."
            kiosk.screenshot("switch-center-deleted", shots)
            kiosk.tap(switch.ids.stay)
            assert kiosk.screen == "welcome"
            return
        kiosk.tap(switch.ids.stay)
        assert kiosk.screen == "done"

    each_change(kiosk, tmp_path, errors, show, check)


def test_reflect(tmp_path: Path, errors: Errors) -> None:
    from tests.gui.test_reflection import reflecting_kiosk

    kiosk = reflecting_kiosk(tmp_path / "data")

    def show(child: str, center: str) -> Any:
        placed_then_back(kiosk, child, center)
        assert kiosk.screen == "reflect"
        return kiosk.current()

    def check(change: str, child: str, center: str, kid: str, reflect: Any) -> None:
        if change == "delete-child":
            assert_welcome_says_the_class_changed(kiosk, change)
            reflect.feel("happy")  # a face that was on its way when the sync landed
            assert_welcome_says_the_class_changed(kiosk, change)
            return
        if change == "delete-center":
            assert kiosk.screen == "switch", "no question about a center that is gone"
            assert kiosk.current().message.endswith("Ask your teacher.")
            return
        assert kiosk.screen == "reflect"
        if change == "repicture-child":
            assert reflect.child_picture.endswith(NEW_PICTURE)
        kiosk.tap(reflect.ids.happy)
        assert kiosk.screen == "switch"

    try:
        each_change(kiosk, tmp_path, errors, show, check)
    finally:
        kiosk.close()


def test_teacher_board(kiosk: KioskDriver, tmp_path: Path, errors: Errors, shots: Path) -> None:
    from screens.pi.teacher import BoardBox, ChildChip

    def chip(name: str) -> Any:
        return kiosk.find(kiosk.current(), lambda w: isinstance(w, ChildChip) and name in w.name)

    def show(child: str, center: str) -> Any:
        kiosk.services.service.choose(child_id(kiosk, child), center_id(kiosk, center), Method.TAP)
        kiosk.app.go_home()
        open_teacher_mode(kiosk)
        kiosk.tap(chip(child))
        return kiosk.current().tabs["board"]

    def check(change: str, child: str, center: str, kid: str, board: Any) -> None:
        assert kiosk.screen == "teacher"
        if change == "delete-child":
            assert board.selected_child == "" and board.status == f"{child} is no longer on the class list (changed on the laptop)."
            kiosk.screenshot("teacher-board-child-removed", shots)
        elif change == "delete-center":
            waiting = board.ids.waiting
            assert any(w.child_id == kid for w in waiting.ids.chips.children), "a child at a removed center waits"
        boxes = [w for w in board.walk() if isinstance(w, BoardBox) and w.center_id]
        kiosk.tap(boxes[-1])  # a center tapped with the selection as the sync left it
        kiosk.advance(0.1)

    each_change(kiosk, tmp_path, errors, show, check)


def test_teacher_centers_and_badges(kiosk: KioskDriver, tmp_path: Path, errors: Errors) -> None:
    from screens.pi.teacher import CenterRow

    def show(child: str, center: str) -> Any:
        open_teacher_mode(kiosk)
        teacher = kiosk.current()
        kiosk.tap(teacher.ids.tab_badges)
        teacher.tabs["badges"].enrol_for(child_id(kiosk, child))
        kiosk.tap(teacher.ids.tab_centers)
        row = kiosk.find(teacher, lambda w: isinstance(w, CenterRow) and w.center_id == center_id(kiosk, center))
        return teacher, row

    def check(change: str, child: str, center: str, kid: str, shown: Any) -> None:
        teacher, row = shown
        tab = teacher.tabs["centers"]
        tab.change_seats(row.center_id, 1)  # a "+" on the row as it was before the sync
        tab.toggle_open(row.center_id, True)
        rows = [w for w in teacher.walk() if isinstance(w, CenterRow)]
        if change == "delete-center":
            assert row.center_id not in {r.center_id for r in rows}
        kiosk.tap(teacher.ids.tab_badges)
        badges = teacher.tabs["badges"]
        if change == "delete-child":
            assert badges.enrolling == ""
            assert badges.badge_status == f"{child} is no longer on the class list (changed on the laptop)."
        badges.badge_scanned("0F00AA5500")
        kiosk.app.go_home()

    each_change(kiosk, tmp_path, errors, show, check)


def test_a_child_a_sync_removed_while_on_switch_taps_thumbs_up_and_nothing_crashes(
    kiosk: KioskDriver, tmp_path: Path, errors: Errors
) -> None:
    """The issue's crash: the child deleted on the laptop and synced while Switch is up, then 👍 (KeyError before)."""
    laptop = ClassEdits(kiosk, tmp_path / "laptop")
    placed_then_back(kiosk, "Ava", "Blocks")
    assert kiosk.screen == "switch"
    thumbs_up = centre_of(kiosk.ids().stay)
    laptop.apply("delete-child", "Ava", "Blocks")
    kiosk.advance(0.35)
    kiosk.press(*thumbs_up, after=0.1)
    assert_welcome_says_the_class_changed(kiosk, "delete-child")
    assert errors.seen == []
