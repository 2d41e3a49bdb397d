"""Who is where today on one kiosk: its own entries of the day, those of its class's other
kiosks, and the placements folded from them.

The board reads the day's log once per day (or after a sync deleted choices),
adds each entry this kiosk records, and folds placements again only when
something changed. Entries learnt from another kiosk (kiosk/shared/sync/peers.py) count
for placements — seats, friends, the switching rule — and never for this kiosk's
own log, its undo or its reflections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from kiosk.shared.domain import ChoiceEvent, ChoiceTimeMark
from kiosk.shared.rules import Placement, counting, placements
from kiosk.shared.sync.clock_fix import parse_wall
from kiosk.shared.sync.peers import fold_class_day

__all__ = ["TodayBoard"]


class TodayBoard:
    """Today's entries and placements; ``read_day(day)`` gives the day's entries of this kiosk's log."""

    def __init__(self, read_day: Callable[[str], Sequence[Mapping[str, Any]]]) -> None:
        self._read_day = read_day
        self._day = ""
        self._events: list[ChoiceEvent] = []
        self._peers: dict[str, list[ChoiceEvent]] = {}
        self._places: dict[str, Placement] | None = None

    @property
    def day(self) -> str:
        return self._day

    def forget(self) -> None:
        """Read the day again at the next question (a sync may have deleted choices)."""
        self._day = ""
        self._places = None

    def events(self, day: str) -> list[ChoiceEvent]:
        """This kiosk's own entries of ``day``, in log order."""
        if day != self._day:
            self._events = [ChoiceEvent.from_dict(e) for e in self._read_day(day)]
            self._day = day
            self._places = None
        return self._events

    def recorded(self, event: ChoiceEvent) -> None:
        """An entry this kiosk just saved for the current day."""
        self._events.append(event)
        self._places = None

    def places(self, day: str) -> dict[str, Placement]:
        """Who is where now: this kiosk's entries in log order, the peers' placed among them by time."""
        events = self.events(day)
        if self._places is None:
            self._places = placements(self._class_day(day, events))
        return self._places

    def _class_day(self, day: str, events: list[ChoiceEvent]) -> list[ChoiceEvent]:
        peers = [e for found in self._peers.values() for e in found if e.day == day]
        return fold_class_day(events, peers, wall_of=lambda e: parse_wall(e.wall))

    def marks(self, day: str) -> list[tuple[datetime, ChoiceTimeMark]]:
        """Choice time opened and ended today, on this kiosk or another of the class, with their times."""
        return [(parse_wall(e.wall), e.mark) for e in counting(self._class_day(day, self.events(day)))
                if e.mark is not None]

    def set_peer(self, kiosk_id: str, events: Iterable[Mapping[str, Any]], day: str) -> bool:
        """Another kiosk's entries of ``day``; unreadable or foreign ones are left out. True if anything changed."""
        parsed = []
        for event in events:
            try:
                entry = ChoiceEvent.from_dict(event)
            except (KeyError, TypeError, ValueError):
                continue
            if entry.day == day and entry.kiosk_id == kiosk_id:
                parsed.append(entry)
        if parsed == self._peers.get(kiosk_id, []):
            return False
        self._peers[kiosk_id] = parsed
        self._places = None
        return True
