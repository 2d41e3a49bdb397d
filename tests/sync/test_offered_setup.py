"""What a kiosk offers to a sync: unstamped (seeded) records are marked, edited ones travel as they are."""

from __future__ import annotations

from kiosk.pi.sync.offered_setup import content, offered_records
from kiosk.shared.sync.config_merge import merge_configs

NOW = "2026-11-25T10:00:00.000000+00:00"


def _offer(settings_edited_at=None, synced=None):
    stored = {
        "centers": [{"id": "blocks", "name": "Blocks", "rev": 1}],
        "children": [{"id": "ann", "first_name": "Ann", "rev": 2, "edited_at": "2026-11-20T09:00:00+00:00",
                      "edited_by": "kioskA", "unsynced": True}],
    }
    return offered_records(stored, {"language": "en", "pin_hash": "x"}, synced, settings_edited_at,
                           stamp=NOW, kiosk_id="kioskA")


def test_records_loaded_from_the_classroom_file_are_offered_as_seeded():
    offer = _offer()
    (center,) = offer["centers"]
    assert center["seeded"] is True and center["edited_at"] == NOW and center["edited_by"] == "kioskA"
    (child,) = offer["children"]
    assert "seeded" not in child and "unsynced" not in child and child["edited_at"] == "2026-11-20T09:00:00+00:00"
    (settings,) = offer["settings"]
    assert settings["seeded"] is True and settings["language"] == "en" and "pin_hash" not in settings
    assert content(center) == {"id": "blocks", "name": "Blocks"}


def test_settings_edited_on_the_kiosk_or_synced_before_are_not_seeded():
    assert "seeded" not in _offer(settings_edited_at="2026-11-24T08:00:00+00:00")["settings"][0]
    synced = {"content": {"language": "en"}, "rev": 3, "edited_at": "2026-11-01T08:00:00+00:00", "edited_by": "laptop"}
    assert "seeded" not in _offer(synced=synced)["settings"][0]


def test_an_earlier_laptop_edit_beats_the_seeded_settings_offered_later():
    teacher = {"id": "class", "language": "es", "rev": 1, "edited_at": "2026-11-25T09:00:00+00:00",
               "edited_by": "laptop"}
    (merged,) = merge_configs(_offer()["settings"], [teacher])
    assert merged["language"] == "es"
