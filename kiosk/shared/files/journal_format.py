"""The journal file format: checksummed JSON lines, and how a damaged one is judged.

A journal is a header line followed by one line per saved write::

    <crc32 of the JSON, 8 lowercase hex> <compact JSON>\\n
    5d1c2a7e {"format":"choice-kiosk-journal","version":1}
    0b8e43f1 {"ops":[["put","events","17",{...the document...}]]}

A write line holds every change of one TinyDB write, so a write is all-or-nothing:
``["put", table, doc_id, doc]``, ``["del", table, doc_id]``, ``["drop", table]`` and
``["new", table]`` (an empty table was created).

Judging a file (the recovery rules, see docs/STORAGE.md): an empty file, a file
without a valid header, or a bad line that is *not* the last one is damaged
(:class:`CorruptFileError`). A last line without its newline or with a bad checksum
is the normal trace of power lost during an append that was never confirmed: it is
reported as a tail to cut off, and everything before it is kept. A line that passes
its checksum but is not a write record cannot come from a torn write: damaged.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.text.i18n import N_, Sentence, as_sentence

__all__ = [
    "FORMAT",
    "HEADER",
    "VERSION",
    "BadLine",
    "JournalScan",
    "apply_ops",
    "build_journal",
    "check_header",
    "encode_line",
    "readable_puts",
    "scan_journal",
]

FORMAT = "choice-kiosk-journal"
VERSION = 1
HEADER: dict[str, Any] = {"format": FORMAT, "version": VERSION}
_CRC = re.compile(rb"[0-9a-f]{8}")
_OP_ARITY = {"put": 4, "del": 3, "drop": 2, "new": 2}


class BadLine(ValueError):
    """One line failed its checksum, JSON or shape check."""


def why_bad(error: BadLine) -> str:
    """A bad line's reason, to be translated inside the sentence that says which line (marked N_ where made)."""
    return as_sentence(error.args[0] if error.args and isinstance(error.args[0], str) else str(error))


@dataclass(frozen=True)
class JournalScan:
    """A journal read back: its write records and where the good bytes end."""

    records: list[list[list[Any]]]
    header_length: int
    good_length: int
    dropped_tail: int


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_line(obj: Any) -> bytes:
    """One journal line for ``obj``; ``ValueError``/``TypeError`` if not plain JSON."""
    payload = _ENCODER.encode(obj).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def decode_line(line: bytes) -> Any:
    """The JSON value of one line (without its newline), or :class:`BadLine`."""
    if len(line) < 10 or line[8:9] != b" " or not _CRC.fullmatch(line[:8]):
        raise BadLine(N_("it is not a journal line"))
    payload = line[9:]
    if zlib.crc32(payload) != int(line[:8], 16):
        raise BadLine(N_("its checksum does not match"))
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadLine(N_("it is not valid JSON")) from exc


def check_header(first_line: bytes, path: Path) -> dict[str, Any]:
    """The header in ``first_line``; :class:`CorruptFileError` unless we can read it."""
    try:
        header = decode_line(first_line)
    except BadLine as exc:
        raise CorruptFileError(path, Sentence("the first line is not a valid header: {why}", why=why_bad(exc))) from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CorruptFileError(path, N_("the first line is not a choice-kiosk journal header"))
    version = header.get("version")
    if not isinstance(version, int) or not 1 <= version <= VERSION:
        unknown = Sentence("journal version {version} is not one this kiosk reads", version=repr(version))
        raise CorruptFileError(path, unknown)
    return header


def _valid_op(op: Any) -> bool:
    if not isinstance(op, list) or not op or not isinstance(op[0], str):
        return False
    if len(op) != _OP_ARITY.get(op[0], -1):
        return False
    if not all(isinstance(part, str) for part in op[1:3]):
        return False
    return op[0] != "put" or isinstance(op[3], dict)


def _check_record(record: Any) -> list[list[Any]]:
    if not isinstance(record, dict) or not isinstance(record.get("ops"), list):
        raise BadLine(N_("it is not a write record"))
    for op in record["ops"]:
        if not _valid_op(op):
            raise BadLine(Sentence("it holds an operation this kiosk does not know: {op}", op=f"{op!r:.60}"))
    ops: list[list[Any]] = record["ops"]
    return ops


def scan_journal(data: bytes, path: Path) -> JournalScan:
    """Check a whole journal; return its records and the length of its good part."""
    if not data:
        raise CorruptFileError(path, N_("the file is empty (zero length)"))
    end = data.find(b"\n")
    if end < 0:
        raise CorruptFileError(path, N_("the file has no complete header line"))
    check_header(data[:end], path)
    header_length = pos = end + 1
    records = []
    line_no = 1
    while pos < len(data):
        line_no += 1
        end = data.find(b"\n", pos)
        if end < 0:
            break
        try:
            value = decode_line(data[pos:end])
        except BadLine as exc:
            if end + 1 == len(data):
                break
            raise CorruptFileError(
                path,
                Sentence("line {line} is damaged ({why}) and more lines follow it", line=line_no, why=why_bad(exc)),
            ) from exc
        try:
            records.append(_check_record(value))
        except BadLine as exc:
            why = Sentence("line {line} passes its checksum but {why}", line=line_no, why=why_bad(exc))
            raise CorruptFileError(path, why) from exc
        pos = end + 1
    return JournalScan(records, header_length, pos, len(data) - pos)


def apply_ops(tables: dict[str, dict[str, Any]], ops: Iterable[list[Any]]) -> None:
    """Replay one write record onto ``tables`` (table -> doc_id -> document)."""
    for op in ops:
        kind, name = op[0], op[1]
        if kind == "put":
            tables.setdefault(name, {})[op[2]] = op[3]
        elif kind == "del":
            tables.get(name, {}).pop(op[2], None)
        elif kind == "drop":
            tables.pop(name, None)
        else:
            tables.setdefault(name, {})


def readable_puts(data: bytes) -> Iterator[dict[str, Any]]:
    """Documents of every line that still passes its checksum (salvage of a bad file)."""
    for line in data.split(b"\n"):
        try:
            ops = _check_record(decode_line(line))
        except BadLine:
            continue
        yield from (op[3] for op in ops if op[0] == "put")


def build_journal(records: Iterable[list[list[Any]]], header: dict[str, Any] = HEADER) -> bytes:
    """A whole journal (header + one line per record), for bulk building and tests."""
    return encode_line(header) + b"".join(encode_line({"ops": ops}) for ops in records)
