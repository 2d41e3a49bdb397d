"""The append-only log of choice events, in day segments, crash-safe and O(1) to grow.

Events go to the newest segment only (see :mod:`.segments`); a new one is started
when the day changes or the segment holds ``segment_limit`` events, so recording a
choice never reads or rewrites the history. ``append`` returns only once the event
is on the card; if it fails, the file is cut back and nothing changes in memory.

On opening, every segment's header is checked (one line each) and only the newest
segment is read whole; older ones are read when asked for (``events_on``, ``since``,
``verify``). A damaged segment is set aside and reported in ``problems``; all other
segments stay usable. When the damaged one was the newest, a new empty segment is
started above every seq it may have used, so no seq is ever given out twice.

``purge_child`` and ``purge_before`` (the teacher's privacy tools) remove events from
the card for good by rewriting segments atomically (:mod:`.log_purges`, planned by :mod:`.purge_plan`).
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.table import Document

from kiosk.pi.storage.log_purges import LogPurges
from kiosk.pi.storage.quarantine import Quarantine, events_problem
from kiosk.pi.storage.segment_files import OpenSegment, open_segment, read_segment
from kiosk.pi.storage.segment_index import SegmentIndex
from kiosk.pi.storage.segment_lines import LineSource, close_sources
from kiosk.pi.storage.segments import (
    Segment,
    scan_segments,
    segment_name,
    seq_floor_of_damaged,
    set_aside_firsts,
)
from kiosk.shared.files.durable_io import FileOps, fsync_dir, make_private_dir, remove_stale_temps
from kiosk.shared.files.errors import CorruptFileError, StorageError, StorageProblem, error_from_os
from kiosk.shared.files.event_checks import DEFAULT_SEGMENT_LIMIT, check_event
from kiosk.shared.files.journal_format import HEADER
from kiosk.shared.files.journal_storage import create_journal
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.text.i18n import N_

__all__ = ["DEFAULT_SEGMENT_LIMIT", "EventLog"]



class EventLog(LogPurges):
    """Choice events in ``directory``; written by one thread, read by any."""

    def __init__(
        self,
        directory: Path,
        *,
        ops: FileOps | None = None,
        writer: SingleWriter | None = None,
        segment_limit: int = DEFAULT_SEGMENT_LIMIT,
    ) -> None:
        self.directory = Path(directory)
        self._ops = ops or FileOps()
        self._writer = writer or SingleWriter()
        self._limit = segment_limit
        self._lock = threading.RLock()
        self._quarantine = Quarantine(self._ops, self._writer)
        self._index = SegmentIndex([], [])
        self._current: OpenSegment | None = None
        self._floor = 0
        self._broken: str | None = None
        self._since_cache: tuple[tuple[Any, ...], list[dict[str, Any]]] | None = None
        self.segments_read = 0
        make_private_dir(self._ops, self.directory)
        remove_stale_temps(self.directory)
        self._open()

    def _open(self) -> None:
        good, damaged = scan_segments(self.directory)
        while good and self._current is None:
            try:
                self.segments_read += 1
                self._current = open_segment(good[-1], self._ops)
            except CorruptFileError as exc:
                damaged.append((good.pop(), exc.reason))
        self._index = SegmentIndex(good, set_aside_firsts(self.directory))
        top = self._current.segment.first_seq if self._current else 0
        above = [seg for seg, _ in damaged if seg.first_seq > top]
        floor = max([seq_floor_of_damaged(seg, self._limit) for seg in above], default=0)
        moving = True
        if floor > self.last_seq():
            self._floor = floor
            try:
                self._start_segment(floor + 1, max(above).day)
            except StorageError:
                moving = False
        for segment, reason in damaged:
            self._set_aside(segment, reason, move=moving)

    @property
    def problems(self) -> list[StorageProblem]:
        """Damaged segments found so far and what was done with them."""
        with self._lock:
            return self._quarantine.problems

    def last_seq(self) -> int:
        """The seq of the newest event (0 for an empty log)."""
        with self._lock:
            return max(self._current.last_seq if self._current else 0, self._floor)

    def _ready_to_write(self, action: str) -> None:
        """Refuse a write from another thread or after the card failed; settle set-aside files."""
        self._writer.check(action)
        self._since_cache = None  # a purge may rewrite any segment; an append is cheap to follow
        if self._broken is not None:
            raise StorageError(
                "The kiosk stopped saving choices after a problem with its memory card. "
                "Please restart the kiosk.",
                detail=self._broken,
            )
        self._quarantine.settle()

    def append(self, event: dict[str, Any]) -> None:
        """Save ``event`` durably before returning; raise and change nothing if not.

        ``ValueError``: the event is malformed or its ``seq`` is not
        ``last_seq() + 1``. :class:`StorageError` / ``DiskFullError``: the card
        refused it; the choice is not saved and may be tried again.
        """
        with self._lock:
            self._ready_to_write("save a choice")
            check_event(event)
            current, seq = self._current, event["seq"]
            if seq != self.last_seq() + 1:
                raise ValueError(f"event seq {seq} does not follow the last saved seq {self.last_seq()}")
            if current is not None and event["id"] in current.ids:
                raise ValueError(f"an event with id {event['id']!r} is already saved")
            if (
                current is None
                or current.segment.day != event["day"]
                or current.span >= self._limit
                or current.last_seq + 1 != seq
            ):
                current = self._start_segment(seq, event["day"])
            current.table.insert(Document(event, doc_id=seq))
            current.last_seq = seq
            current.held += 1
            current.ids.add(event["id"])

    def _start_segment(self, first_seq: int, day: str) -> OpenSegment:
        """Make the segment new events go to; an empty current one is renamed instead.

        If the card fails before anything changed, nothing did; if it fails after
        the files changed, the log refuses appends until it is reopened (opening
        sorts the files out).
        """
        path = self.directory / segment_name(first_seq, day)
        old = self._current
        renamed = old if old is not None and old.count == 0 and old.segment.first_seq == first_seq else None
        after_gap = first_seq != (old.last_seq if old else 0) + 1
        try:
            if renamed is not None:
                after_gap = renamed.segment.after_gap
                self._ops.replace(renamed.segment.path, path)
                fsync_dir(self._ops, self.directory)
            else:
                create_journal(path, self._ops, {**HEADER, "after_gap": True} if after_gap else HEADER)
            if old is not None:
                self._current = None
                self._index.counts[old.segment.path] = old.count
                old.close()
            if renamed is not None:
                self._index.forget(renamed.segment)
            segment = Segment(first_seq, day, path, after_gap)
            self._index.add(segment)
            self._current = open_segment(segment, self._ops)
        except (OSError, StorageError) as exc:
            if path.exists():
                self._broken = f"starting {path.name} failed: {exc}"
            if isinstance(exc, OSError):
                raise error_from_os(exc, N_("this choice")) from exc
            raise
        return self._current

    def events_on(self, day: str) -> list[dict[str, Any]]:
        """Every event of ``day`` (as the kiosk believed the date), in seq order."""
        with self._lock:
            found: list[dict[str, Any]] = []
            for segment in self._index.on_day(day):
                found.extend(self._events_of(segment))
            return found

    def since(self, seq: int) -> Iterator[dict[str, Any]]:
        """Every event with a seq above ``seq``, in order (reads segments lazily).

        The events are the caller's own copies. The last older segment read here is
        kept in memory while its file is unchanged (see :meth:`_since_events`), so a
        sync that asks for the next page does not read and check it again.
        """
        with self._lock:
            segments = self._index.after(seq)
        for segment in segments:
            with self._lock:
                live = self._live(segment)
                events = self._since_events(live) if live is not None else []
            yield from (event if fresh else dict(event) for fresh, event in events if event["seq"] > seq)

    def line_sources(self, seq: int, max_bytes: int) -> tuple[list[LineSource], bool]:
        """The segments holding events above ``seq``, opened for :func:`~.segment_lines.read_lines`.

        Whole segments, oldest first, up to about ``max_bytes`` (at least one), and
        whether more segments follow. Cheap (an open and a stat per segment), so the
        owner thread can call it; the reading and the sending happen on the sync
        thread. The caller closes them.
        """
        sources: list[LineSource] = []
        size = 0
        with self._lock:
            segments = self._index.after(seq)
            try:
                for segment in segments:
                    fd = os.open(segment.path, os.O_RDONLY)
                    current = self._current
                    if current is not None and segment == current.segment:
                        length = current.storage.size  # appended and fsynced; a torn tail excluded
                    else:
                        length = os.fstat(fd).st_size
                    if sources and size + length > max_bytes:
                        os.close(fd)
                        break
                    sources.append(LineSource(fd, segment.first_seq, segment.day, length, segment.end))
                    size += length
            except OSError as exc:
                close_sources(sources)
                raise error_from_os(exc, N_("the files of choices")) from exc
        return sources, len(sources) < len(segments)

    def _since_events(self, segment: Segment) -> list[tuple[bool, dict[str, Any]]]:
        """``_events_of(segment)`` as ``(caller's own, event)`` pairs, cached for one older segment.

        The cache holds the events of the last older (sealed) segment read, keyed by
        everything its reading depended on: its header as indexed, where the next
        segment begins, and the file's identity, size and change time. A purge
        rewrites a file by replacing it (a new inode) and a damaged file is set
        aside (no longer in the index), so either misses the cache and the file is
        read and checked again. Cached events are handed out as copies.
        """
        if self._is_current(segment):
            return [(True, event) for event in self._events_of(segment)]
        key = self._since_key(segment)
        cached = self._since_cache
        if key is not None and cached is not None and cached[0] == key:
            return [(False, event) for event in cached[1]]
        events = self._events_of(segment)
        self._since_cache = (key, events) if key is not None and self._live(segment) is segment else None
        return [(False, event) for event in events]

    def _since_key(self, segment: Segment) -> tuple[Any, ...] | None:
        try:
            stat = segment.path.stat()
        except OSError:
            return None
        return (
            segment.path, segment.first_seq, segment.after_gap, segment.end, segment.kept,
            self._index.boundary_after(segment), stat.st_ino, stat.st_size, stat.st_mtime_ns,
        )

    def count(self) -> int:
        """How many events the log holds (reads each older segment once)."""
        with self._lock:
            current = self._current
            total = current.count if current else 0
            for segment in self._index.all():
                if current is not None and segment == current.segment:
                    continue
                if segment.path not in self._index.counts:
                    self._events_of(segment)
                total += self._index.counts.get(segment.path, 0)
            return total

    def verify(self) -> list[StorageProblem]:
        """Read every segment whole; set aside damaged ones; return new problems."""
        self._writer.check("check the files of choices")
        with self._lock:
            before = len(self._quarantine.problems)
            for segment in self._index.all():
                self._events_of(segment)
            self._quarantine.settle()
            return self._quarantine.problems[before:]

    def _live(self, segment: Segment) -> Segment | None:
        """The index's version of ``segment`` (a purge may have rewritten its header)."""
        segments = self._index.all()
        index = bisect.bisect_left(segments, segment)
        return segments[index] if index < len(segments) and segments[index] == segment else None

    def _is_current(self, segment: Segment) -> bool:
        return self._current is not None and self._current.segment == segment

    def _events_of(self, segment: Segment) -> list[dict[str, Any]]:
        current = self._current
        if current is not None and segment == current.segment:
            return [dict(doc) for doc in current.table.all()]
        upper, exact = self._index.boundary_after(segment)
        self.segments_read += 1
        try:
            events = read_segment(segment, self._ops, upper, exact)
        except CorruptFileError as exc:
            self._set_aside(segment, exc.reason)
            return []
        except FileNotFoundError:
            self._set_aside(segment, N_("the file has disappeared"), move=False)
            return []
        self._index.counts[segment.path] = len(events)
        return events

    def _set_aside(self, segment: Segment, reason: str, *, move: bool = True) -> None:
        self._since_cache = None
        self._index.note_set_aside(segment)
        problem_for = events_problem(segment.path, segment.day, reason)
        self._quarantine.report(segment.path, problem_for, move=move)

    def close(self) -> None:
        """Close today's segment; the log must not be used afterwards."""
        with self._lock:
            self._broken = "the storage was closed"
            if self._current is not None:
                self._current.close()
                self._current = None
