"""The teacher's privacy tools on the choice log: removing choices from the card for good.

``purge_child``, ``purge_before`` and ``purge_seqs`` (retention, as a laptop names the
choices it deleted) rewrite the segments concerned atomically, newest first, after a
plan made over every segment (:mod:`.purge_plan`); a crash at any moment leaves a log
that opens cleanly and a purge that can simply be run again. A mixin of
:class:`~kiosk.pi.storage.event_log.EventLog`, which appends, reads and recovers: it
holds the log's lock, index and open segment that a purge rewrites under.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk.pi.storage.purge import (
    aside_files_through,
    check_child_id,
    check_purge_day,
    drop_child,
    last_seq_of,
    purged,
)
from kiosk.pi.storage.purge_plan import KeepOf, plan_purge
from kiosk.pi.storage.segment_files import OpenSegment, open_segment, read_segment, rewrite_segment
from kiosk.pi.storage.segment_index import SegmentIndex
from kiosk.pi.storage.segments import Segment, checked_segment, set_aside_firsts
from kiosk.shared.files.durable_io import FileOps, fsync_dir
from kiosk.shared.files.errors import CorruptFileError, StorageError, error_from_os
from kiosk.shared.seq_ranges import in_ranges
from kiosk.shared.text.i18n import N_

__all__ = ["LogPurges"]


class LogPurges:
    """Purges of :class:`~kiosk.pi.storage.event_log.EventLog`: the state below is the log's own."""

    directory: Path
    _ops: FileOps
    _lock: threading.RLock
    _index: SegmentIndex
    _current: OpenSegment | None
    _broken: str | None
    last_seq: Callable[[], int]
    _ready_to_write: Callable[[str], None]
    _events_of: Callable[[Segment], list[dict[str, Any]]]
    _live: Callable[[Segment], Segment | None]
    _is_current: Callable[[Segment], bool]

    def purge_child(self, child_id: str) -> int:
        """Remove every event of ``child_id`` from the card; return how many went.

        Events whose ``ref`` names a removed event (an ``undone``) go too. Each
        segment holding any is rewritten atomically without them; one left empty
        is deleted (the newest is kept with its header only, so ``last_seq()``
        never goes back). An unknown child removes nothing and rewrites nothing.
        Reads every segment (a damaged one is set aside, as by :meth:`verify`).
        """
        check_child_id(child_id)
        removed_ids: set[str] = set()
        return self._purge(
            "delete a child's choices",
            lambda segment: True,
            lambda events: drop_child(events, child_id, removed_ids),
            list,
        )

    def purge_before(self, day: str) -> int:
        """Remove every event of ``day`` and earlier from the card; return how many went.

        ``day`` is an ISO date ``YYYY-MM-DD`` (else ``ValueError``, nothing changed);
        it is compared with the day in each segment's name. Those segments are
        deleted (the newest is kept with its header only), and so are segments of
        those days set aside earlier as damaged.
        """
        check_purge_day(day)
        return self._purge(
            "delete old choices",
            lambda segment: segment.day <= day,
            None,
            lambda: aside_files_through(self.directory, day),
        )

    def purge_seqs(self, ranges: list[list[int]]) -> int:
        """Remove the events whose seq lies in ``ranges`` (sorted ``[first, last]`` runs); return how many went.

        Retention on a kiosk: the laptop names the choices it deleted by their
        corrected day (kiosk/laptop/retention.py). Only the segments those seqs can
        lie in are read and rewritten, as by :meth:`purge_child`.
        """
        if not ranges:
            return 0
        segments = self._index.all()
        ends = [later.first_seq - 1 for later in segments[1:]] + [self.last_seq()]
        touched = {
            # strict=False: with no segments at all, ``ends`` still holds last_seq()
            segment for segment, end in zip(segments, ends, strict=False)
            if any(first <= end and segment.first_seq <= last for first, last in ranges)
        }
        return self._purge(
            "delete old choices",
            lambda segment: segment in touched,
            lambda events: [e for e in events if not in_ranges(int(e["seq"]), ranges)],
            list,
        )

    def _purge(
        self,
        action: str,
        touches: Callable[[Segment], bool],
        keep_of: KeepOf | None,
        asides_of: Callable[[], list[tuple[int, Path]]],
    ) -> int:
        """Rewrite or delete the segments ``touches`` picks so only ``keep_of`` is left.

        ``keep_of`` None: the segments picked go whole (their events are counted,
        not checked, so a damaged one is deleted too rather than set aside), and so
        do the set-aside files ``asides_of`` lists.

        First every segment concerned is read, oldest first, to plan (``keep_of``
        may learn from earlier segments, e.g. which ids an undo refers to). Then,
        each step atomic: the rewrites, newest first (so an event that refers to a
        removed one is gone no later than it, and a purge run again after a crash
        still finds both), including marking ``after_gap`` on a segment that follows
        a deleted one; then the deletions; then one fsync of the directory. A crash
        at any moment leaves a log that opens cleanly and a purge that can simply
        be run again.
        """
        with self._lock:
            self._ready_to_write(action)
            asides = asides_of()
            try:
                removed, rewrites, doomed = plan_purge(
                    self._index.all(), touches, keep_of, [first for first, _ in asides],
                    events_of=self._events_of, is_live=lambda s: self._live(s) is not None,
                    count_of=self._count_quietly,
                )
                for segment, mark in reversed(rewrites):
                    self._purge_segment(segment, mark, touches, keep_of)
                for segment in doomed:
                    self._ops.unlink(segment.path)
                    self._index.forget(segment)
                for _, path in asides:
                    self._ops.unlink(path)
                if doomed or asides:
                    fsync_dir(self._ops, self.directory)
            except OSError as exc:
                raise error_from_os(exc, N_("the deletion of choices")) from exc
            finally:
                if asides:
                    self._reindex()
            return removed

    def _count_quietly(self, segment: Segment) -> int:
        """How many events ``segment`` holds, without judging it (it is to be deleted)."""
        if self._is_current(segment) and self._current is not None:
            return self._current.count
        if segment.path in self._index.counts:
            return self._index.counts[segment.path]
        try:
            return len(read_segment(segment, self._ops, None, False))
        except CorruptFileError:
            return max(0, segment.path.read_bytes().count(b"\n") - 1)
        except FileNotFoundError:
            return 0

    def _purge_segment(
        self,
        segment: Segment,
        mark: bool,
        touches: Callable[[Segment], bool],
        keep_of: KeepOf | None,
    ) -> None:
        """Rewrite one segment as planned (read again: the plan keeps no events)."""
        live = self._live(segment)
        if live is None:
            return
        events = self._events_of(live)
        if self._live(segment) is None:
            return
        keep = events
        if touches(live):
            keep = [] if keep_of is None else keep_of(events)
        if len(keep) == len(events):
            new = replace(live, after_gap=live.after_gap or mark)
        else:
            current = self._current if self._is_current(live) else None
            last = current.last_seq if current is not None else last_seq_of(live, events)
            new = purged(live, last, len(keep), mark)
        self._rewrite(live, new, keep)

    def _rewrite(self, old: Segment, new: Segment, events: list[dict[str, Any]]) -> None:
        """Replace ``old``'s file by ``new``'s header and ``events`` (atomic).

        Today's segment is closed for the rewrite and opened again afterwards. On a
        failure the header on the card says which version is there.
        """
        reopen = self._is_current(old)
        if reopen:
            assert self._current is not None
            self._current.close()
            self._current = None
        try:
            rewrite_segment(new, events, self._ops, N_("the deletion of choices"))
        finally:
            try:
                on_disk: Segment | None = checked_segment(old)
            except (OSError, StorageError) as exc:
                on_disk = None
                self._broken = f"reading {old.path.name} back after a purge failed: {exc}"
            self._index.forget(old)
            if on_disk is not None:
                self._index.add(on_disk)
                if (on_disk.after_gap, on_disk.end, on_disk.kept) == (new.after_gap, new.end, new.kept):
                    self._index.counts[on_disk.path] = len(events)
                if reopen:
                    try:
                        self._current = open_segment(on_disk, self._ops)
                    except (OSError, StorageError) as exc:
                        self._broken = f"opening {old.path.name} again after a purge failed: {exc}"

    def _reindex(self) -> None:
        """Build the index again after set-aside files were deleted (keeps the counts)."""
        counts = self._index.counts
        self._index = SegmentIndex(self._index.all(), set_aside_firsts(self.directory))
        self._index.counts.update(counts)
