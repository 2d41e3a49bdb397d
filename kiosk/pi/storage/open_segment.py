"""Today's segment of the log, open for appending: one checksummed line and one fsync per choice.

Recording a choice is the floor of what a durable store can do: the event's own line
(:func:`~kiosk.shared.files.journal_format.event_line`) is appended with ``write`` and
made durable with one ``fsync`` before :meth:`OpenSegment.append` returns. Nothing else
is read or rewritten. The segment's events are kept in memory (at most
``segment_limit``) so today's choices are read without touching the card.

A failed append is undone: the file is cut back to its last confirmed length (so no
garbage stays in front of later lines) and memory is left as it was. If even that cut
fails, the segment refuses every further append until it is opened again, which cuts
the torn tail.
"""

from __future__ import annotations

import os
from typing import Any

from kiosk.pi.storage.segments import Segment
from kiosk.shared.files.durable_io import FILE_MODE, FileOps, write_all
from kiosk.shared.files.errors import StorageError, error_from_os
from kiosk.shared.files.journal_format import JournalScan, event_line
from kiosk.shared.text.i18n import N_

__all__ = ["OpenSegment"]


def _copy(value: Any) -> Any:
    """Copy the containers of a JSON value; strings and numbers are shared."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class OpenSegment:
    """The segment new events go to: its file open for appending, its events in memory."""

    def __init__(self, segment: Segment, ops: FileOps, scan: JournalScan, last_seq: int) -> None:
        self.segment = segment
        self.last_seq = last_seq
        self.size = scan.good_length  # appended and fsynced; a torn tail is cut off below
        self.broken: str | None = None
        self._ops = ops
        self._events = scan.events
        self.ids = {event["id"] for event in self._events if isinstance(event.get("id"), str)}
        self._fd: int | None = ops.open(segment.path, os.O_WRONLY | os.O_APPEND)
        try:
            if os.name != "nt" and os.fstat(self._fd).st_mode & 0o777 != FILE_MODE:
                os.fchmod(self._fd, FILE_MODE)
            if scan.dropped_tail:
                ops.truncate(self._fd, self.size)
                ops.fsync(self._fd)
        except OSError as exc:
            self.close()
            raise error_from_os(exc, N_("the repair of a file of choices")) from exc

    @property
    def count(self) -> int:
        """How many events the segment holds (fewer than its span after a purge)."""
        return len(self._events)

    @property
    def span(self) -> int:
        """How many seqs the segment has used up (what ``segment_limit`` caps)."""
        return self.last_seq - self.segment.first_seq + 1

    def events(self) -> list[dict[str, Any]]:
        """The segment's events, in seq order, as the caller's own copies."""
        return [_copy(event) for event in self._events]

    def append(self, event: dict[str, Any]) -> None:
        """Append ``event``'s line and fsync it, or raise with the file and memory unchanged."""
        if self._fd is None:
            raise StorageError(f"{self.segment.path.name} is closed.")
        if self.broken is not None:
            raise StorageError(
                "A save that failed earlier could not be undone on the memory card, "
                "so the kiosk saves nothing more until it is restarted.",
                detail=self.broken,
            )
        line = event_line(event)
        try:
            write_all(self._ops, self._fd, line)
            self._ops.fsync(self._fd)
        except BaseException as exc:
            self._roll_back()
            if isinstance(exc, OSError):
                raise error_from_os(exc, N_("this choice")) from exc
            raise
        self.size += len(line)
        self._events.append(_copy(event))
        self.ids.add(event["id"])
        self.last_seq = event["seq"]

    def _roll_back(self) -> None:
        """Cut the file back to its last confirmed length so no garbage stays behind."""
        assert self._fd is not None
        try:
            self._ops.truncate(self._fd, self.size)
            self._ops.fsync(self._fd)
        except OSError as exc:
            self.broken = f"rollback of {self.segment.path.name} failed: {exc}"

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            self._ops.close(fd)
