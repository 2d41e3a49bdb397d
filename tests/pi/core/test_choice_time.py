"""Choice time on the kiosk: the teacher's one touch to open and end it, the timetable, a class that keeps none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.rules import Outcome, placements
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import WHOLE_CLASS, ChoiceEvent, ChoiceTimes, ChoiceTimeSlot, EventKind, Method, replace
from kiosk.shared.event_checks import check_event

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    return ManualClock(MONDAY)


@pytest.fixture
def kiosk(tmp_path, clock):
    services = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    yield services
    services.close()


def _logged(kiosk) -> list[dict]:
    return list(kiosk.service._storage.events.since(0))


def test_a_class_that_keeps_no_choice_time_works_as_before(kiosk, clock):
    service = kiosk.service
    assert service.choice_time.is_open() and not service.choice_time.state().kept
    for hour in range(8):
        center = service.open_centers()[hour].id
        assert service.choose(f"c{hour + 1:02d}", center, Method.TAP).decision.records
        clock.advance(3600)
        assert service.choice_time.follow_timetable() is None
    assert all(e["child_id"] != WHOLE_CLASS for e in _logged(kiosk))  # nothing new in its log
    assert "choice_times" not in service._storage.config.get_settings()  # nor in its settings


def test_the_teacher_ends_and_opens_choice_time_in_one_touch_each(kiosk, clock):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    service.choose("c02", "art", Method.BADGE)
    clock.advance(600)
    ended = service.choice_time.end()
    assert (ended.child_id, ended.kind, ended.method, ended.center_id, ended.choice_time) == (
        WHOLE_CLASS, EventKind.LEFT, Method.TEACHER, None, "ended")
    assert service.places() == {}  # everyone left their center: one entry
    assert service.settings.choice_times.kept  # the class keeps choice time from now on (synced)
    refused = service.choose("c03", "blocks", Method.TAP)
    assert refused.decision.outcome is Outcome.CHOICE_TIME_CLOSED and refused.event is None
    assert service.switch_status("c01").outcome is Outcome.CHOICE_TIME_CLOSED
    moved = service.teacher_move("c04", "blocks")  # the teacher can still place a child
    assert service.placement_of("c04").center_id == "blocks" and moved.method is Method.TEACHER
    assert service.teacher_undo("c01") is None  # no undo reaches back over the end
    opened = service.choice_time.open()
    assert opened is not None and opened.choice_time == "opened" and service.choice_time.open() is None
    assert service.choose("c03", "blocks", Method.TAP).decision.records
    assert service.placement_of("c04").center_id == "blocks"  # placed before it opened: still there
    for event in _logged(kiosk):
        check_event(event)


def test_each_day_of_a_class_that_keeps_choice_time_starts_closed(kiosk, clock):
    service = kiosk.service
    service.choice_time.open()
    service.choose("c01", "blocks", Method.TAP)
    clock.advance(24 * 3600)
    assert not service.choice_time.is_open()
    assert service.choose("c01", "art", Method.TAP).decision.outcome is Outcome.CHOICE_TIME_CLOSED


def test_the_timetable_opens_and_ends_choice_time_by_itself(kiosk, clock):
    service = kiosk.service
    slots = (ChoiceTimeSlot((0, 1, 2, 3, 4), "09:30", "10:15"), ChoiceTimeSlot((0,), "13:30", "14:15"))
    service._setup.put_settings(replace(service.settings, choice_times=ChoiceTimes(True, slots)))
    changes: list[bool] = []
    service.on_change(lambda: changes.append(service.choice_time.is_open()))
    assert not service.choice_time.is_open() and service.choice_time.follow_timetable() is None
    clock.advance(31 * 60)  # 09:31
    opened = service.choice_time.follow_timetable()
    assert opened is not None and opened.choice_time == "opened" and changes == [True]
    assert service.choice_time.follow_timetable() is None  # recorded once
    service.choose("c01", "blocks", Method.TAP)
    clock.advance(45 * 60)  # 10:16
    ended = service.choice_time.follow_timetable()
    assert ended is not None and ended.choice_time == "ended" and service.places() == {}
    clock.advance(4 * 60)  # 10:20: the teacher opens it again, until the timetable's next line
    service.choice_time.open()
    assert service.choose("c02", "art", Method.TAP).decision.records
    clock.advance(4 * 3600)  # 14:20: the afternoon line opened and ended while nobody looked
    assert service.choice_time.follow_timetable().choice_time == "ended"
    assert not service.choice_time.is_open() and service.places() == {}
    marks = [e["choice_time"] for e in _logged(kiosk) if e["child_id"] == WHOLE_CLASS]
    assert marks == ["opened", "ended", "opened", "ended"]


def test_another_kiosk_of_the_class_ending_choice_time_ends_it_here(kiosk, clock):
    service = kiosk.service
    service.choice_time.open()
    service.choose("c01", "blocks", Method.TAP)
    clock.advance(60)
    peer_end = ChoiceEvent(id="p1", kiosk_id="peer", seq=7, child_id=WHOLE_CLASS, center_id=None,
                           kind=EventKind.LEFT, method=Method.TEACHER, wall=clock.now().isoformat(),
                           day=service.today(), boot_id="pb", mono=1.0, choice_time="ended")
    clock.advance(60)
    service.set_peer_today("peer", [peer_end])
    assert not service.choice_time.is_open() and service.places() == {}


def test_an_older_version_reads_the_end_as_nobody_leaving(kiosk, clock):
    """Without the ``choice_time`` field (an older kiosk or laptop reads only the fields it knows), the
    entry is child "*" leaving: it moves no child, and the bundle reader's from_dict accepts it."""
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    end = service.choice_time.end().to_dict()
    older = {k: v for k, v in end.items() if k != "choice_time"}
    chose = ChoiceEvent.from_dict(_logged(kiosk)[0])
    assert placements([chose, ChoiceEvent.from_dict(older)]).keys() == {"c01"}
    assert placements([chose, ChoiceEvent.from_dict(end)]) == {}


