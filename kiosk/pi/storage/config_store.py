"""The kiosk's setup — centers, children, settings, meta — in one atomic JSON file.

A TinyDB database on :class:`AtomicJSONStorage`: every change replaces
``config.json`` atomically, so after a power cut the file is the old or the new
version, never half of each. Records are plain dicts with an ``id``; each save
stamps ``rev`` (1, 2, 3 … per record) so sync can later tell which edit is newer.

A damaged ``config.json`` is set aside and reported; the store then starts empty
with ``was_reset`` set, and the caller decides what to load. If the damaged file
cannot even be moved, the store refuses every change so it is never overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, MutableMapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from kiosk.pi.storage.quarantine import Quarantine, config_problem
from kiosk.shared.files.atomic_storage import AtomicJSONStorage
from kiosk.shared.files.durable_io import FileOps, make_private_file, temp_path_for
from kiosk.shared.files.errors import CorruptFileError, StorageError, StorageProblem
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.text.i18n import N_

__all__ = ["ConfigStore"]

_TABLES = ("centers", "children", "settings", "meta")
_SETTINGS_ID = "settings"
_SYNC_STAMPS = ("edited_at", "edited_by", "deleted", "base", "unsynced", "seeded")


def _checked(record: Any, what: str, *, needs_id: bool = True) -> dict[str, Any]:
    """A copy of ``record`` after checking it can be saved; ``ValueError`` if not."""
    if not isinstance(record, dict):
        raise ValueError(f"{what} must be a dict, not {type(record).__name__}")
    if needs_id and (not isinstance(record.get("id"), str) or not record["id"].strip()):
        raise ValueError(f"{what} needs an 'id' that is non-empty text")
    try:
        copy: dict[str, Any] = json.loads(json.dumps(record, allow_nan=False))
        return copy
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} cannot be saved as JSON: {exc}") from exc


def _meta_record(key: Any, value: Any) -> dict[str, Any]:
    if not isinstance(key, str) or not key.strip():
        raise ValueError(f"a meta key must be non-empty text, not {key!r}")
    return _checked({"id": key, "value": value}, f"the meta value {key!r}")


class ConfigStore:
    """Centers, children, settings and meta values of one kiosk."""

    def __init__(
        self, path: Path, *, ops: FileOps | None = None, writer: SingleWriter | None = None
    ) -> None:
        self.path = Path(path)
        self._ops = ops or FileOps()
        self._writer = writer or SingleWriter()
        self._quarantine = Quarantine(self._ops, self._writer)
        self.was_reset = False
        #: Stamps a local edit ``(edited_at, edited_by)``: set by the composition root
        #: (kiosk/shared/sync/edit_stamps.py). Without it, edits carry no stamps (offered at the next sync).
        self.stamper: Callable[[], tuple[str, str]] | None = None
        self._frozen: str | None = None
        temp_path_for(self.path).unlink(missing_ok=True)
        make_private_file(self.path)
        try:
            self._db = TinyDB(self.path, storage=AtomicJSONStorage, ops=self._ops, what=N_("this change"))
        except CorruptFileError as exc:
            self.was_reset = True
            if self._quarantine.report(self.path, config_problem(self.path, exc.reason)) is None:
                self._frozen = f"{self.path.name} is damaged and could not be set aside"
                self._db = TinyDB(storage=MemoryStorage)
            else:
                self._db = TinyDB(self.path, storage=AtomicJSONStorage, ops=self._ops)

    @property
    def problems(self) -> list[StorageProblem]:
        return self._quarantine.problems

    def _table(self, name: str) -> Table:
        return self._db.table(name)

    def _check_write(self, action: str) -> None:
        self._writer.check(action)
        if self._frozen is not None:
            raise StorageError(
                "The setup file is damaged and could not be moved out of the way, so the "
                "kiosk will not change it. Please restart the kiosk.",
                detail=self._frozen,
            )

    def _put(self, table_name: str, record: dict[str, Any], *, rev: int | None = None) -> dict[str, Any]:
        """Save ``record``: a local edit gets the next ``rev``, a synced version keeps its own.

        A local edit is a new version made here, so the edit stamps of the version it
        replaces go, while the badges revoked so far stay revoked (see
        kiosk/shared/sync/config_merge.py).
        """
        table = self._table(table_name)
        docs = table.all()
        old = next((doc for doc in docs if doc.get("id") == record["id"]), None)
        if rev is None:
            stored = {k: v for k, v in record.items() if k not in _SYNC_STAMPS}
            revoked = set(old.get("revoked_badges", ())) if old and not old.get("deleted") else set()
            revoked |= set(record.get("revoked_badges", ()))
            if revoked:
                stored["revoked_badges"] = sorted(revoked)
            stored.update(self._local_version(old))
        else:
            stored = {**record, "rev": rev}
        if old is None:
            next_id = max((doc.doc_id for doc in docs), default=0) + 1
            table.insert(Document(stored, doc_id=next_id))
        else:

            def replace_all(doc: MutableMapping[str, Any]) -> None:
                doc.clear()
                doc.update(stored)

            table.update(replace_all, doc_ids=[old.doc_id])
        return stored

    def _local_version(self, old: dict[str, Any] | None) -> dict[str, Any]:
        """``rev`` and stamps of an edit made here.

        One edit is one revision however many saves it takes: until a sync takes
        the edit, further saves keep its ``rev`` and ``base`` (the stamp of the
        version it was made from) and only move ``edited_at``.
        """
        pending = bool(old and old.get("unsynced"))
        version: dict[str, Any] = {"rev": (old.get("rev", 0) if old else 0) + (0 if pending else 1)}
        if self.stamper is None:
            return version
        edited_at, edited_by = self.stamper()
        base = (old or {}).get("base") if pending else (old or {}).get("edited_at")
        version.update(edited_at=edited_at, edited_by=edited_by, unsynced=True)
        if base:
            version["base"] = base
        return version

    def stamps_seen(self) -> list[str]:
        """Every edit stamp this kiosk holds, so a new one can follow them all (edit_stamps.py)."""
        stamps = [str(doc["edited_at"]) for name in ("centers", "children", "settings")
                  for doc in self._table(name).all() if doc.get("edited_at")]
        synced = self.get_meta("sync_settings") or {}
        return stamps + ([str(synced["edited_at"])] if synced.get("edited_at") else [])

    def _remove(self, table_name: str, record_id: str) -> bool:
        """Delete a record here: a tombstone with the next ``rev`` takes its place (see put_synced)."""
        old = next((doc for doc in self._table(table_name).all() if doc.get("id") == record_id), None)
        if old is None or old.get("deleted"):
            return False
        self._put(table_name, {"id": record_id, "deleted": True}, rev=int(old.get("rev", 0)) + 1)
        return True

    def _live(self, table_name: str) -> list[dict[str, Any]]:
        return [dict(doc) for doc in self._table(table_name).all() if not doc.get("deleted")]

    def synced_records(self, table_name: str) -> list[dict[str, Any]]:
        """Every record of ``centers`` or ``children``, deletions (tombstones) included, for sync."""
        if table_name not in ("centers", "children"):
            raise ValueError(f"no synced records called {table_name!r}")
        return [dict(doc) for doc in self._table(table_name).all()]

    def put_synced(self, table_name: str, record: dict[str, Any]) -> dict[str, Any]:
        """Save the merged version of a record as it is, ``rev`` and stamps included.

        A tombstone (``"deleted": true``) replaces the record, so the deleted data
        is gone from the file and the deletion itself travels on to other peers.
        """
        if table_name not in ("centers", "children"):
            raise ValueError(f"no synced records called {table_name!r}")
        self._check_write("save a synced record")
        checked = _checked(record, "a synced record")
        rev = checked.get("rev")
        if isinstance(rev, bool) or not isinstance(rev, int) or rev < 1:
            raise ValueError(f"the synced record {checked['id']} needs a revision number")
        return self._put(table_name, checked, rev=rev)

    def get_centers(self) -> list[dict[str, Any]]:
        return self._live("centers")

    def put_center(self, center: dict[str, Any]) -> dict[str, Any]:
        """Save a center (a dict with an ``id``); returns it with its new ``rev``."""
        self._check_write("save a center")
        return self._put("centers", _checked(center, "a center"))

    def remove_center(self, center_id: str) -> bool:
        self._check_write("remove a center")
        return self._remove("centers", center_id)

    def get_children(self) -> list[dict[str, Any]]:
        return self._live("children")

    def put_child(self, child: dict[str, Any]) -> dict[str, Any]:
        """Save a child (a dict with an ``id``); returns it with its new ``rev``."""
        self._check_write("save a child")
        return self._put("children", _checked(child, "a child"))

    def remove_child(self, child_id: str) -> bool:
        self._check_write("remove a child")
        return self._remove("children", child_id)

    def get_settings(self) -> dict[str, Any] | None:
        docs = self._table("settings").all()
        if not docs:
            return None
        return {k: v for k, v in docs[0].items() if k != "id" and k not in _SYNC_STAMPS}

    def settings_edited_at(self) -> str | None:
        """When the settings were last edited here (kiosk/shared/sync/edit_stamps.py), or None."""
        docs = self._table("settings").all()
        return str(docs[0]["edited_at"]) if docs and docs[0].get("edited_at") else None

    def put_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        self._check_write("save the settings")
        record = _checked(settings, "the settings", needs_id=False)
        stored = self._put("settings", {**record, "id": _SETTINGS_ID})
        stored.pop("id")
        return stored

    def get_meta(self, key: str, default: Any = None) -> Any:
        for doc in self._table("meta").all():
            if doc.get("id") == key:
                return doc.get("value")
        return default

    def put_meta(self, key: str, value: Any) -> None:
        """Save one JSON value under ``key`` (e.g. the kiosk id)."""
        self._check_write("save a kiosk value")
        self._put("meta", _meta_record(key, value))

    def batch(self) -> AbstractContextManager[None]:
        """Group several saves into one atomic write (one fsync); nothing is saved on an exception."""
        storage = self._db.storage
        return storage.batch() if isinstance(storage, AtomicJSONStorage) else nullcontext()

    def is_empty(self) -> bool:
        return all(len(self._table(name)) == 0 for name in _TABLES)

    def seed(
        self,
        centers: Iterable[dict[str, Any]] = (),
        children: Iterable[dict[str, Any]] = (),
        settings: dict[str, Any] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Replace the whole setup in one atomic save (revs continue per record)."""
        self._check_write("load a setup")
        rows = {
            "centers": [_checked(c, "a center") for c in centers],
            "children": [_checked(c, "a child") for c in children],
            "settings": [] if settings is None else [
                {**_checked(settings, "the settings", needs_id=False), "id": _SETTINGS_ID}
            ],
            "meta": [_meta_record(key, value) for key, value in (meta or {}).items()],
        }
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        with storage.batch():
            for name, records in rows.items():
                keep = {r["id"] for r in records}
                self._table(name).remove(lambda doc, keep=keep: doc.get("id") not in keep)
                for record in records:
                    self._put(name, record)

    def close(self) -> None:
        self._db.close()
