"""How this kiosk writes an entry to its log: the service decides *whether* (kiosk/pi/service.py), this *how*.

An entry gets its id, the next seq, the wall and monotonic times of this boot, today's
day on the kiosk's best time, and the entry it replaces; it is appended (and fsynced)
before it is handed back, so no screen speaks of an entry that is not on disk. A save
that fails is kept, in the words the teacher reads, for the kiosk's list of problems.
Runs on the storage thread, as the service does.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from kiosk.pi.class_setup import ClassSetup
from kiosk.pi.kiosk_day import Reading
from kiosk.pi.rules import Placement
from kiosk.pi.storage.interfaces import ChoiceLog
from kiosk.pi.today_board import TodayBoard
from kiosk.shared.clock import Clock
from kiosk.shared.domain import WHOLE_CLASS, ChoiceEvent, ChoiceTimeMark, EventKind, Method
from kiosk.shared.files.errors import StorageError
from kiosk.shared.sync.clock_fix import parse_wall

__all__ = ["EntryWriter", "newest_reading"]


def newest_reading(choices: ChoiceLog) -> Reading | None:
    """The newest entry of the log as a reading of its boot's clock (None: no entry, or one unreadable)."""
    entry = choices.newest()
    if entry is None:
        return None
    try:
        return Reading(entry.boot_id, entry.mono, parse_wall(entry.wall))
    except ValueError:
        return None


class EntryWriter:
    """Appends this kiosk's entries to ``events``, stamped by ``clock`` and placed on ``board``'s day.

    ``places`` says who is where now, so a choice or a move names the entry it replaces.
    """

    def __init__(
        self,
        events: ChoiceLog,
        clock: Clock,
        kiosk_id: str,
        setup: ClassSetup,
        board: TodayBoard,
        places: Callable[[], Mapping[str, Placement]],
    ) -> None:
        self._events = events
        self._clock = clock
        self._kiosk_id = kiosk_id
        self._setup = setup
        self._board = board
        self._places = places
        #: Saves that failed, once each, in the words the teacher reads.
        self.errors: list[str] = []

    def record_whole_class(self, mark: ChoiceTimeMark) -> ChoiceEvent:
        """Choice time opened or ended: one entry about the whole class (read as a no-op by older versions)."""
        return self.record(WHOLE_CLASS, None, EventKind.LEFT, Method.TEACHER, choice_time=mark)

    def record(
        self,
        child_id: str,
        center_id: str | None,
        kind: EventKind,
        method: Method,
        ref: str | None = None,
        feeling: str | None = None,
        event_id: str | None = None,
        choice_time: ChoiceTimeMark | None = None,
    ) -> ChoiceEvent:
        """One entry, on disk before it is returned; ``StorageError`` (kept in ``errors``) when the save fails."""
        if child_id not in self._setup.children and not (child_id == WHOLE_CLASS and choice_time is not None):
            raise KeyError(f"unknown child {child_id!r}")
        wall = self._clock.now()
        replaced = self._places().get(child_id) if kind in (EventKind.CHOSE, EventKind.MOVED) else None
        event = ChoiceEvent(
            id=event_id or uuid.uuid4().hex,
            kiosk_id=self._kiosk_id,
            seq=self._events.last_seq() + 1,
            child_id=child_id,
            center_id=center_id,
            kind=kind,
            method=method,
            wall=wall.isoformat(timespec="milliseconds"),
            day=self._board.day,
            boot_id=self._clock.boot_id,
            mono=round(self._clock.monotonic(), 3),
            ref=ref,
            feeling=feeling,
            replaces=None if replaced is None else replaced.event.id,
            choice_time=None if choice_time is None else choice_time.value,
        )
        try:
            self._events.record(event)
        except StorageError as error:
            if str(error) not in self.errors:
                self.errors.append(error.message)  # a Sentence: the teacher reads it in the class's language
            raise
        self._board.recorded(event)
        return event
