"""A segment's journal lines as they are on the card, for sending to the laptop unparsed.

A full year is 50,000 lines; parsing and re-encoding each one costs far more than
moving the bytes (docs/PERFORMANCE.md), and the laptop keeps the very same lines.
So the storage thread only *opens* the segments to send (:class:`LineSource`: a file
descriptor and how many bytes of it count), and any thread reads them afterwards
with :func:`read_lines`. That is safe because the bytes a source names never
change: older segments are never written again except by a purge, which replaces
the file (the open descriptor keeps the old one), and today's segment only grows
past the length taken on the storage thread.

Only the lines are sent, never the segment's header (the lines are in the format of
kiosk/shared/files/journal_format.py, which the laptop reads with the same code).
Lines are not checked here:
the laptop checks each one (checksum, JSON, fields) when it reads them for the
teacher, and counts what it could not read.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from kiosk.shared.files.journal_format import line_seq

__all__ = ["LineSource", "SegmentLines", "close_sources", "read_lines"]


@dataclass(frozen=True)
class LineSource:
    """One segment to send: an open descriptor and the length of it that counts."""

    fd: int
    first_seq: int
    day: str
    length: int
    end: int | None = None  # a purged segment's ``end``: seqs up to it were handed out


@dataclass(frozen=True)
class SegmentLines:
    """The lines of a source above a seq, as bytes, with their count and last seq."""

    data: bytes
    lines: int
    last_seq: int


def read_lines(source: LineSource, after: int) -> SegmentLines:
    """The source's lines with a seq above ``after`` (the header and a torn tail left out).

    Only a segment that straddles ``after`` is read line by line, to find where to
    start; the others are cut at their header and their last newline only.
    """
    data = os.pread(source.fd, source.length, 0) if source.length else b""
    start = data.find(b"\n") + 1
    stop = data.rfind(b"\n") + 1
    if start == 0 or stop <= start:
        return SegmentLines(b"", 0, max(source.first_seq - 1, source.end or 0))
    if source.first_seq <= after:
        start = _first_line_above(data, start, stop, after)
    body = data[start:stop]
    last = line_seq(data[data.rfind(b"\n", 0, stop - 1) + 1 : stop - 1]) or source.first_seq - 1
    return SegmentLines(body, body.count(b"\n"), max(last, source.end or 0))


def _first_line_above(data: bytes, start: int, stop: int, after: int) -> int:
    """Where the first line with a seq above ``after`` begins (unreadable lines skipped)."""
    pos = start
    while pos < stop:
        end = data.index(b"\n", pos)
        seq = line_seq(data[pos:end])
        if seq is not None and seq > after:
            return pos
        pos = end + 1
    return stop


def close_sources(sources: list[LineSource]) -> None:
    for source in sources:
        with contextlib.suppress(OSError):
            os.close(source.fd)
