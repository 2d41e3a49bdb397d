"""Visits: one typed record per screen, and the rule that a removed child's screen becomes Welcome."""

from __future__ import annotations

import dataclasses

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
    redirected,
)
from kiosk.shared.domain import Method

CLASS = {"ada", "ben"}
CHANGED = WelcomeVisit(banner="class-changed")


@pytest.mark.parametrize(
    "visit",
    [
        ChooseVisit("gone"),
        SwitchVisit("gone", Method.BADGE),
        DoneVisit("gone", "blocks"),
        DoneVisit("gone", "blocks", error="disk full"),
        ReflectVisit("blocks", then=SwitchVisit("gone")),
    ],
)
def test_a_visit_for_a_child_the_class_no_longer_has_goes_to_welcome_saying_so(visit: Visit) -> None:
    assert redirected(visit, CLASS) == CHANGED


@pytest.mark.parametrize(
    "visit",
    [
        WelcomeVisit(),
        WelcomeVisit(banner="unknown-badge"),
        PinVisit("set"),
        TeacherVisit(),
        ChooseVisit("ada", Method.BADGE),
        SwitchVisit("ben"),
        DoneVisit("ada", "blocks"),
        ReflectVisit("blocks", then=ChooseVisit("ben")),
    ],
)
def test_a_visit_for_the_class_as_it_is_goes_where_it_was_going(visit: Visit) -> None:
    assert redirected(visit, CLASS) is visit


def test_reflect_carries_the_child_and_method_of_where_the_child_goes_next() -> None:
    visit = ReflectVisit("blocks", then=SwitchVisit("ada", Method.BADGE))
    assert (visit.child_id, visit.method) == ("ada", Method.BADGE)


def test_a_visit_cannot_be_changed_on_its_way() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ChooseVisit("ada").child_id = "ben"  # type: ignore[misc]


def test_a_visit_starts_with_a_tap_unless_told_and_welcome_keeps_its_line() -> None:
    assert ChooseVisit("ada").method is Method.TAP and SwitchVisit("ada").method is Method.TAP
    assert WelcomeVisit().banner is None and not WelcomeVisit().say_closed
    assert PinVisit().mode == "check" and DoneVisit("ada", "blocks").error is None
