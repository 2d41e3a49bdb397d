"""The journal line format, version 2: one checksummed line per choice, read by the kiosk and the laptop.

A journal (a kiosk's day segment, a laptop's choice file) is a header line followed by
one line per entry::

    <crc32 of the JSON bytes, 8 lowercase hex> <compact JSON>\\n
    1a9e3501 {"format":"choice-kiosk-journal","version":2}
    4f0c13aa {"id":"9b2e…","kiosk_id":"k1","seq":17,"child_id":"c3",…}
    15ec4327 {"checkpoint":17}

Every entry is a JSON object: the event itself, as the domain made it (whatever its
fields; :mod:`.event_checks` judges those), or, in a laptop's file only, a checkpoint
mark ``{"checkpoint": N}`` (its only key). Any JSON reader follows it: drop the first
nine bytes of a line and parse the rest. Version 1 (TinyDB's change envelope around
each event) is read only to move it to this one (:mod:`.old_journal_format`).

Judging a file (the recovery rules, see docs/STORAGE.md): an empty file, a file
without a valid header, or a bad line that is *not* the last one is damaged
(:class:`CorruptFileError`). A last line without its newline or with a bad checksum
is the normal trace of power lost during an append that was never confirmed: it is
reported as a tail to cut off, and everything before it is kept. A line that passes
its checksum but is not an entry cannot come from a torn write: damaged.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.text.i18n import N_, Sentence, as_sentence

__all__ = [
    "CHECKPOINT",
    "FORMAT",
    "HEADER",
    "VERSION",
    "BadLine",
    "Checkpoint",
    "Entry",
    "JournalScan",
    "build_journal",
    "check_header",
    "checkpoint_line",
    "decode_line",
    "encode_line",
    "entry_of",
    "event_line",
    "line_seq",
    "read_entry",
    "readable_seqs",
    "scan_journal",
    "scan_lines",
    "why_bad",
]

FORMAT = "choice-kiosk-journal"
VERSION = 2
HEADER: dict[str, Any] = {"format": FORMAT, "version": VERSION}
CHECKPOINT = "checkpoint"
T = TypeVar("T")
_CRC = re.compile(rb"[0-9a-f]{8}")


class BadLine(ValueError):
    """One line failed its checksum, JSON or shape check."""


def why_bad(error: BadLine) -> str:
    """A bad line's reason, to be translated inside the sentence that says which line (marked N_ where made)."""
    return as_sentence(error.args[0] if error.args and isinstance(error.args[0], str) else str(error))


@dataclass(frozen=True)
class Checkpoint:
    """A laptop's mark: it holds every choice of the kiosk up to ``seq`` (its checkpoint)."""

    seq: int


#: One line's content: an event (a JSON object as the domain wrote it) or a checkpoint mark.
Entry = dict[str, Any] | Checkpoint


@dataclass(frozen=True)
class JournalScan:
    """A kiosk's journal read back: its header, its events and where the good bytes end."""

    header: dict[str, Any]
    events: list[dict[str, Any]]
    good_length: int
    dropped_tail: int


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_line(obj: Any) -> bytes:
    """One journal line for ``obj``; ``ValueError``/``TypeError`` if not plain JSON."""
    payload = _ENCODER.encode(obj).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def event_line(event: Mapping[str, Any]) -> bytes:
    """The line of one event: its own JSON, checksummed."""
    return encode_line(event)


def checkpoint_line(seq: int) -> bytes:
    """The laptop's mark saying it holds every choice up to ``seq`` (its checkpoint)."""
    return encode_line({CHECKPOINT: seq})


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


def _is_mark(value: dict[str, Any]) -> bool:
    return len(value) == 1 and CHECKPOINT in value


def entry_of(value: Any) -> Entry:
    """The entry a decoded line holds; :class:`BadLine` unless it is an object (a mark's number checked)."""
    if not isinstance(value, dict):
        raise BadLine(N_("it is not a JSON object"))
    if _is_mark(value):
        seq = value[CHECKPOINT]
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            raise BadLine(Sentence("its checkpoint is not a seq: {value}", value=f"{seq!r:.40}"))
        return Checkpoint(seq)
    return value


def read_entry(line: bytes) -> Entry:
    """The entry of one whole line (without its newline), or :class:`BadLine`."""
    return entry_of(decode_line(line))


def line_seq(line: bytes) -> int | None:
    """The seq of one event line, or None when the line does not read back as an event with one."""
    try:
        entry = read_entry(line)
    except BadLine:
        return None
    seq = entry.get("seq") if isinstance(entry, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else None


def check_header(first_line: bytes, path: Path) -> dict[str, Any]:
    """The header in ``first_line`` (version 1 or 2); :class:`CorruptFileError` unless we can read it."""
    try:
        header = decode_line(first_line)
    except BadLine as exc:
        raise CorruptFileError(path, Sentence("the first line is not a valid header: {why}", why=why_bad(exc))) from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CorruptFileError(path, N_("the first line is not a choice-kiosk journal header"))
    version = header.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        unknown = Sentence("journal version {version} is not one this kiosk reads", version=repr(version))
        raise CorruptFileError(path, unknown)
    return header


def scan_lines(
    data: bytes, path: Path, read: Callable[[Any], T], version: int = VERSION
) -> tuple[dict[str, Any], list[T], int, int]:
    """Check a whole journal of ``version`` by the recovery rules; ``(header, records, good length, torn bytes)``.

    ``read`` turns each decoded line into a record, raising :class:`BadLine` for one
    that passes its checksum but is not what the journal holds (damage, never a torn
    append). Used for both versions (:mod:`.old_journal_format` reads version 1).
    """
    if not data:
        raise CorruptFileError(path, N_("the file is empty (zero length)"))
    end = data.find(b"\n")
    if end < 0:
        raise CorruptFileError(path, N_("the file has no complete header line"))
    header = check_header(data[:end], path)
    if header["version"] != version:
        found = header["version"]
        why = (Sentence("journal version {version} is read only to move it to version 2", version=found)
               if found < VERSION else Sentence("journal version {version} is not one this kiosk reads", version=found))
        raise CorruptFileError(path, why)
    pos = end + 1
    records: list[T] = []
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
            records.append(read(value))
        except BadLine as exc:
            why = Sentence("line {line} passes its checksum but {why}", line=line_no, why=why_bad(exc))
            raise CorruptFileError(path, why) from exc
        pos = end + 1
    return header, records, pos, len(data) - pos


def _event_of(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or _is_mark(value):
        raise BadLine(N_("it is not a choice"))
    return value


def scan_journal(data: bytes, path: Path) -> JournalScan:
    """Check a whole kiosk journal of this version; return its events and the length of its good part."""
    return JournalScan(*scan_lines(data, path, _event_of))


def readable_seqs(data: bytes) -> Iterator[int]:
    """The seq of every line that still reads back as an event (salvage of a damaged file)."""
    for line in data.split(b"\n"):
        seq = line_seq(line)
        if seq is not None:
            yield seq


def build_journal(events: Iterable[Mapping[str, Any]], header: Mapping[str, Any] = HEADER) -> bytes:
    """A whole journal (header + one line per event), for segments written whole and tests."""
    return encode_line(header) + b"".join(map(event_line, events))
