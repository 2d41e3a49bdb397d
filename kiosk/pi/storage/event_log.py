"""The append-only log of choice events, in day segments, crash-safe and O(1) to grow.

Events go to the newest segment only (see :mod:`.segments`), one checksummed line of
the event's own JSON each (:mod:`.open_segment`); a new segment is started when the
day changes or the segment holds ``segment_limit`` events, so recording a choice
never reads or rewrites the history. ``append`` returns only once the event is on the
card; if it fails, the file is cut back and nothing changes in memory.

On opening, every segment's header is checked (one line each; a segment written by
version 1 is moved to version 2 once, :mod:`.segment_upgrade`) and only the newest
segment is read whole; older ones are read when asked for (``events_on``, ``since``,
``verify``). A damaged segment is set aside and reported in ``problems``; all other
segments stay usable. When the damaged one was the newest, a new empty segment is
started above every seq it may have used, so no seq is ever given out twice.

``purge_child``, ``purge_before`` and ``purge_seqs`` (the teacher's privacy tools,
retention) remove events from the card for good by rewriting segments atomically
(:class:`~.log_purges.LogPurges`, planned by :mod:`.purge_plan`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.pi.storage.log_files import LogFiles
from kiosk.pi.storage.log_purges import LogPurges
from kiosk.pi.storage.segment_lines import LineSource, close_sources
from kiosk.pi.storage.segments import Segment, scan_segments, seq_floor_of_damaged
from kiosk.shared.event_checks import DEFAULT_SEGMENT_LIMIT, check_event
from kiosk.shared.files.durable_io import FileOps, make_private_dir, remove_stale_temps
from kiosk.shared.files.errors import StorageError, StorageProblem, error_from_os
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.text.i18n import N_

__all__ = ["DEFAULT_SEGMENT_LIMIT", "EventLog"]

_SinceCache = tuple[tuple[Any, ...], list[dict[str, Any]]]


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
        ops = ops or FileOps()
        self._writer = writer or SingleWriter()
        self._limit = segment_limit
        self._lock = threading.RLock()
        self._files = LogFiles(self.directory, ops, self._writer)
        self._purges = LogPurges(self._files, self._lock, self._ready_to_write)
        self._floor = 0
        self._since_cache: _SinceCache | None = None
        make_private_dir(ops, self.directory)
        remove_stale_temps(self.directory)
        self._open()

    def _open(self) -> None:
        files = self._files
        good, damaged = scan_segments(self.directory, files.ops)
        files.open_newest(good, damaged)
        top = files.current.segment.first_seq if files.current else 0
        above = [seg for seg, _ in damaged if seg.first_seq > top]
        floor = max([seq_floor_of_damaged(seg, self._limit) for seg in above], default=0)
        moving = True
        if floor > self.last_seq():
            self._floor = floor
            try:
                files.start_segment(floor + 1, max(above).day)
            except StorageError:
                moving = False
        for segment, reason in damaged:
            files.set_aside(segment, reason, move=moving)

    @property
    def segments_read(self) -> int:
        """How many segments were read whole so far (none while recording: the benchmark checks)."""
        return self._files.segments_read

    @property
    def problems(self) -> list[StorageProblem]:
        """Damaged segments found so far and what was done with them."""
        with self._lock:
            return self._files.quarantine.problems

    def last_seq(self) -> int:
        """The seq of the newest event (0 for an empty log)."""
        with self._lock:
            current = self._files.current
            return max(current.last_seq if current else 0, self._floor)

    def _ready_to_write(self, action: str) -> None:
        """Refuse a write from another thread or after the card failed; settle set-aside files."""
        self._writer.check(action)
        self._since_cache = None  # a purge may rewrite any segment; an append is cheap to follow
        if self._files.broken is not None:
            raise StorageError(
                "The kiosk stopped saving choices after a problem with its memory card. "
                "Please restart the kiosk.",
                detail=self._files.broken,
            )
        self._files.quarantine.settle()

    def append(self, event: dict[str, Any]) -> None:
        """Save ``event`` durably before returning; raise and change nothing if not.

        ``ValueError``: the event is malformed or its ``seq`` is not
        ``last_seq() + 1``. :class:`StorageError` / ``DiskFullError``: the card
        refused it; the choice is not saved and may be tried again.
        """
        with self._lock:
            self._ready_to_write("save a choice")
            check_event(event)
            current, seq = self._files.current, event["seq"]
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
                current = self._files.start_segment(seq, event["day"])
            current.append(event)

    def events_on(self, day: str) -> list[dict[str, Any]]:
        """Every event of ``day`` (as the kiosk believed the date), in seq order."""
        with self._lock:
            found: list[dict[str, Any]] = []
            for segment in self._files.index.on_day(day):
                found.extend(self._files.events_of(segment))
            return found

    def since(self, seq: int) -> Iterator[dict[str, Any]]:
        """Every event with a seq above ``seq``, in order (reads segments lazily).

        The events are the caller's own copies. The last older segment read here is
        kept in memory while its file is unchanged (see :meth:`_since_events`), so a
        sync that asks for the next page does not read and check it again.
        """
        with self._lock:
            segments = self._files.index.after(seq)
        for segment in segments:
            with self._lock:
                live = self._files.live(segment)
                events = self._since_events(live) if live is not None else []
            yield from (event if fresh else dict(event) for fresh, event in events if event["seq"] > seq)

    def line_sources(self, seq: int, max_bytes: int) -> tuple[list[LineSource], bool]:
        """The segments holding events above ``seq``, opened for :func:`~.segment_lines.read_lines`.

        Whole segments, oldest first, up to about ``max_bytes`` (at least one), and
        whether more segments follow. Cheap (an open and a stat per segment), so the
        storage thread can call it; the reading and the sending happen on the sync
        thread. The caller closes them.
        """
        sources: list[LineSource] = []
        size = 0
        with self._lock:
            segments = self._files.index.after(seq)
            try:
                for segment in segments:
                    fd = os.open(segment.path, os.O_RDONLY)
                    current = self._files.current
                    if current is not None and segment == current.segment:
                        length = current.size  # appended and fsynced; a torn tail excluded
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
        """``events_of(segment)`` as ``(caller's own, event)`` pairs, cached for one older segment.

        The cache holds the events of the last older (sealed) segment read, keyed by
        everything its reading depended on: its header as indexed, where the next
        segment begins, and the file's identity, size and change time. A purge
        rewrites a file by replacing it (a new inode) and a damaged file is set
        aside (no longer in the index), so either misses the cache and the file is
        read and checked again. Cached events are handed out as copies.
        """
        files = self._files
        if files.is_current(segment):
            return [(True, event) for event in files.events_of(segment)]
        key = self._since_key(segment)
        cached = self._since_cache
        if key is not None and cached is not None and cached[0] == key:
            return [(False, event) for event in cached[1]]
        events = files.events_of(segment)
        self._since_cache = (key, events) if key is not None and files.live(segment) is segment else None
        return [(False, event) for event in events]

    def _since_key(self, segment: Segment) -> tuple[Any, ...] | None:
        try:
            stat = segment.path.stat()
        except OSError:
            return None
        return (
            segment.path, segment.first_seq, segment.after_gap, segment.end, segment.kept,
            self._files.index.boundary_after(segment), stat.st_ino, stat.st_size, stat.st_mtime_ns,
        )

    def count(self) -> int:
        """How many events the log holds (reads each older segment once)."""
        with self._lock:
            files = self._files
            current = files.current
            total = current.count if current else 0
            for segment in files.index.all():
                if current is not None and segment == current.segment:
                    continue
                if segment.path not in files.index.counts:
                    files.events_of(segment)
                total += files.index.counts.get(segment.path, 0)
            return total

    def verify(self) -> list[StorageProblem]:
        """Read every segment whole; set aside damaged ones; return new problems."""
        self._writer.check("check the files of choices")
        with self._lock:
            quarantine = self._files.quarantine
            before = len(quarantine.problems)
            for segment in self._files.index.all():
                self._files.events_of(segment)
            quarantine.settle()
            return quarantine.problems[before:]

    def purge_child(self, child_id: str) -> int:
        """Remove every event of ``child_id`` (and the undos naming them) from the card; see :class:`LogPurges`."""
        return self._purges.purge_child(child_id)

    def purge_before(self, day: str) -> int:
        """Remove every event of ``day`` and earlier from the card (by segment names); see :class:`LogPurges`."""
        return self._purges.purge_before(day)

    def purge_seqs(self, ranges: list[list[int]]) -> int:
        """Remove the events whose seq lies in the sorted ``[first, last]`` ``ranges``; see :class:`LogPurges`."""
        return self._purges.purge_seqs(ranges, self.last_seq())

    def close(self) -> None:
        """Close today's segment; the log must not be used afterwards."""
        with self._lock:
            self._files.broken = "the storage was closed"
            self._files.close()
