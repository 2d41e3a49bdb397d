"""A kiosk's own edit of a center or child keeps the fields its domain does not know.

The laptop names a child's photo by its digest (``photo_sha256``), and a later version may add
fields of its own to a center or a child; the kiosk's teacher changes a center's seats or
enrols a badge. That edit is the newer version and wins the merge, so a field it dropped
would be gone on every laptop: without the digest no other kiosk is ever sent the photo.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.pi.class_setup import ClassSetup
from kiosk.pi.storage import ConfigStore
from kiosk.shared.domain import Center, Child


def _synced(record: dict, rev: int = 3) -> dict:
    return {**record, "rev": rev, "edited_at": "2026-11-02T10:00:00.000000Z", "edited_by": "laptop"}


def test_a_seat_change_at_the_kiosk_keeps_the_fields_a_later_version_added(tmp_path: Path):
    config = ConfigStore(tmp_path / "config.json")
    lego = Center("lego", "Lego Stories", "build a story", "centers/lego.png", "#2a9d8f", 4)
    config.put_synced("centers", _synced({**lego.to_dict(), "voices": {"en": "a" * 64}}))
    setup = ClassSetup(config)
    setup.put_center(replace(setup.centers["lego"], seats=6))
    stored = next(c for c in config.get_centers() if c["id"] == "lego")
    assert stored["seats"] == 6 and stored["voices"] == {"en": "a" * 64} and stored["rev"] == 4


def test_a_badge_enrolled_at_the_kiosk_keeps_the_child_s_photo_digest(tmp_path: Path):
    config = ConfigStore(tmp_path / "config.json")
    ava = Child("ava", "Ava", "photos/ava.png")
    config.put_synced("children", _synced({**ava.to_dict(), "photo_sha256": "c" * 64}))
    setup = ClassSetup(config)
    setup.put_child(replace(setup.children["ava"], badges=("k1",)))
    stored = next(c for c in config.get_children() if c["id"] == "ava")
    assert stored["badges"] == ["k1"] and stored["photo_sha256"] == "c" * 64 and stored["rev"] == 4
