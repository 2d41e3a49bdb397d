"""The laptop's own values in its file's ``meta`` table: one document per key.

The laptop's id, name and class key (this_laptop.py), the retention purge's progress
(retention_purges.py), the deletion offers (deletions.py): each part of the store is
handed ``get`` and ``put`` and keeps its own keys.
"""

from __future__ import annotations

from typing import Any

from tinydb import Query
from tinydb.table import Table

from kiosk.shared.files.single_writer import SingleWriter

__all__ = ["MetaValues"]


class MetaValues:
    """Values by key; written by the store's one writer thread."""

    def __init__(self, table: Table, writer: SingleWriter) -> None:
        self._table = table
        self._writer = writer

    def get(self, key: str, default: Any = None) -> Any:
        found = self._table.get(Query().id == key)
        return default if found is None else found["value"]

    def put(self, key: str, value: Any) -> None:
        self._writer.check("save a laptop value")
        self._table.upsert({"id": key, "value": value}, Query().id == key)
