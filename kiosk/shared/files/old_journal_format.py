"""The journal line format of version 1: read once, to move a journal to version 2.

Version 1 wrapped every line in TinyDB's change envelope (the kiosk's journal was a
TinyDB storage); the header and checksums were as in version 2::

    31b366c2 {"format":"choice-kiosk-journal","version":1}
    5a6c104e {"ops":[["put","events","17",{...the event...}]]}
    279e3871 {"ops":[["put","floor","1",{"through":17}]]}      (a laptop's checkpoint mark)

with the operations ``["put", table, doc_id, doc]``, ``["del", table, doc_id]``,
``["drop", table]`` and ``["new", table]``. A kiosk's segment is moved whole when the
log opens (kiosk/pi/storage/segment_upgrade.py), a laptop's choice file when the store
opens (kiosk/laptop/old_journals.py), and the lines of a kiosk that has not been updated
as they arrive (:func:`upgrade_lines`). A laptop that has not been updated is sent its
own format (:func:`downgrade_lines`), so it never holds lines it cannot read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.shared.files.journal_format import (
    BadLine,
    Checkpoint,
    Entry,
    checkpoint_line,
    decode_line,
    encode_line,
    event_line,
    line_seq,
    read_entry,
    scan_lines,
)
from kiosk.shared.text.i18n import N_, Sentence

__all__ = [
    "OLD_VERSION",
    "OldScan",
    "downgrade_lines",
    "envelope_line",
    "old_entries",
    "replay_events",
    "scan_old_journal",
    "upgrade_line",
    "upgrade_lines",
]

OLD_VERSION = 1
EVENTS = "events"
FLOOR = "floor"
_OP_ARITY = {"put": 4, "del": 3, "drop": 2, "new": 2}
#: Every version-1 line after the header holds this; no version-2 line does (an event's
#: strings escape their quotes, and no event's first field is ``ops``).
_ENVELOPE = b' {"ops":['


@dataclass(frozen=True)
class OldScan:
    """A version-1 journal read back: its header, its write records and where the good bytes end."""

    header: dict[str, Any]
    records: list[list[list[Any]]]
    good_length: int
    dropped_tail: int


def envelope_line(event: Mapping[str, Any]) -> bytes:
    """The version-1 line of ``event`` (doc id = its seq), byte for byte as version 1 wrote it."""
    return encode_line({"ops": [["put", EVENTS, str(event["seq"]), event]]})


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


def scan_old_journal(data: bytes, path: Path) -> OldScan:
    """Check a whole version-1 journal by the rules of its time; return its records and good length."""
    return OldScan(*scan_lines(data, path, _check_record, OLD_VERSION))


def replay_events(records: Iterable[list[list[Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """``(doc_id, document)`` of the ``events`` table after replaying every record, in table order."""
    tables: dict[str, dict[str, Any]] = {}
    for ops in records:
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
    return list(tables.get(EVENTS, {}).items())


def old_entries(value: Any) -> list[Entry]:
    """The events and checkpoint marks of one version-1 line of a choice file; :class:`BadLine` otherwise.

    Such a line holds only puts: to ``events`` (a kiosk's event) or ``floor`` (the mark).
    """
    entries: list[Entry] = []
    for op in _check_record(value):
        if op[0] != "put":
            raise BadLine(Sentence("it holds an operation this kiosk does not know: {op}", op=f"{op!r:.60}"))
        if op[1] == EVENTS:
            entries.append(op[3])
        elif op[1] == FLOOR:
            through = op[3].get("through")
            if isinstance(through, bool) or not isinstance(through, int) or through < 0:
                raise BadLine(f"its floor mark is not a seq: {through!r:.40}")
            entries.append(Checkpoint(through))
        else:
            raise BadLine(f"it writes to the table {op[1]!r:.40}")
    return entries


def upgrade_line(line: bytes) -> bytes:
    """One whole line (without its newline) in version 2, with its newline.

    A version-1 line becomes one line per event or mark it holds; any other line (a
    version-2 line, or one that does not read back) is kept as it is, so a damaged
    line stays there, counted as damaged, and nothing is lost by moving.
    """
    if _ENVELOPE not in line:
        return line + b"\n"
    try:
        entries = old_entries(decode_line(line))
    except BadLine:
        return line + b"\n"
    return b"".join(checkpoint_line(e.seq) if isinstance(e, Checkpoint) else event_line(e) for e in entries)


def _convert_lines(chunks: Iterable[bytes], convert: Any, needle: bytes | None) -> Iterator[bytes]:
    """Whole lines of ``chunks`` through ``convert``; runs without ``needle`` pass untouched (fast)."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"\n") + 1
        whole, carry = data[:cut], data[cut:]
        if needle is not None and needle not in whole:
            yield whole
        elif whole:
            yield b"".join(convert(line) for line in whole[:-1].split(b"\n"))
    if carry:
        yield carry  # no newline: a torn line, kept as it came


def upgrade_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The journal lines of ``chunks`` in version 2 (:func:`upgrade_line`), a torn last line as it came."""
    return _convert_lines(chunks, upgrade_line, _ENVELOPE)


def _downgrade_line(line: bytes) -> bytes:
    if line_seq(line) is None:
        return line + b"\n"
    event = read_entry(line)
    assert isinstance(event, dict)
    return envelope_line(event)


def downgrade_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A kiosk's version-2 event lines as version 1 wrote them: for a laptop of that version."""
    return _convert_lines(chunks, _downgrade_line, None)
