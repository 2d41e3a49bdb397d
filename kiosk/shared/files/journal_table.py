"""TinyDB tables that tell their storage which documents a write touched.

TinyDB's ``Table._update_table`` copies the whole table into a new dict, lets an
"updater" change it and hands the storage the whole database. :class:`JournalTable`
does the same but wraps the table in a recorder that notes every document id the
updater reads, sets or deletes, and passes that list to the storage's
``note_touched`` before ``write``. :class:`~.journal_storage.JournalStorage` then
compares only those documents, so an insert into a table of 1000 documents costs
what it costs into a table of 10. Storages without ``note_touched`` work as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

__all__ = ["JournalDB", "JournalTable"]


class _TouchRecorder(MutableMapping[str, Any]):
    """A table as TinyDB's updaters see it, remembering every id they reach."""

    def __init__(self, data: dict[str, Any], id_class: Callable[[str], Any]) -> None:
        self.data = data
        self.touched: dict[str, None] = {}
        self._id_class = id_class

    def __getitem__(self, key: Any) -> Any:
        self.touched[str(key)] = None
        return self.data[str(key)]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.touched[str(key)] = None
        self.data[str(key)] = value

    def __delitem__(self, key: Any) -> None:
        self.touched[str(key)] = None
        del self.data[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self.data

    def __iter__(self) -> Iterator[Any]:
        return (self._id_class(key) for key in list(self.data))

    def __len__(self) -> int:
        return len(self.data)


class JournalTable(Table):
    """A TinyDB table whose writes tell the storage which documents they touched."""

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read() or {}
        recorder = _TouchRecorder(dict(tables.get(self.name, {})), self.document_id_class)
        updater(recorder)  # type: ignore[arg-type]
        tables[self.name] = recorder.data
        note = getattr(self._storage, "note_touched", None)
        if note is not None:
            note(self.name, recorder.touched)
        self._storage.write(tables)
        self.clear_cache()


class JournalDB(TinyDB):
    """TinyDB whose tables report touched documents (use with :class:`JournalStorage`)."""

    table_class = JournalTable
