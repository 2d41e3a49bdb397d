"""A TinyDB ``Storage`` that appends what changed instead of rewriting the file.

TinyDB hands a storage the whole database on every write; its JSON storage rewrites
the whole file each time, which grows with the history and tears on power loss.
:class:`JournalStorage` keeps the state in memory, compares the new state with its
own copy of what is on disk, and appends one checksummed line with only the changed
documents (see :mod:`.journal_format`), then ``fsync``\\ s before returning.

Comparing a whole table on every write would still cost O(table), so a table may
tell the storage which documents a write touched (``note_touched``, called by
:class:`~.journal_table.JournalTable`); then only those are compared. Writes without
that note (``drop_tables``, a hand-made ``write``) are compared in full.

A failed write is undone: the file is cut back to its previous length and the
in-memory state is left as it was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kiosk.shared.files.durable_io import FILE_MODE, FileOps, atomic_write, write_all
from kiosk.shared.files.errors import StorageError, error_from_os
from kiosk.shared.files.journal_format import HEADER, apply_ops, encode_line, scan_journal
from kiosk.shared.text.i18n import N_

__all__ = ["JournalStorage", "create_journal"]

Tables = dict[str, dict[str, Any]]


def create_journal(
    path: Path, ops: FileOps | None = None, header: dict[str, Any] = HEADER
) -> None:
    """Create a journal holding only its header, atomically (temp, fsync, rename)."""
    if path.exists():
        raise FileExistsError(path)
    atomic_write(ops or FileOps(), path, encode_line(header), N_("a new file of choices"))


_CONTAINERS = (dict, list)


def _copy(value: Any) -> Any:
    """Copy the containers of a JSON value; strings and numbers are shared."""
    if isinstance(value, dict):
        return {k: _copy(v) if isinstance(v, _CONTAINERS) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value


class JournalStorage(Storage):
    """TinyDB storage on an append-only, checksummed journal file.

    The file is read and checked once, when the storage is made: a damaged file
    raises :class:`CorruptFileError`; a torn last line is cut off (``dropped_tail``
    says how many bytes). ``read_only`` storages never change the file.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        ops: FileOps | None = None,
        read_only: bool = False,
        create: bool = False,
        what: str = N_("this change"),
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._ops = ops or FileOps()
        self._what = what
        self._read_only = read_only
        self._fd: int | None = None
        self._hint: tuple[str, dict[str, None]] | None = None
        self.broken: str | None = None
        if create and not self.path.exists():
            create_journal(self.path, self._ops)
        scan = scan_journal(self.path.read_bytes(), self.path)
        self._snap: Tables = {}
        for ops_ in scan.records:
            apply_ops(self._snap, ops_)
        self.dropped_tail = scan.dropped_tail
        self.size = scan.good_length
        if read_only:
            self._live = self._snap
        else:
            self._open_for_append(scan.dropped_tail)
            self._live = _copy(self._snap)

    def _open_for_append(self, dropped_tail: int) -> None:
        fd = self._ops.open(self.path, os.O_WRONLY | os.O_APPEND)
        self._fd = fd
        try:
            if os.name != "nt" and os.fstat(fd).st_mode & 0o777 != FILE_MODE:
                os.fchmod(fd, FILE_MODE)
            if dropped_tail:
                self._ops.truncate(fd, self.size)
                self._ops.fsync(fd)
        except OSError as exc:
            self.close()
            raise error_from_os(exc, N_("the repair of a file of choices")) from exc

    def read(self) -> Tables:
        """The current state; TinyDB may replace tables in the returned dict."""
        return dict(self._live)

    def note_touched(self, table: str, doc_ids: dict[str, None]) -> None:
        """Called by :class:`JournalTable`: the next write changed only these ids."""
        self._hint = (table, doc_ids)

    def write(self, data: Tables) -> None:
        """Append the changes between ``data`` and the file, durably, or raise."""
        hint, self._hint = self._hint, None
        if self._read_only or self._fd is None:
            raise StorageError(f"{self.path.name} is open for reading only.")
        if self.broken is not None:
            raise StorageError(
                "A save that failed earlier could not be undone on the memory card, "
                "so the kiosk saves nothing more until it is restarted.",
                detail=self.broken,
            )
        changes = self._changes(data, hint)
        if not changes:
            self._live = data
            return
        try:
            line = encode_line({"ops": changes})
            self._append(line)
        except BaseException:
            self._restore(changes)
            raise
        apply_ops(self._snap, [[*op[:3], _copy(op[3])] if op[0] == "put" else op for op in changes])
        self._live = data

    def _changes(self, data: Tables, hint: tuple[str, dict[str, None]] | None) -> list[list[Any]]:
        changes: list[list[Any]] = []
        for name, table in data.items():
            old = self._snap.get(name)
            if old is None:
                if not table:
                    changes.append(["new", name])
                ids: Any = table.keys()
                old = {}
            elif hint is not None and table is self._live.get(name):
                continue
            elif hint is not None and hint[0] == name:
                ids = hint[1]
            else:
                ids = list(table.keys()) + [key for key in old if key not in table]
            for doc_id in ids:
                new_doc, old_doc = table.get(doc_id), old.get(doc_id)
                if new_doc is None:
                    if old_doc is not None:
                        changes.append(["del", name, doc_id])
                elif old_doc is None or new_doc != old_doc:
                    changes.append(["put", name, doc_id, new_doc])
        changes.extend(["drop", name] for name in self._snap if name not in data)
        return changes

    def _append(self, line: bytes) -> None:
        assert self._fd is not None
        try:
            write_all(self._ops, self._fd, line)
            self._ops.fsync(self._fd)
        except BaseException as exc:
            self._roll_back()
            if isinstance(exc, OSError):
                raise error_from_os(exc, self._what) from exc
            raise
        self.size += len(line)

    def _roll_back(self) -> None:
        """Cut the file back to its last confirmed length so no garbage stays behind."""
        assert self._fd is not None
        try:
            self._ops.truncate(self._fd, self.size)
            self._ops.fsync(self._fd)
        except OSError as exc:
            self.broken = f"rollback of {self.path.name} failed: {exc}"

    def _restore(self, changes: list[list[Any]]) -> None:
        """Undo in-place edits TinyDB made to our documents before a failed write."""
        for op in changes:
            if op[0] == "put" and op[2] in self._snap.get(op[1], {}):
                self._live[op[1]][op[2]] = _copy(self._snap[op[1]][op[2]])

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            self._ops.close(fd)
