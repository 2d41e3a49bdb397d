"""Screens reached by typed visits in the real app: each visit fills its own screen, and a
visit for a child the class no longer has ends on Welcome saying the class list changed."""

from __future__ import annotations

import pytest

from kiosk.pi.visits import (
    ChooseVisit,
    DoneVisit,
    PinVisit,
    ReflectVisit,
    SwitchVisit,
    TeacherVisit,
    Visit,
    WelcomeVisit,
)
from kiosk.shared.domain import Method
from tests.gui.harness import KioskDriver
from tests.gui.steps import center_id, child_id

CLASS_CHANGED_WORDS = "The class list just changed. Find your picture!"


def test_each_visit_goes_to_its_own_screen_filled_from_the_visit(kiosk: KioskDriver) -> None:
    ava, blocks = child_id(kiosk, "Ava"), center_id(kiosk, "Blocks")
    kiosk.app.show(ChooseVisit(ava, Method.BADGE))
    assert kiosk.screen == "choose" and kiosk.current().child_id == ava and kiosk.current().method is Method.BADGE
    kiosk.app.show(DoneVisit(ava, blocks, error="disk full"))
    assert kiosk.screen == "done" and kiosk.current().failed
    kiosk.app.show(ReflectVisit(blocks, then=SwitchVisit(ava)))
    assert kiosk.screen == "reflect" and kiosk.current().center_id == blocks
    kiosk.app.show(PinVisit("set"))
    assert kiosk.screen == "pin" and kiosk.current().mode == "set"
    kiosk.app.show(TeacherVisit())
    assert kiosk.screen == "teacher" and kiosk.current().tab == "board"
    kiosk.app.show(WelcomeVisit(banner="unknown-badge"))
    assert kiosk.screen == "welcome" and kiosk.current().unknown_badge
    assert list(kiosk.services.speaker.said)[-1] == "I don't know this badge yet. Find your picture!"


@pytest.mark.parametrize(
    "visit",
    [
        ChooseVisit("no-such-child"),
        SwitchVisit("no-such-child", Method.BADGE),
        DoneVisit("no-such-child", "blocks"),
        ReflectVisit("blocks", then=ChooseVisit("no-such-child")),
    ],
    ids=["choose", "switch", "done", "reflect"],
)
def test_a_visit_for_a_removed_child_shows_welcome_saying_the_class_changed(kiosk: KioskDriver, visit: Visit) -> None:
    kiosk.app.show(ChooseVisit(child_id(kiosk, "Ava")))
    kiosk.app.show(visit)
    assert kiosk.screen == "welcome"
    assert kiosk.current().banner == "class-changed"
    assert kiosk.ids().title.text == CLASS_CHANGED_WORDS
    assert list(kiosk.services.speaker.said)[-1] == CLASS_CHANGED_WORDS
