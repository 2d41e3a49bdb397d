"""The class's setup on the laptop: its centers, children and settings, as sync records.

Each kind is a table of the laptop's file (``laptop.json``), one versioned record per
center or child and one for the class's settings. Records change three ways: the teacher
edits one here (the next rev, stamped as this laptop's, based on the version edited),
deletes one (a tombstone), or a sync merges a kiosk's records in by the documented rule
of kiosk/shared/sync/config_merge.py. A merge that deletes a child hands them to
``forget_children`` (their choices and photo go too) before the tombstone is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from tinydb import TinyDB

from kiosk.laptop.deletions import newly_deleted
from kiosk.shared.files.atomic_storage import AtomicJSONStorage
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.sync.config_merge import LAPTOP, SEEDED, merge_configs, tombstone
from kiosk.shared.sync.edit_stamps import next_stamp
from kiosk.shared.sync.messages import SETUP_KINDS
from kiosk.shared.sync.setup_record_types import (
    CenterRecord,
    ChildRecord,
    SettingsRecord,
    SetupRecord,
    setup_record,
    setup_records,
)

__all__ = ["KINDS", "SetupRecords"]

KINDS = SETUP_KINDS


class SetupRecords:
    """The setup's tables of the laptop's file; written by the store's one writer thread."""

    def __init__(self, db: TinyDB, writer: SingleWriter, forget_children: Callable[[dict[str, str]], int]) -> None:
        self._db = db
        self._writer = writer
        #: Children a merge deleted (id → first name): their choices and photos go; returns how many choices.
        self._forget_children = forget_children

    def records(self, kind: str) -> list[SetupRecord]:
        """A kind's records (tombstones too), sorted by id, as the file holds them."""
        return sorted(setup_records(self._db.table(kind).all()), key=lambda r: r["id"])

    def centers(self) -> list[CenterRecord]:
        return cast(list[CenterRecord], self.records("centers"))

    def children(self) -> list[ChildRecord]:
        return cast(list[ChildRecord], self.records("children"))

    def settings(self) -> SettingsRecord:
        """The class's settings record (empty before any was made or synced)."""
        none: SettingsRecord = {}
        return next((r for r in cast(list[SettingsRecord], self.records("settings")) if r.get("id") == "class"), none)

    def retention_until(self) -> str:
        """The class's retention date as set (ISO date; "" for the end of the school year)."""
        return str(self.settings().get("retention_until", ""))

    def deleted_children(self) -> set[str]:
        """The ids of children deleted here or on another laptop (tombstones)."""
        return {r["id"] for r in self.records("children") if r.get("deleted")}

    def replace(self, kind: str, records: Sequence[SetupRecord]) -> None:
        self._writer.check("save the setup")
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        with storage.batch():
            table = self._db.table(kind)
            table.truncate()
            table.insert_multiple(records)

    def merge(self, kind: str, incoming: Iterable[SetupRecord]) -> list[SetupRecord]:
        """Merge records by the rule of config_merge.py; a child's deletion takes their choices and photo."""
        return self._merge(kind, incoming)[0]

    def _merge(self, kind: str, incoming: Iterable[Mapping[str, Any]]) -> tuple[list[SetupRecord], int]:
        """The records after merging, and how many choices of children it deleted went with them.

        A deleted child's choices and photo go before the tombstone is saved: cut in between,
        the next merge finds the child still live here and deletes again (nothing is left behind).
        """
        before = self.records(kind)
        merged = setup_records(merge_configs(before, incoming))
        removed = 0
        if merged != before:
            gone = newly_deleted(before, merged) if kind == "children" else {}
            if gone:
                removed = self._forget_children(gone)
            self.replace(kind, merged)
        return merged, removed

    def edit(self, kind: str, record: SetupRecord) -> SetupRecord:
        """The teacher edits a center or child on the laptop: next rev, stamped laptop, based on the version edited."""
        old = next((r for r in self.records(kind) if r["id"] == record["id"]), None)
        stored = dict(record)
        stored.update(rev=(old["rev"] if old else 0) + 1, edited_at=self._stamp(), edited_by=LAPTOP)
        stored.pop("base", None)
        stored.pop(SEEDED, None)  # an edit by the teacher is an edit, whatever it was made from
        if old and old.get("edited_at"):
            stored["base"] = old["edited_at"]
        edited = setup_record(stored)
        self.merge(kind, [edited])
        return edited

    def delete(self, kind: str, record_id: str) -> int:
        """A tombstone for the record; returns how many choices went with it (a child's)."""
        old = next((r for r in self.records(kind) if r["id"] == record_id), None)
        rev = (old["rev"] if old else 0) + 1
        return self._merge(kind, [tombstone(record_id, rev=rev, edited_at=self._stamp(), edited_by=LAPTOP)])[1]

    def _stamp(self) -> str:
        """Now, or just after the newest edit this laptop has seen (kiosk/shared/sync/edit_stamps.py)."""
        seen = (r.get("edited_at") for kind in KINDS for r in self.records(kind))
        return next_stamp(datetime.now(UTC), seen)
