"""The kiosk's setup as it offers it to a sync: its records, stamped, and what it shows of them.

A record edited here carries its own stamp (kiosk/shared/sync/edit_stamps.py). One with
none — loaded from the classroom file, or edited by an earlier version — is
offered as edited now, by this kiosk, and marked ``seeded``, so that any edit made
anywhere wins over it (kiosk/shared/sync/config_merge.py, rule 2): a class language the
teacher set on the laptop before the first sync is not undone by the kiosk's
starting settings. Pure rules over plain records; the kiosk's sync backend calls them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kiosk.pi.sync.class_settings import class_record
from kiosk.shared.sync.config_merge import SEEDED

__all__ = ["STAMPS", "content", "offered", "offered_records", "record_name"]

STAMPS = ("rev", "edited_at", "edited_by", "base", "unsynced", SEEDED)


def offered(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record as it travels: without the kiosk's own mark of an edit not yet synced."""
    return {k: v for k, v in record.items() if k != "unsynced"}


def content(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """What the kiosk shows of a record: everything but its version stamps."""
    return None if record is None else {k: v for k, v in record.items() if k not in STAMPS}


def record_name(records: Iterable[Mapping[str, Any]], record_id: str) -> str:
    record = next((r for r in records if r["id"] == record_id), {})
    return str(record.get("name") or record.get("first_name") or record_id)


def offered_records(
    stored: Mapping[str, Iterable[Mapping[str, Any]]],
    settings: Mapping[str, Any],
    synced_settings: Mapping[str, Any] | None,
    settings_edited_at: str | None,
    *,
    stamp: str,
    kiosk_id: str,
) -> dict[str, list[dict[str, Any]]]:
    """Centers and children (``stored``, deletions included) and the class settings, as sync records."""
    unstamped = {"edited_at": stamp, "edited_by": kiosk_id, SEEDED: True}
    class_settings = class_record(
        settings, synced_settings, kiosk_id=kiosk_id, edited_at=settings_edited_at or stamp
    )
    if settings_edited_at is None and class_settings["edited_by"] == kiosk_id and class_settings["edited_at"] == stamp:
        class_settings[SEEDED] = True
    return {
        kind: [offered(r) if r.get("edited_at") else {**unstamped, **offered(r)} for r in records]
        for kind, records in stored.items()
    } | {"settings": [class_settings]}
