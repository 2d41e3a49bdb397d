"""The class setup shared by the laptop and every kiosk: versions, deletions, settings, badges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.service import KioskService
from kiosk.shared.badges import new_badge_secret

from .net_helpers import Kiosk, pair


def _service(kiosk: Kiosk, secret: str) -> KioskService:
    """The kiosk's own service over the same storage, told when a sync changes the setup."""
    kiosk.storage_thread(lambda: kiosk.storage.config.put_meta("badge_secret", secret))
    service = kiosk.storage_thread(lambda: KioskService(kiosk.storage, kiosk.clock, kiosk.kiosk_id, secret))
    kiosk.backend._on_config_changed = service.reload_config
    return service


def _record(records: list[dict], record_id: str) -> dict:
    return next(r for r in records if r["id"] == record_id)


def test_the_kiosk_keeps_the_merged_revision(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    for seats in (5, 6, 7):
        center = _record(laptop.setup.records("centers"), "lego")
        laptop.setup.edit("centers", {**center, "seats": seats})
    sync_kiosk(laptop, "kioskA", timeout=5)
    on_laptop, on_kiosk = _record(laptop.setup.records("centers"), "lego"), _record(kiosk.centers(), "lego")
    assert on_kiosk["rev"] == on_laptop["rev"] == 4 and on_kiosk["seats"] == 7
    assert on_kiosk["edited_by"] == "laptop"


def test_an_edit_on_the_kiosk_after_a_sync_wins_over_the_older_laptop_version(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    service = _service(kiosk, new_badge_secret())
    laptop.setup.edit("centers", {**kiosk.centers()[0], "seats": 6})
    sync_kiosk(laptop, "kioskA", timeout=5)
    kiosk.storage_thread(lambda: service.edits.set_seats("lego", 2))
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(laptop.setup.records("centers"), "lego")["seats"] == 2
    assert _record(kiosk.centers(), "lego")["seats"] == 2


def test_a_deleted_child_stays_deleted_as_a_tombstone_on_the_kiosk(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    laptop.setup.delete("children", "ann")
    sync_kiosk(laptop, "kioskA", timeout=5)
    tombstones = kiosk.storage_thread(lambda: kiosk.storage.config.synced_records("children"))
    assert [(r["id"], r.get("deleted")) for r in tombstones] == [("ann", True)]
    assert b"cat.png" not in kiosk.config_file()
    other = LaptopStore(laptop.directory.parent / "second-laptop")
    try:
        pair(kiosk, other)
        sync_kiosk(other, "kioskA", timeout=5)  # a laptop that never knew Ann learns she was deleted
        assert _record(other.setup.records("children"), "ann").get("deleted") is True
    finally:
        other.close()
    assert kiosk.children() == []


def test_class_settings_travel_both_ways_and_local_ones_stay(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    kiosk.storage_thread(lambda: kiosk.storage.config.put_settings(
        {"pin_hash": "scrypt$kiosk-pin", "reader": {"kind": "serial", "port": "/dev/ttyUSB0"}, "language": "en"}))
    sync_kiosk(laptop, "kioskA", timeout=5)
    (settings,) = laptop.setup.records("settings")
    assert settings["id"] == "class" and settings["language"] == "en"
    assert "pin_hash" not in settings and "reader" not in settings
    laptop.setup.edit("settings", {**settings, "switching": {"allowed": False, "min_minutes": 5}})
    sync_kiosk(laptop, "kioskA", timeout=5)
    stored = kiosk.storage_thread(kiosk.storage.config.get_settings)
    assert stored["switching"] == {"allowed": False, "min_minutes": 5}
    assert stored["pin_hash"] == "scrypt$kiosk-pin" and stored["reader"]["port"] == "/dev/ttyUSB0"
    kiosk.storage_thread(lambda: kiosk.storage.config.put_settings({**stored, "teacher_badge_skips_pin": True}))
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert laptop.setup.records("settings")[0]["teacher_badge_skips_pin"] is True
    before = kiosk.storage_thread(kiosk.storage.config.get_settings)
    assert sync_kiosk(laptop, "kioskA", timeout=5).setup_changed == []
    after = kiosk.storage_thread(kiosk.storage.config.get_settings)
    assert after == before  # a sync with nothing new does not save the settings again
    assert {**after, "rev": 0} == {**stored, "teacher_badge_skips_pin": True, "rev": 0}


def test_a_badge_enrolled_on_one_kiosk_opens_the_other(kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore) -> None:
    service_a, service_b = _service(kiosk, new_badge_secret()), _service(kiosk_b, new_badge_secret())
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    assert kiosk.storage_thread(lambda: service_a.badges.enrol("ann", "0004312345")) is None
    assert kiosk_b.storage_thread(lambda: service_b.badges.owner("0004312345")).unknown
    sync_kiosk(laptop, "kioskA", timeout=5)
    sync_kiosk(laptop, "kioskB", timeout=5)
    owner = kiosk_b.storage_thread(lambda: service_b.badges.owner("0004312345"))
    assert owner.child is not None and owner.child.id == "ann"
    assert "belongs to Ann" in kiosk_b.storage_thread(lambda: service_b.badges.enrol("ann", "0004312345"))
    assert "0004312345" not in (laptop.directory / "laptop.json").read_text()


def test_a_lost_badge_removed_on_a_kiosk_does_not_come_back(kiosk: Kiosk, laptop: LaptopStore) -> None:
    service = _service(kiosk, new_badge_secret())
    pair(kiosk, laptop)
    kiosk.storage_thread(lambda: service.badges.enrol("ann", "0004312345"))
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(laptop.setup.records("children"), "ann")["badges"]
    assert kiosk.storage_thread(lambda: service.badges.remove("ann")) == 1
    ann = _record(laptop.setup.records("children"), "ann")
    laptop.setup.edit("children", {**ann, "first_name": "Annie"})  # an edit of the old version on the laptop
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _record(laptop.setup.records("children"), "ann")["badges"] == []
    assert _record(kiosk.children(), "ann")["first_name"] == "Annie"
    assert kiosk.storage_thread(lambda: service.badges.owner("0004312345")).unknown


def test_a_class_language_set_on_the_laptop_before_the_first_sync_is_kept(kiosk: Kiosk, laptop: LaptopStore) -> None:
    """The kiosk's settings as seeded from its classroom file carry no edit; the teacher's choice wins over them,
    although the kiosk offers them stamped at the sync, after the laptop's edit."""
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()  # the teacher set it, then went to pair
    laptop.setup.merge("settings", [{"id": "class", "language": "es", "rev": 1, "edited_at": an_hour_ago,
                                       "edited_by": "laptop"}])
    kiosk.clock.advance((datetime.now(UTC) - kiosk.clock.now()).total_seconds())  # the kiosk's clock is right
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert laptop.setup.records("settings")[0]["language"] == "es"
    assert kiosk.storage_thread(kiosk.storage.config.get_settings)["language"] == "es"
    laptop.setup.edit("settings", {**laptop.setup.records("settings")[0], "language": "en"})
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert kiosk.storage_thread(kiosk.storage.config.get_settings)["language"] == "en"
    kiosk.storage_thread(lambda: kiosk.storage.config.put_settings(
        {**kiosk.storage.config.get_settings(), "language": "es"}))  # an edit on the kiosk is an edit: it wins
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert laptop.setup.records("settings")[0]["language"] == "es" and "seeded" not in laptop.setup.records("settings")[0]
