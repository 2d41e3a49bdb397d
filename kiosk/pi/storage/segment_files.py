"""Opening one segment of the event log as a TinyDB database, and checking it.

A segment is valid when its journal is (see :mod:`.journal_format`) *and* its
events are numbered ``first_seq, first_seq + 1, ...`` with ``doc_id == seq`` and stay
below the next segment's ``first_seq``. A segment rewritten by a purge says so in its
header (``end``, ``kept``): its events up to ``end`` rise with gaps and there must be
exactly ``kept`` of them; events appended after the purge follow ``end`` without
gaps. Only the newest segment is ever appended to, so only it may end in a torn
line; an older one that does was cut short. Anything else means the file was
damaged or mixed up, and it is set aside, not trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb.table import Document, Table

from kiosk.pi.storage.segments import Segment, segment_header, segment_name
from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.files.journal_format import build_journal
from kiosk.shared.files.journal_storage import JournalStorage
from kiosk.shared.files.journal_table import JournalDB
from kiosk.shared.text.i18n import N_, Sentence

__all__ = [
    "EVENTS_TABLE",
    "OpenSegment",
    "open_segment",
    "read_segment",
    "rewrite_segment",
    "write_segment",
]

EVENTS_TABLE = "events"


@dataclass
class OpenSegment:
    """The segment new events go to, open for appending."""

    segment: Segment
    db: JournalDB
    table: Table
    storage: JournalStorage
    last_seq: int
    ids: set[str] = field(default_factory=set)
    held: int = 0

    @property
    def count(self) -> int:
        """How many events the segment holds (fewer than its span after a purge)."""
        return self.held

    @property
    def span(self) -> int:
        """How many seqs the segment has used up (what ``segment_limit`` caps)."""
        return self.last_seq - self.segment.first_seq + 1

    def close(self) -> None:
        self.db.close()


def _check_numbering(
    segment: Segment, events: list[Document], upper: int | None, exact: bool = False
) -> int:
    """Return the last seq of ``events``; raise if they are not numbered in order.

    ``upper`` is the next segment's ``first_seq``: the events must stay below it,
    and with ``exact`` reach right up to it (else the end of this file is missing).
    For a purged segment the last seq is at least its ``end``.
    """
    if segment.end is not None:
        expected = _check_purged_numbering(segment, events) + 1
    else:
        expected = segment.first_seq
        for doc in events:
            if doc.doc_id != expected or doc.get("seq") != expected:
                raise CorruptFileError(
                    segment.path,
                    Sentence("its choices are not numbered in order ({found} where {expected} was expected)",
                             found=doc.doc_id, expected=expected),
                )
            expected += 1
    if upper is not None and expected > upper:
        raise CorruptFileError(segment.path, N_("its choices overlap the next file's"))
    if upper is not None and exact and expected < upper:
        raise CorruptFileError(
            segment.path, Sentence("its last choices are missing (it ends at {end}, the next file starts at {upper})",
                                   end=expected - 1, upper=upper)
        )
    return expected - 1


def _check_purged_numbering(segment: Segment, events: list[Document]) -> int:
    """The last seq of a segment a purge rewrote; raise unless its events fit its header."""
    assert segment.end is not None and segment.kept is not None
    previous, kept = segment.first_seq - 1, 0
    for doc in events:
        seq = doc.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or doc.doc_id != seq:
            why = Sentence("choice {found} has the seq {seq}", found=doc.doc_id, seq=repr(seq))
            raise CorruptFileError(segment.path, why)
        if seq <= segment.end:
            ok, kept = seq > previous, kept + 1
        else:
            ok = seq == max(previous, segment.end) + 1
        if not ok:
            raise CorruptFileError(
                segment.path, Sentence("its choices are not numbered in order ({seq} after {previous})", seq=seq,
                                       previous=previous)
            )
        previous = seq
    if kept != segment.kept:
        raise CorruptFileError(
            segment.path,
            Sentence("it holds {kept} of the {expected} choices its last purge kept", kept=kept,
                     expected=segment.kept),
        )
    return max(previous, segment.end)


def open_segment(segment: Segment, ops: FileOps) -> OpenSegment:
    """Open ``segment`` for appending (cutting off a torn last line), checked."""
    db = JournalDB(segment.path, storage=JournalStorage, ops=ops, what=N_("this choice"))
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    table = db.table(EVENTS_TABLE)
    try:
        events = table.all()
        last = _check_numbering(segment, events, None)
    except CorruptFileError:
        db.close()
        raise
    ids = {doc["id"] for doc in events if isinstance(doc.get("id"), str)}  # all, for what the log wrote
    return OpenSegment(segment, db, table, storage, last, ids, len(events))


def read_segment(
    segment: Segment, ops: FileOps, upper: int | None, exact: bool
) -> list[dict[str, Any]]:
    """All events of a sealed segment, in seq order, without changing the file.

    ``upper``/``exact``: where the next segment starts and whether this one must
    end right before it (see ``_check_numbering``).
    """
    db = JournalDB(segment.path, storage=JournalStorage, ops=ops, read_only=True)
    try:
        if db.storage.dropped_tail:  # type: ignore[attr-defined]
            raise CorruptFileError(
                segment.path, N_("it ends in the middle of a line although later files exist")
            )
        events = db.table(EVENTS_TABLE).all()
        _check_numbering(segment, events, upper, exact)
        return [dict(doc) for doc in events]
    finally:
        db.close()


def write_segment(directory: Path, events: list[dict[str, Any]], ops: FileOps | None = None) -> Path:
    """Write a whole segment of ``events`` (same day, consecutive seqs) in one go.

    For importing history and for benchmarks: the same bytes ``EventLog`` would
    have appended one choice at a time, written with one atomic replace.
    """
    path = directory / segment_name(events[0]["seq"], events[0]["day"])
    records = [[["put", EVENTS_TABLE, str(event["seq"]), event]] for event in events]
    atomic_write(ops or FileOps(), path, build_journal(records), N_("a file of choices"))
    return path


def rewrite_segment(segment: Segment, events: list[dict[str, Any]], ops: FileOps, what: str) -> None:
    """Replace ``segment``'s file with ``segment``'s header and ``events``, atomically.

    Temp file, write, fsync, ``os.replace``, fsync of the directory: a crash leaves
    the old file or the new one, never a mix (see :func:`~.durable_io.atomic_write`).
    """
    records = [[["put", EVENTS_TABLE, str(event["seq"]), event]] for event in events]
    atomic_write(ops, segment.path, build_journal(records, segment_header(segment)), what)
