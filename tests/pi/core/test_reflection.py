"""The three-face reflection in the kiosk service, over real storage with a manual clock."""

from __future__ import annotations

import errno
from datetime import UTC, datetime

import pytest

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.speech import SilentSpeaker
from kiosk.pi.storage import StorageError
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import FEELINGS, EventKind, Method
from tests.pi.storage.storage_helpers import FaultyOps

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def turn_reflection(services, on: bool) -> None:
    """What a sync of the class settings from the laptop does: store them, then reload."""
    config = services.storage.config
    config.put_settings({**(config.get_settings() or {}), "reflection": on})
    services.service.reload_config()


@pytest.fixture
def kiosk(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    turn_reflection(services, True)
    yield services
    services.close()


def logged(services) -> list[dict]:
    return list(services.storage.events.events_on(services.service.today()))


def test_a_reflection_is_recorded_with_feeling_center_and_the_stay_it_names(kiosk):
    service = kiosk.service
    chose = service.choose("c01", "blocks", Method.TAP).event
    assert service.reflection_due("c01") == "blocks"
    felt = service.reflect("c01", "happy", Method.BADGE)
    assert (felt.kind, felt.child_id, felt.center_id, felt.ref, felt.feeling, felt.method) == (
        EventKind.REFLECTED,
        "c01",
        "blocks",
        chose.id,
        "happy",
        Method.BADGE,
    )
    assert felt.seq == 2 and felt.day == "2026-11-25"
    on_disk = logged(kiosk)[-1]
    assert (on_disk["id"], on_disk["kind"], on_disk["feeling"], on_disk["ref"]) == (felt.id, "reflected", "happy", chose.id)
    assert "feeling" not in logged(kiosk)[0], "a choice carries no feeling key"
    assert service.today_events()[-1] == felt, "today's cached events include the reflection"


@pytest.mark.parametrize("feeling", ["angry", "", "HAPPY", None])
def test_a_feeling_that_is_not_one_of_the_three_faces_is_refused_and_nothing_written(kiosk, feeling):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    with pytest.raises(ValueError, match="must be one of happy, okay, sad"):
        service.reflect("c01", feeling, Method.TAP)
    assert kiosk.storage.events.last_seq() == 1 and len(service.today_events()) == 1
    assert service.reflection_due("c01") == "blocks"


def test_every_face_is_accepted(kiosk):
    service = kiosk.service
    for number, feeling in enumerate(FEELINGS, start=1):
        child = f"c0{number}"
        service.choose(child, "art", Method.TAP)
        assert service.reflect(child, feeling, Method.TAP).feeling == feeling
    assert [e["feeling"] for e in logged(kiosk) if e["kind"] == "reflected"] == list(FEELINGS)


def test_refused_when_the_teacher_has_not_turned_it_on(tmp_path):
    services = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker())
    try:
        service = services.service
        assert service.settings.reflection is False, "reflection is off by default"
        service.choose("c01", "blocks", Method.TAP)
        assert service.reflection_due("c01") is None
        with pytest.raises(ValueError, match="turned off"):
            service.reflect("c01", "happy", Method.TAP)
        assert services.storage.events.last_seq() == 1
    finally:
        services.close()


def test_refused_for_a_child_with_no_center_today(kiosk):
    service = kiosk.service
    assert service.reflection_due("c01") is None
    with pytest.raises(ValueError, match="no center today"):
        service.reflect("c01", "okay", Method.TAP)
    service.choose("c01", "blocks", Method.TAP)
    service.teacher_move("c01", None)
    assert service.reflection_due("c01") is None
    with pytest.raises(ValueError, match="no center today"):
        service.reflect("c01", "okay", Method.TAP)
    kiosk.clock.advance(24 * 3600)
    service.choose("c02", "art", Method.TAP)
    assert service.reflection_due("c02") == "art"
    assert kiosk.storage.events.last_seq() == 3


def test_due_once_per_stay_and_again_after_a_switch(kiosk):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    service.reflect("c01", "sad", Method.TAP)
    assert service.reflection_due("c01") is None
    kiosk.clock.advance(600)
    assert service.choose("c01", "art", Method.TAP).decision.records
    assert service.reflection_due("c01") == "art"
    service.reflect("c01", "happy", Method.TAP)
    assert service.reflection_due("c01") is None
    service.teacher_move("c01", "library")
    assert service.reflection_due("c01") == "library"
    service.teacher_undo("c01")  # back to art, which already has its reflection
    assert service.placement_of("c01").center_id == "art"
    assert service.reflection_due("c01") is None


def test_placements_seats_and_undo_are_unchanged_by_reflections(kiosk):
    service = kiosk.service
    service.choose("c01", "blocks", Method.TAP)
    service.choose("c02", "blocks", Method.TAP)
    before = (dict(service.places()), service.seats_left("blocks"), [c.id for c in service.children_at("blocks")])
    service.reflect("c01", "okay", Method.TAP)
    assert (dict(service.places()), service.seats_left("blocks"), [c.id for c in service.children_at("blocks")]) == before
    undo = service.teacher_undo("c01")
    assert undo.kind is EventKind.UNDONE and undo.ref == before[0]["c01"].event.id, "undo cancels the choice, not the face"
    assert service.placement_of("c01") is None


def test_reflections_survive_a_restart(tmp_path):
    clock = ManualClock(START)
    first = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    turn_reflection(first, True)
    first.service.choose("c01", "blocks", Method.TAP)
    felt = first.service.reflect("c01", "okay", Method.TAP)
    first.close()
    again = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    try:
        service = again.service
        assert service.settings.reflection is True
        assert service.today_events()[-1] == felt
        assert service.reflection_due("c01") is None
        assert service.placement_of("c01").center_id == "blocks"
        service.choose("c02", "art", Method.TAP)
        assert service.reflection_due("c02") == "art"
    finally:
        again.close()


def test_a_failed_save_is_not_remembered(tmp_path):
    faulty = FaultyOps()
    kiosk = build_kiosk(tmp_path / "data", clock=ManualClock(START), speaker=SilentSpeaker(), ops=faulty)
    try:
        turn_reflection(kiosk, True)
        service = kiosk.service
        service.choose("c01", "blocks", Method.TAP)
        faulty.arm("fsync", errno.ENOSPC, times=None)  # a full card: every fsync fails
        with pytest.raises(StorageError):
            service.reflect("c01", "happy", Method.TAP)
        faulty.disarm()
        assert service.reflection_due("c01") == "blocks"
        assert [e.kind for e in service.today_events()] == [EventKind.CHOSE]
        assert service.problems, "the teacher is told the save failed"
    finally:
        kiosk.close()
