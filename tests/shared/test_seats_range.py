"""The seats range is one rule: the classroom file, the laptop's form, teacher mode and the service agree on it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kiosk.laptop.review.class_edit import center_from_form
from kiosk.pi.bootstrap import DEMO_CLASSROOM, build_kiosk
from kiosk.pi.classroom import ClassroomFileError, parse_classroom
from kiosk.pi.speech import SilentSpeaker
from kiosk.pi.teacher_mode import seats_after
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import MAX_SEATS, MIN_SEATS, seats_allowed

FORM = {"name": "Lego", "purpose": "Build", "picture": "centers/blocks.png", "colour": "#2a9d8f"}


@pytest.mark.parametrize("seats", [MIN_SEATS, 4, MAX_SEATS])
def test_every_number_in_the_range_is_allowed(seats: int) -> None:
    assert seats_allowed(seats)


@pytest.mark.parametrize("seats", [MIN_SEATS - 1, MAX_SEATS + 1, -3, True, False, "4", 4.0, None])
def test_numbers_outside_and_things_that_are_not_whole_numbers_are_not(seats: object) -> None:
    assert not seats_allowed(seats)


def _classroom_with_seats(seats: int) -> object:
    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["centers"][0]["seats"] = seats
    return parse_classroom(data)


def test_each_place_accepts_the_top_of_the_range_and_refuses_one_more() -> None:
    assert _classroom_with_seats(MAX_SEATS)
    with pytest.raises(ClassroomFileError, match=f"from {MIN_SEATS} to {MAX_SEATS}"):
        _classroom_with_seats(MAX_SEATS + 1)
    assert center_from_form({**FORM, "seats": str(MAX_SEATS)})["seats"] == MAX_SEATS
    with pytest.raises(ValueError, match=f"from {MIN_SEATS} to {MAX_SEATS}, not {MAX_SEATS + 1}"):
        center_from_form({**FORM, "seats": str(MAX_SEATS + 1)})
    assert seats_after(MAX_SEATS - 1, 1) == MAX_SEATS
    assert seats_after(MAX_SEATS, 1) is None
    assert seats_after(MIN_SEATS, -1) is None


def test_the_service_refuses_one_more_than_the_range_and_keeps_the_old_seats(tmp_path) -> None:
    services = build_kiosk(tmp_path / "data", clock=ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC)),
                           speaker=SilentSpeaker())
    try:
        services.service.edits.set_seats("blocks", MAX_SEATS)
        with pytest.raises(ValueError, match=f"A center has {MIN_SEATS} to {MAX_SEATS} seats."):
            services.service.edits.set_seats("blocks", MAX_SEATS + 1)
        assert services.service.center("blocks").seats == MAX_SEATS
    finally:
        services.close()
