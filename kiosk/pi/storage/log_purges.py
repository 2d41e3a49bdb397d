"""The teacher's privacy tools on the choice log: removing choices from the card for good.

``purge_child``, ``purge_before`` and ``purge_seqs`` (retention, as a laptop names the
choices it deleted) rewrite the segments concerned atomically, newest first, after a
plan made over every segment (:mod:`.purge_plan`); a crash at any moment leaves a log
that opens cleanly and a purge that can simply be run again. :class:`LogPurges` is
handed the log's files (:class:`~.log_files.LogFiles`: the index, today's segment,
reading and replacing one); :class:`~.event_log.EventLog` calls it under its lock,
after checking the writer thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kiosk.pi.storage.log_files import LogFiles
from kiosk.pi.storage.purge import (
    aside_files_through,
    check_child_id,
    check_purge_day,
    drop_child,
    last_seq_of,
    purged,
)
from kiosk.pi.storage.purge_plan import KeepOf, plan_purge
from kiosk.pi.storage.segments import Segment
from kiosk.shared.files.durable_io import fsync_dir
from kiosk.shared.files.errors import error_from_os
from kiosk.shared.seq_ranges import in_ranges
from kiosk.shared.text.i18n import N_

__all__ = ["LogPurges"]


class LogPurges:
    """The purges of one log, carried out on its files under its lock, once ``ready`` allowed the write."""

    def __init__(self, files: LogFiles, lock: threading.RLock, ready: Callable[[str], None]) -> None:
        self._files = files
        self._lock = lock
        self._ready = ready

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
            lambda: aside_files_through(self._files.directory, day),
        )

    def purge_seqs(self, ranges: list[list[int]], last_seq: int) -> int:
        """Remove the events whose seq lies in ``ranges`` (sorted ``[first, last]`` runs); return how many went.

        Retention on a kiosk: the laptop names the choices it deleted by their
        corrected day (kiosk/laptop/retention.py). Only the segments those seqs can
        lie in are read and rewritten, as by :meth:`purge_child`.
        """
        if not ranges:
            return 0
        with self._lock:
            segments = self._files.index.all()
        ends = [later.first_seq - 1 for later in segments[1:]] + [last_seq]
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
            self._ready(action)
            files = self._files
            asides = asides_of()
            try:
                removed, rewrites, doomed = plan_purge(
                    files.index.all(), touches, keep_of, [first for first, _ in asides],
                    events_of=files.events_of, is_live=lambda s: files.live(s) is not None,
                    count_of=files.count_quietly,
                )
                for segment, mark in reversed(rewrites):
                    self._purge_segment(segment, mark, touches, keep_of)
                for segment in doomed:
                    files.ops.unlink(segment.path)
                    files.index.forget(segment)
                for _, path in asides:
                    files.ops.unlink(path)
                if doomed or asides:
                    fsync_dir(files.ops, files.directory)
            except OSError as exc:
                raise error_from_os(exc, N_("the deletion of choices")) from exc
            finally:
                if asides:
                    files.reindex()
            return removed

    def _purge_segment(
        self,
        segment: Segment,
        mark: bool,
        touches: Callable[[Segment], bool],
        keep_of: KeepOf | None,
    ) -> None:
        """Rewrite one segment as planned (read again: the plan keeps no events)."""
        files = self._files
        live = files.live(segment)
        if live is None:
            return
        events = files.events_of(live)
        if files.live(segment) is None:
            return
        keep = events
        if touches(live):
            keep = [] if keep_of is None else keep_of(events)
        if len(keep) == len(events):
            new = replace(live, after_gap=live.after_gap or mark)
        else:
            current = files.current if files.is_current(live) else None
            last = current.last_seq if current is not None else last_seq_of(live, events)
            new = purged(live, last, len(keep), mark)
        files.rewrite(live, new, keep)
