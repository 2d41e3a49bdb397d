"""The event log's segment files as they stand: the index, today's open segment, reading and replacing one.

Appending (:class:`~.event_log.EventLog`) and purging (:class:`~.log_purges.LogPurges`)
both work on these files; this object is what they share, handed to each: the live
segments in order (:class:`~.segment_index.SegmentIndex`), the segment new events go
to, reading a segment whole (a damaged one is set aside and reported), starting a new
segment and replacing one atomically. The caller holds the log's lock.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from kiosk.pi.storage.open_segment import OpenSegment
from kiosk.pi.storage.quarantine import Quarantine, events_problem
from kiosk.pi.storage.segment_files import open_segment, read_segment, rewrite_segment
from kiosk.pi.storage.segment_index import SegmentIndex
from kiosk.pi.storage.segments import Segment, checked_segment, segment_header, segment_name, set_aside_firsts
from kiosk.shared.files.durable_io import FileOps, atomic_write, fsync_dir
from kiosk.shared.files.errors import CorruptFileError, StorageError, error_from_os
from kiosk.shared.files.journal_format import encode_line
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.text.i18n import N_

__all__ = ["LogFiles"]


class LogFiles:
    """The segments of one log directory: which are live, which is open, what each holds."""

    def __init__(self, directory: Path, ops: FileOps, writer: SingleWriter) -> None:
        self.directory = directory
        self.ops = ops
        self.quarantine = Quarantine(ops, writer)
        self.index = SegmentIndex([], [])
        self.current: OpenSegment | None = None
        #: Set when the card failed half-way through changing the files: every write is refused.
        self.broken: str | None = None
        #: Segments read whole from the card (start-up, reading, purging): tests and the benchmark count them.
        self.segments_read = 0

    def open_newest(self, good: list[Segment], damaged: list[tuple[Segment, str]]) -> None:
        """Open the newest readable of ``good`` for appending (unreadable ones go to ``damaged``); index the rest."""
        while good and self.current is None:
            try:
                self.segments_read += 1
                self.current = open_segment(good[-1], self.ops)
            except CorruptFileError as exc:
                damaged.append((good.pop(), exc.reason))
        self.index = SegmentIndex(good, set_aside_firsts(self.directory))

    def live(self, segment: Segment) -> Segment | None:
        """The index's version of ``segment`` (a purge may have rewritten its header)."""
        segments = self.index.all()
        at = bisect.bisect_left(segments, segment)
        return segments[at] if at < len(segments) and segments[at] == segment else None

    def is_current(self, segment: Segment) -> bool:
        return self.current is not None and self.current.segment == segment

    def events_of(self, segment: Segment) -> list[dict[str, Any]]:
        """Every event of ``segment`` (the caller's own copies); a damaged one is set aside and reads empty."""
        current = self.current
        if current is not None and segment == current.segment:
            return current.events()
        upper, exact = self.index.boundary_after(segment)
        self.segments_read += 1
        try:
            events = read_segment(segment, upper, exact)
        except CorruptFileError as exc:
            self.set_aside(segment, exc.reason)
            return []
        except FileNotFoundError:
            self.set_aside(segment, N_("the file has disappeared"), move=False)
            return []
        self.index.counts[segment.path] = len(events)
        return events

    def count_quietly(self, segment: Segment) -> int:
        """How many events ``segment`` holds, without judging it (it is to be deleted)."""
        if self.current is not None and self.is_current(segment):
            return self.current.count
        if segment.path in self.index.counts:
            return self.index.counts[segment.path]
        try:
            return len(read_segment(segment, None, False))
        except CorruptFileError:
            return max(0, segment.path.read_bytes().count(b"\n") - 1)
        except FileNotFoundError:
            return 0

    def set_aside(self, segment: Segment, reason: str, *, move: bool = True) -> None:
        self.index.note_set_aside(segment)
        self.quarantine.report(segment.path, events_problem(segment.path, segment.day, reason), move=move)

    def start_segment(self, first_seq: int, day: str) -> OpenSegment:
        """Make the segment new events go to; an empty current one is renamed instead.

        If the card fails before anything changed, nothing did; if it fails after
        the files changed, every write is refused until the log is opened again
        (opening sorts the files out).
        """
        path = self.directory / segment_name(first_seq, day)
        old = self.current
        renamed = old if old is not None and old.count == 0 and old.segment.first_seq == first_seq else None
        after_gap = first_seq != (old.last_seq if old else 0) + 1
        try:
            if renamed is not None:
                after_gap = renamed.segment.after_gap
                self.ops.replace(renamed.segment.path, path)
                fsync_dir(self.ops, self.directory)
            else:
                segment = Segment(first_seq, day, path, after_gap)
                if path.exists():
                    raise FileExistsError(path)
                atomic_write(self.ops, path, encode_line(segment_header(segment)), N_("a new file of choices"))
            if old is not None:
                self.current = None
                self.index.counts[old.segment.path] = old.count
                old.close()
            if renamed is not None:
                self.index.forget(renamed.segment)
            segment = Segment(first_seq, day, path, after_gap)
            self.index.add(segment)
            self.current = open_segment(segment, self.ops)
        except (OSError, StorageError) as exc:
            if path.exists():
                self.broken = f"starting {path.name} failed: {exc}"
            if isinstance(exc, OSError):
                raise error_from_os(exc, N_("this choice")) from exc
            raise
        return self.current

    def rewrite(self, old: Segment, new: Segment, events: list[dict[str, Any]]) -> None:
        """Replace ``old``'s file by ``new``'s header and ``events`` (atomic).

        Today's segment is closed for the rewrite and opened again afterwards. On a
        failure the header on the card says which version is there.
        """
        reopen = self.is_current(old)
        if reopen:
            assert self.current is not None
            self.current.close()
            self.current = None
        try:
            rewrite_segment(new, events, self.ops, N_("the deletion of choices"))
        finally:
            self._reindex_rewritten(old, new, len(events), reopen)

    def _reindex_rewritten(self, old: Segment, new: Segment, count: int, reopen: bool) -> None:
        """Index the segment as the card now has it (old or new), and open it again if it was today's."""
        try:
            on_disk: Segment | None = checked_segment(old)
        except (OSError, StorageError) as exc:
            on_disk = None
            self.broken = f"reading {old.path.name} back after a purge failed: {exc}"
        self.index.forget(old)
        if on_disk is None:
            return
        self.index.add(on_disk)
        if (on_disk.after_gap, on_disk.end, on_disk.kept) == (new.after_gap, new.end, new.kept):
            self.index.counts[on_disk.path] = count
        if reopen:
            try:
                self.current = open_segment(on_disk, self.ops)
            except (OSError, StorageError) as exc:
                self.broken = f"opening {old.path.name} again after a purge failed: {exc}"

    def reindex(self) -> None:
        """Build the index again after set-aside files were deleted (keeps the counts)."""
        counts = self.index.counts
        self.index = SegmentIndex(self.index.all(), set_aside_firsts(self.directory))
        self.index.counts.update(counts)

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None
