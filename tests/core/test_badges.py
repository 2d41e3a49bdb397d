"""Badges: keyed hashes only, one owner per badge, never silently moved."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from kiosk.badges import badge_key, enrol_problem, new_badge_secret, owner_of
from kiosk.bootstrap import DEMO_CLASSROOM, build_kiosk
from kiosk.classroom import ClassroomFileError, parse_classroom
from kiosk.clock import ManualClock
from kiosk.domain import Child
from kiosk.speech import SilentSpeaker


def test_keys_depend_on_the_kiosk_secret_and_ignore_case_and_spaces():
    one, two = new_badge_secret(), new_badge_secret()
    assert badge_key(one, "0a00b1c2d3") == badge_key(one, " 0A00B1C2D3\n")
    assert badge_key(one, "0A00B1C2D3") != badge_key(two, "0A00B1C2D3")
    assert "0A00B1C2D3" not in badge_key(one, "0A00B1C2D3")


def test_owner_and_enrol_rules_with_plain_values():
    secret = new_badge_secret()
    key = badge_key(secret, "1234567")
    ava = Child("a", "Ava", "", badges=(key,))
    ben = Child("b", "Ben", "")
    assert owner_of(key, [ava, ben], []).child == ava
    assert owner_of(badge_key(secret, "999"), [ava, ben], []).unknown
    assert owner_of(key, [ben], [key]).teacher
    assert enrol_problem(key, "b", [ava, ben], []) == "This badge belongs to Ava. Remove it there first."
    assert enrol_problem(key, "a", [ava, ben], []) == "This badge already belongs to Ava."
    assert enrol_problem(key, "b", [ben], [key]) == "This badge is the teacher's badge."
    assert enrol_problem(badge_key(secret, "42"), "b", [ava, ben], []) is None


@pytest.fixture
def kiosk(tmp_path):
    services = build_kiosk(
        tmp_path / "data", clock=ManualClock(datetime(2026, 11, 25, 9, tzinfo=timezone.utc)), speaker=SilentSpeaker()
    )
    yield services
    services.close()


def test_demo_badges_are_stored_only_as_keyed_hashes(kiosk):
    raw = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]
    assert kiosk.service.badge_owner(raw).child.first_name == "Ava"
    assert kiosk.service.badge_owner("0B00C0FFEE").teacher
    stored = (kiosk.data_dir / "config.json").read_text(encoding="utf-8")
    assert raw not in stored and "0B00C0FFEE" not in stored


def test_enrol_a_second_badge_refuse_a_taken_one_and_remove(kiosk):
    service = kiosk.service
    assert service.enrol_badge("c02", "77AA88BB99") is None
    assert service.badge_owner("77aa88bb99").child.id == "c02"
    assert service.enrol_badge("c03", "77AA88BB99") == "This badge belongs to Leo. Remove it there first."
    assert service.badge_owner("77AA88BB99").child.id == "c02", "never silently moved"
    assert len(service.child("c02").badges) == 2
    assert service.remove_badges("c02") == 2
    assert service.badge_owner("77AA88BB99").unknown
    assert service.enrol_badge("c03", "77AA88BB99") is None


def test_teacher_badge_enrolment(kiosk):
    assert kiosk.service.enrol_teacher_badge("55EE") is None
    assert kiosk.service.badge_owner("55ee").teacher
    raw_ava = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]
    assert kiosk.service.enrol_teacher_badge(raw_ava) == "This badge belongs to Ava. Remove it there first."


def test_a_badge_given_twice_in_a_classroom_file_is_refused():
    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["children"][1]["badges"] = data["children"][0]["badges"]
    with pytest.raises(ClassroomFileError, match="badge given twice"):
        parse_classroom(data)
