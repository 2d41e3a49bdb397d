"""Opening one segment of the event log, reading it, and writing one whole.

A segment is valid when its journal is (see :mod:`kiosk.shared.files.journal_format`)
*and* its events are numbered ``first_seq, first_seq + 1, ...`` and stay below the
next segment's ``first_seq``. A segment rewritten by a purge says so in its header
(``end``, ``kept``): its events up to ``end`` rise with gaps and there must be exactly
``kept`` of them; events appended after the purge follow ``end`` without gaps. Only
the newest segment is ever appended to, so only it may end in a torn line; an older
one that does was cut short. Anything else means the file was damaged or mixed up,
and it is set aside, not trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.pi.storage.open_segment import OpenSegment
from kiosk.pi.storage.segments import Segment, segment_header, segment_name
from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.files.journal_format import build_journal, scan_journal
from kiosk.shared.text.i18n import N_, Sentence

__all__ = ["open_segment", "read_segment", "rewrite_segment", "write_segment"]


def _check_numbering(
    segment: Segment, events: list[dict[str, Any]], upper: int | None, exact: bool = False
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
        for event in events:
            seq = event.get("seq")
            if isinstance(seq, bool) or not isinstance(seq, int) or seq != expected:
                raise CorruptFileError(
                    segment.path,
                    Sentence("its choices are not numbered in order ({found} where {expected} was expected)",
                             found=repr(seq), expected=expected),
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


def _check_purged_numbering(segment: Segment, events: list[dict[str, Any]]) -> int:
    """The last seq of a segment a purge rewrote; raise unless its events fit its header."""
    assert segment.end is not None and segment.kept is not None
    previous, kept = segment.first_seq - 1, 0
    for index, event in enumerate(events, 1):
        seq = event.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int):
            why = Sentence("choice {found} has the seq {seq}", found=index, seq=repr(seq))
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
    scan = scan_journal(segment.path.read_bytes(), segment.path)
    last = _check_numbering(segment, scan.events, None)
    return OpenSegment(segment, ops, scan, last)


def read_segment(segment: Segment, upper: int | None, exact: bool) -> list[dict[str, Any]]:
    """All events of a sealed segment, in seq order, without changing the file.

    ``upper``/``exact``: where the next segment starts and whether this one must
    end right before it (see ``_check_numbering``).
    """
    scan = scan_journal(segment.path.read_bytes(), segment.path)
    if scan.dropped_tail:
        raise CorruptFileError(segment.path, N_("it ends in the middle of a line although later files exist"))
    _check_numbering(segment, scan.events, upper, exact)
    return scan.events


def write_segment(directory: Path, events: list[dict[str, Any]], ops: FileOps | None = None) -> Path:
    """Write a whole segment of ``events`` (same day, consecutive seqs) in one go.

    For importing history and for benchmarks: the same bytes ``EventLog`` would
    have appended one choice at a time, written with one atomic replace.
    """
    path = directory / segment_name(events[0]["seq"], events[0]["day"])
    atomic_write(ops or FileOps(), path, build_journal(events), N_("a file of choices"))
    return path


def rewrite_segment(segment: Segment, events: list[dict[str, Any]], ops: FileOps, what: str) -> None:
    """Replace ``segment``'s file with ``segment``'s header and ``events``, atomically.

    Temp file, write, fsync, ``os.replace``, fsync of the directory: a crash leaves
    the old file or the new one, never a mix (see :func:`~.durable_io.atomic_write`).
    """
    atomic_write(ops, segment.path, build_journal(events, segment_header(segment)), what)