def test_an_unknown_mark_from_a_later_version_is_no_mark(kiosk):
    later = {"child_id": WHOLE_CLASS, "choice_time": "paused"}
    from kiosk.shared.domain import choice_time_mark

    assert choice_time_mark(later) is None
    with pytest.raises(ValueError, match="choice_time"):
        check_event({**_minimal(), "choice_time": "paused"})


def _minimal() -> dict:
    return {"id": "x", "kiosk_id": "k", "seq": 1, "child_id": WHOLE_CLASS, "center_id": None, "kind": "left",
            "method": "teacher", "wall": "2026-11-23T09:00:00+00:00", "day": "2026-11-23", "boot_id": "b",
            "mono": 1.0}


def test_the_timetable_in_the_kiosk_s_own_time_zone(tmp_path):
    """The timetable's 09:30 is 09:30 on the kiosk's clock, whatever its offset."""
    from datetime import timezone

    from kiosk.shared.choice_time import choice_time_now
    from kiosk.shared.domain import ChoiceTimeMark

    eastern = timezone(timedelta(hours=-5))
    times = ChoiceTimes(True, (ChoiceTimeSlot((0,), "09:30", "10:15"),))
    before = datetime(2026, 11, 23, 9, 29, tzinfo=eastern)
    assert not choice_time_now(times, [], before).open
    state = choice_time_now(times, [], before + timedelta(minutes=2))
    assert (state.open, state.due) == (True, ChoiceTimeMark.OPENED)
    teacher_ended = [(before + timedelta(minutes=10), ChoiceTimeMark.ENDED)]
    assert not choice_time_now(times, teacher_ended, before + timedelta(minutes=11)).open
    assert choice_time_now(times, teacher_ended, before + timedelta(minutes=50)).due is None  # already ended


def test_a_teachers_edit_at_the_kiosk_keeps_the_class_fields_the_kiosk_does_not_use(kiosk):
    """The class's term dates (and a field a later version adds) survive turning reflection on at the kiosk,
    so the kiosk never offers the laptop a class setting without them."""
    config = kiosk.service._storage.config
    config.put_settings({**config.get_settings(), "term_starts": ["2026-09-01"], "later_field": {"x": 1}})
    kiosk.service.reload_config()
    kiosk.service.edits.set_reflection(True)
    kiosk.service.choice_time.end()
    stored = config.get_settings()
    assert (stored["term_starts"], stored["later_field"], stored["reflection"]) == (["2026-09-01"], {"x": 1}, True)
    assert stored["choice_times"] == {"kept": True, "timetable": []}
