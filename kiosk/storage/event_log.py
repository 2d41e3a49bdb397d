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
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.table import Document

from .durable_io import FileOps, fsync_dir, make_private_dir, remove_stale_temps
from .errors import CorruptFileError, StorageError, StorageProblem, error_from_os
from .event_checks import check_event
from .journal_format import HEADER
from .journal_storage import create_journal
from .quarantine import Quarantine, events_problem
from .segment_files import OpenSegment, open_segment, read_segment
from .segment_index import SegmentIndex
from .segments import Segment, scan_segments, segment_name, seq_floor_of_damaged, set_aside_firsts
from .single_writer import SingleWriter

__all__ = ["DEFAULT_SEGMENT_LIMIT", "EventLog"]

DEFAULT_SEGMENT_LIMIT = 1000


class EventLog:
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

    def append(self, event: dict[str, Any]) -> None:
        """Save ``event`` durably before returning; raise and change nothing if not.

        ``ValueError``: the event is malformed or its ``seq`` is not
        ``last_seq() + 1``. :class:`StorageError` / ``DiskFullError``: the card
        refused it; the choice is not saved and may be tried again.
        """
        with self._lock:
            self._writer.check("save a choice")
            if self._broken is not None:
                raise StorageError(
                    "The kiosk stopped saving choices after a problem with its memory card. "
                    "Please restart the kiosk.",
                    detail=self._broken,
                )
            self._quarantine.settle()
            check_event(event)
            current, seq = self._current, event["seq"]
            if seq != self.last_seq() + 1:
                raise ValueError(f"event seq {seq} does not follow the last saved seq {self.last_seq()}")
            if current is not None and event["id"] in current.ids:
                raise ValueError(f"an event with id {event['id']!r} is already saved")
            if (
                current is None
                or current.segment.day != event["day"]
                or current.count >= self._limit
                or current.last_seq + 1 != seq
            ):
                current = self._start_segment(seq, event["day"])
            current.table.insert(Document(event, doc_id=seq))
            current.last_seq = seq
            current.ids.add(event["id"])

    def _start_segment(self, first_seq: int, day: str) -> OpenSegment:
        """Make the segment new events go to; an empty current one is renamed instead.

        If the card fails before anything changed, nothing did; if it fails after
        the files changed, the log refuses appends until it is reopened (opening
        sorts the files out).
        """
        path = self.directory / segment_name(first_seq, day)
        old = self._current
        renaming = old is not None and old.count == 0 and old.segment.first_seq == first_seq
        after_gap = first_seq != (old.last_seq if old else 0) + 1
        try:
            if renaming:
                after_gap = old.segment.after_gap
                self._ops.replace(old.segment.path, path)
                fsync_dir(self._ops, self.directory)
            else:
                create_journal(path, self._ops, {**HEADER, "after_gap": True} if after_gap else HEADER)
            if old is not None:
                self._current = None
                self._index.counts[old.segment.path] = old.count
                old.close()
            if renaming:
                self._index.forget(old.segment)
            segment = Segment(first_seq, day, path, after_gap)
            self._index.add(segment)
            self._current = open_segment(segment, self._ops)
        except (OSError, StorageError) as exc:
            if path.exists():
                self._broken = f"starting {path.name} failed: {exc}"
            if isinstance(exc, OSError):
                raise error_from_os(exc, "this choice") from exc
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
        """Every event with a seq above ``seq``, in order (reads segments lazily)."""
        with self._lock:
            segments = self._index.after(seq)
        for segment in segments:
            with self._lock:
                events = self._events_of(segment) if segment in self._index else []
            yield from (event for event in events if event["seq"] > seq)

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
            self._set_aside(segment, "the file has disappeared", move=False)
            return []
        self._index.counts[segment.path] = len(events)
        return events

    def _set_aside(self, segment: Segment, reason: str, *, move: bool = True) -> None:
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
