"""The class-wide part of a kiosk's settings as one versioned sync record.

The laptop and every kiosk share the switching rule, timeouts, language,
reflection, retention date, teacher badges and choice times (kept or not, the
timetable); the PIN hash and the badge
reader stay with each kiosk (a reader is hardware; a PIN is changed where it is
typed). The kiosk does not bump a revision at every local save: it keeps the
version it last synced (``rev``, stamps and content) and, when its settings no
longer match that content, offers ``rev + 1`` stamped by itself — an edit made
on the kiosk since the last sync.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["CLASS_FIELDS", "CLASS_SETTINGS_ID", "apply_class_settings", "class_record", "class_subset"]

CLASS_SETTINGS_ID = "class"
CLASS_FIELDS = (
    "switching",
    "idle_timeout_s",
    "done_timeout_s",
    "language",
    "reflection",
    "retention_until",
    "term_starts",
    "teacher_badges",
    "teacher_badge_skips_pin",
    "choice_times",
)


def class_subset(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The shared fields of a settings dict (missing ones stay missing)."""
    return {name: settings[name] for name in CLASS_FIELDS if name in settings}


def class_record(
    settings: Mapping[str, Any], synced: Mapping[str, Any] | None, *, kiosk_id: str, edited_at: str
) -> dict[str, Any]:
    """This kiosk's version of the class settings, given the version it last synced.

    ``edited_at`` stamps an edit made here since (kiosk/shared/sync/edit_stamps.py); its
    ``base`` is the version it was made from.
    """
    content = class_subset(settings)
    if synced and synced.get("content") == content:
        return {**content, "id": CLASS_SETTINGS_ID, "rev": synced["rev"],
                "edited_at": synced["edited_at"], "edited_by": synced["edited_by"]}
    rev = int(synced["rev"]) + 1 if synced else 1
    record = {**content, "id": CLASS_SETTINGS_ID, "rev": rev, "edited_at": edited_at, "edited_by": kiosk_id}
    if synced and synced.get("edited_at"):
        record["base"] = synced["edited_at"]
    return record


def apply_class_settings(settings: Mapping[str, Any], record: Mapping[str, Any]) -> dict[str, Any]:
    """The kiosk's settings with the merged class fields put in; local fields untouched."""
    return {**settings, **class_subset(record)}
