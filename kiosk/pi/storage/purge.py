"""Privacy purges of the event log: what a purge keeps, and how a segment is marked.

A purge really removes events from the card: each affected segment is rewritten
whole, atomically, without them (see :func:`.segment_files.rewrite_segment`), and a
segment left empty is deleted. Two things keep the log's rules after that:

* **Seqs are never reused.** A rewritten segment's header records ``end``, the
  highest seq it had handed out, so ``last_seq()`` stays where it was even when the
  newest events are purged. The newest segment is therefore never deleted, only
  rewritten with its header (and ``end``) alone.
* **A gap is not damage.** A rewritten segment has gaps in its seqs (its header says
  how many events it kept, so a cut-off end is still noticed). When a whole segment
  is deleted, the next one is marked ``after_gap`` *before* the deletion, so the one
  before it is never judged cut short, whatever moment a crash picks.

This module holds the pure parts; :class:`~.event_log.EventLog` runs the purge.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.pi.storage.segments import Segment, parse_segment_name

__all__ = [
    "aside_files_through",
    "check_child_id",
    "check_purge_day",
    "drop_child",
    "last_seq_of",
    "purged",
]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_purge_day(day: Any) -> str:
    """``day`` if it is a real ISO date ``YYYY-MM-DD``; else ``ValueError`` saying so."""
    if not isinstance(day, str) or not _DAY.fullmatch(day):
        raise ValueError(f"the purge day must be a date written YYYY-MM-DD, not {day!r:.40}")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"the purge day {day!r} is not a real date") from None
    return day


def check_child_id(child_id: Any) -> str:
    """``child_id`` if it is non-empty text; else ``ValueError``."""
    if not isinstance(child_id, str) or not child_id.strip():
        raise ValueError(f"the child to delete must be given as non-empty text, not {child_id!r:.40}")
    return child_id


def drop_child(events: list[dict[str, Any]], child_id: str, removed_ids: set[str]) -> list[dict[str, Any]]:
    """The events to keep: all but ``child_id``'s and those referring to removed ones.

    ``removed_ids`` collects the ids removed so far; segments are visited in seq
    order, so an ``undone`` event (whose ``ref`` names an earlier event) goes with it.
    """
    keep = []
    for event in events:
        ref = event.get("ref")
        if event.get("child_id") == child_id or (ref is not None and ref in removed_ids):
            event_id = event.get("id")
            if isinstance(event_id, str):  # always, for what the log wrote (kiosk/shared/event_checks.py)
                removed_ids.add(event_id)
        else:
            keep.append(event)
    return keep


def last_seq_of(segment: Segment, events: list[dict[str, Any]]) -> int:
    """The highest seq ``segment`` has used (``first_seq - 1`` if none yet)."""
    seqs: list[int] = [event["seq"] for event in events]
    return max([segment.first_seq - 1, segment.end or 0, *seqs])


def purged(segment: Segment, last_seq: int, kept: int, after_gap: bool) -> Segment:
    """``segment`` as a purge rewrites it: seqs used up to ``last_seq``, ``kept`` left."""
    return replace(segment, after_gap=segment.after_gap or after_gap, end=last_seq, kept=kept)


def aside_files_through(directory: Path, day: str) -> list[tuple[int, Path]]:
    """``(first_seq, path)`` of every set-aside segment of ``day`` or earlier."""
    found = []
    for entry in os.scandir(directory):
        name, mark, _ = entry.name.partition(".corrupt-")
        parsed = parse_segment_name(name)
        if mark and parsed is not None and parsed[1] <= day:
            found.append((parsed[0], Path(entry.path)))
    return sorted(found)
