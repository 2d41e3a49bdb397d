"""A TinyDB ``Storage`` that replaces its JSON file atomically and checks it on load.

The setup (centers, children, settings) is small and changes rarely, so rewriting it
whole is fine — but never in place: each write goes to a temp file, is ``fsync``\\ ed,
``os.replace``\\ d over the old file and the directory is ``fsync``\\ ed. A failure at
any step raises and leaves the old file as it was.

The file is ordinary JSON wrapped in an envelope with a CRC-32 of the data, so a file
that is empty, cut short, garbage or silently altered is *refused* on load
(:class:`CorruptFileError`) instead of being read as an empty database::

    {"format":"choice-kiosk-config","version":1,"crc32":"1a2b3c4d","data":{...}}
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.text.i18n import N_, Sentence

__all__ = ["CONFIG_FORMAT", "AtomicJSONStorage", "parse_config"]

CONFIG_FORMAT = "choice-kiosk-config"
_VERSION = 1
_ENVELOPE = re.compile(
    rb'\{"format":"choice-kiosk-config","version":(\d{1,9}),"crc32":"([0-9a-f]{8})","data":'
)


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _is_database(data: Any) -> bool:
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    )


def parse_config(raw: bytes, path: Path) -> str:
    """The data JSON inside a config file, or :class:`CorruptFileError` saying why."""
    if not raw:
        raise CorruptFileError(path, N_("the file is empty (zero length)"))
    try:
        json.loads(raw)
    except ValueError:
        raise CorruptFileError(path, N_("it is not complete JSON (cut short or garbage)")) from None
    raw = raw.rstrip(b" \t\r\n")
    match = _ENVELOPE.match(raw)
    if match is None or not raw.endswith(b"}"):
        raise CorruptFileError(path, N_("it is not a choice-kiosk setup file"))
    if int(match.group(1)) > _VERSION:
        newer = Sentence("it was written by a newer kiosk (version {version})", version=int(match.group(1)))
        raise CorruptFileError(path, newer)
    body = raw[match.end() : -1]
    if zlib.crc32(body) != int(match.group(2), 16):
        raise CorruptFileError(path, N_("its checksum does not match (the data was altered)"))
    try:
        text = body.decode("utf-8")
        if not _is_database(json.loads(text)):
            raise ValueError("not a dict of tables")
    except ValueError as exc:
        raise CorruptFileError(path, Sentence("its data is not a database ({error})", error=str(exc))) from exc
    return text


class AtomicJSONStorage(Storage):
    """TinyDB storage on one checksummed JSON file, replaced atomically on each write.

    ``read()`` hands TinyDB a fresh copy, so a write that fails leaves the in-memory
    state unchanged as well. Inside ``with storage.batch():`` writes are collected
    and saved as one atomic replacement when the block ends.
    """

    def __init__(
        self, path: str | Path, *, ops: FileOps | None = None, what: str = N_("this change")
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._ops = ops or FileOps()
        self._what = what
        self._text: str | None = None
        self._pending: str | None = None
        self._batch_depth = 0
        if self.path.exists():
            self._text = parse_config(self.path.read_bytes(), self.path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        text = self._pending if self._pending is not None else self._text
        return None if text is None else json.loads(text)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Save ``data`` (or keep it for the end of the batch); raises on failure."""
        text = _dump(data)
        if self._batch_depth:
            self._pending = text
        else:
            self._save(text)

    def _save(self, text: str) -> None:
        body = text.encode("utf-8")
        envelope = b'{"format":"%s","version":%d,"crc32":"%08x","data":%s}\n' % (
            CONFIG_FORMAT.encode(), _VERSION, zlib.crc32(body), body
        )
        atomic_write(self._ops, self.path, envelope, self._what)
        self._text = text

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes into one atomic save; on an exception nothing is saved."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            if self._batch_depth == 1:
                self._pending = None
            raise
        finally:
            self._batch_depth -= 1
        if self._batch_depth == 0 and self._pending is not None:
            text, self._pending = self._pending, None
            self._save(text)
