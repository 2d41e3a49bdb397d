"""Badges: slow keyed hashes only, one owner per badge, never silently moved, counted once."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest

from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
from kiosk.pi.bootstrap import DEMO_CLASSROOM, build_kiosk
from kiosk.pi.classroom import ClassroomFileError, parse_classroom
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.badges import (
    COST,
    BadgeBook,
    badge_key,
    candidate_keys,
    class_secret,
    collapse,
    enrol_problem,
    legacy_badge_key,
    new_badge_secret,
    owner_of,
)
from kiosk.shared.clock import ManualClock
from kiosk.shared.domain import Child


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
    assert owner_of([key], [ava, ben], []).child == ava
    assert owner_of([badge_key(secret, "999")], [ava, ben], []).unknown
    assert owner_of([key], [ben], [key]).teacher
    assert enrol_problem([key], "b", [ava, ben], []) == "This badge belongs to Ava. Remove it there first."
    assert enrol_problem([key], "a", [ava, ben], []) == "This badge already belongs to Ava."
    assert enrol_problem([key], "b", [ben], [key]) == "This badge is the teacher's badge."
    assert enrol_problem([badge_key(secret, "42")], "b", [ava, ben], []) is None


def test_the_stored_form_is_scrypt_over_a_keyed_hash_so_each_guess_costs_a_scrypt():
    secret = new_badge_secret()
    keyed = hmac.new(bytes.fromhex(secret), b"0A1B2C3D4E", hashlib.sha256).digest()
    expected = hashlib.scrypt(keyed, salt=b"choice-kiosk badge v2", dklen=32, **COST).hex()
    assert badge_key(secret, "0a1b2c3d4e") == f"scrypt1:{expected}"
    assert COST["n"] * COST["r"] >= 2**14  # 2 MiB of memory and about as many steps per guess


def test_the_class_secret_is_the_same_wherever_the_same_secrets_are_known():
    one, two, three = sorted(new_badge_secret() for _ in range(3))
    assert class_secret([three, one, two]) == class_secret([two, three, one]) == one
    keys = candidate_keys([three, one], "77")
    assert keys[0] == badge_key(one, "77") and set(keys) == {
        badge_key(one, "77"), badge_key(three, "77"), legacy_badge_key(one, "77"), legacy_badge_key(three, "77")}


def test_collapse_keeps_one_key_per_badge_and_revokes_the_rest():
    assert collapse(("x", "k1"), ["k1", "k2"], "k1") == (("x", "k1"), ())
    assert collapse(("x", "k2", "old"), ["k1", "k2", "old"], "k1") == (("x", "k1"), ("k2", "old"))
    assert collapse(("k2", "k1"), ["k1", "k2"], "k1") == (("k1",), ("k2",))


def test_a_book_caches_keys_until_it_learns_a_secret():
    own, other = new_badge_secret(), new_badge_secret()
    book = BadgeBook(own)
    first = book.keys("12AB")
    assert book.keys("12AB") is first
    book.learn([other, own])
    assert book.keys("12AB") is not first and len(book.keys("12AB")) == 4


@pytest.fixture
def kiosk(tmp_path):
    services = build_kiosk(
        tmp_path / "data", clock=ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC)), speaker=SilentSpeaker()
    )
    yield services
    services.close()


def test_demo_badges_are_stored_only_as_keyed_hashes(kiosk):
    raw = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]
    assert kiosk.service.badges.owner(raw).child.first_name == "Ava"
    assert kiosk.service.badges.owner("0B00C0FFEE").teacher
    stored = (kiosk.data_dir / "config.json").read_text(encoding="utf-8")
    assert raw not in stored and "0B00C0FFEE" not in stored


def test_enrol_a_second_badge_refuse_a_taken_one_and_remove(kiosk):
    service = kiosk.service
    assert service.badges.enrol("c02", "77AA88BB99") is None
    assert service.badges.owner("77aa88bb99").child.id == "c02"
    assert service.badges.enrol("c03", "77AA88BB99") == "This badge belongs to Leo. Remove it there first."
    assert service.badges.owner("77AA88BB99").child.id == "c02", "never silently moved"
    assert len(service.child("c02").badges) == 2
    assert service.badges.remove("c02") == 2
    assert service.badges.owner("77AA88BB99").unknown
    assert service.badges.enrol("c03", "77AA88BB99") is None


def test_teacher_badge_enrolment(kiosk):
    assert kiosk.service.badges.enrol_teacher("55EE") is None
    assert kiosk.service.badges.owner("55ee").teacher
    raw_ava = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]
    assert kiosk.service.badges.enrol_teacher(raw_ava) == "This badge belongs to Ava. Remove it there first."


def test_a_badge_given_twice_in_a_classroom_file_is_refused():
    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["children"][1]["badges"] = data["children"][0]["badges"]
    with pytest.raises(ClassroomFileError, match="badge given twice"):
        parse_classroom(data)


def _put_raw_child(kiosk, child_id: str, badges: list[str]) -> None:
    """Store a child's badges as an older kiosk (or another kiosk's sync) left them."""
    record = next(c for c in kiosk.storage.config.get_children() if c["id"] == child_id)
    kiosk.storage.config.put_child({**record, "badges": badges})
    kiosk.service.reload_config()


def test_a_badge_stored_in_the_older_form_still_works_and_is_upgraded_at_its_scan(kiosk):
    secret = kiosk_badge_secrets(kiosk.storage).own()
    _put_raw_child(kiosk, "c02", [legacy_badge_key(secret, "66CC")])
    assert kiosk.service.badges.owner("66cc").child.id == "c02"
    assert kiosk.service.child("c02").badges == (badge_key(secret, "66CC"),)
    stored = next(c for c in kiosk.storage.config.get_children() if c["id"] == "c02")
    assert stored["revoked_badges"] == [legacy_badge_key(secret, "66CC")]  # a sync cannot bring it back
    assert kiosk.service.badges.owner("66CC").child.id == "c02"


def test_one_badge_enrolled_on_two_kiosks_counts_once_after_a_scan(kiosk):
    own = kiosk_badge_secrets(kiosk.storage).own()
    other = new_badge_secret()  # another kiosk of the class, learnt in a sync
    kiosk_badge_secrets(kiosk.storage).learn([other])
    _put_raw_child(kiosk, "c02", [badge_key(own, "77AA"), badge_key(other, "77AA")])
    assert len(kiosk.service.child("c02").badges) == 2  # what the union of two kiosks' enrolments gave
    assert kiosk.service.badges.owner("77AA").child.id == "c02"
    keep = badge_key(class_secret([own, other]), "77AA")
    assert kiosk.service.child("c02").badges == (keep,)
    assert kiosk.service.badges.enrol("c02", "77AA") == "This badge already belongs to Leo."


def test_a_badge_known_under_another_kiosks_secret_is_not_enrolled_again(kiosk):
    other = new_badge_secret()
    kiosk_badge_secrets(kiosk.storage).learn([other])
    _put_raw_child(kiosk, "c03", [badge_key(other, "88DD")])
    assert kiosk.service.badges.enrol("c02", "88DD") == "This badge belongs to Mia. Remove it there first."
    assert kiosk.service.badges.enrol("c03", "88dd") == "This badge already belongs to Mia."
    assert len(kiosk.service.child("c03").badges) == 1


def test_two_kiosks_that_know_the_same_secrets_enrol_a_badge_as_the_same_key(tmp_path):
    one, two = (build_kiosk(tmp_path / name, clock=ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC)),
                            speaker=SilentSpeaker()) for name in ("a", "b"))
    try:
        secrets = [kiosk_badge_secrets(one.storage).own(), kiosk_badge_secrets(two.storage).own()]
        for services in (one, two):  # after both synced with the laptop
            kiosk_badge_secrets(services.storage).learn(secrets)
            services.service.reload_config()
            assert services.service.badges.enrol("c02", "99EE") is None
        assert set(one.service.child("c02").badges) & set(two.service.child("c02").badges)
    finally:
        one.close()
        two.close()


def test_the_secrets_are_kept_apart_and_an_older_kiosks_are_moved_out_of_the_setup(tmp_path):
    clock = ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))
    services = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    own = kiosk_badge_secrets(services.storage).own()
    config = services.storage.config
    assert own and own not in config.path.read_text(encoding="utf-8")  # config.json alone reveals no badge
    secrets_file = tmp_path / "data" / "sync" / "badge-secrets.json"
    assert secrets_file.stat().st_mode & 0o777 == 0o600
    other = new_badge_secret()
    config.put_meta("badge_secret", own)  # as an earlier version kept them
    config.put_meta("badge_secrets", [other])
    secrets_file.unlink()
    services.close()
    again = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    try:
        raw = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"][0]["badges"][0]
        assert again.service.badges.owner(raw).child.first_name == "Ava"  # the old secret still recognises it
        text = again.storage.config.path.read_text(encoding="utf-8")
        assert own not in text and other not in text
        assert kiosk_badge_secrets(again.storage).known() == [own, other]
    finally:
        again.close()


def test_a_damaged_secrets_file_is_set_aside_and_said(tmp_path):
    clock = ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))
    build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker()).close()
    (tmp_path / "data" / "sync" / "badge-secrets.json").write_text("{not json", encoding="utf-8")
    services = build_kiosk(tmp_path / "data", clock=clock, speaker=SilentSpeaker())
    try:
        assert any("badge secrets was damaged" in p for p in services.service.problems)
        assert list((tmp_path / "data" / "sync").glob("badge-secrets.json.corrupt-*"))
        kiosk_badge_secrets(services.storage).learn([new_badge_secret()])  # a sync with the laptop
        services.service.reload_config()
        assert not any("badge secrets" in p for p in services.service.problems)
    finally:
        services.close()
