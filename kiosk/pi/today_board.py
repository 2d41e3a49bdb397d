"""Who is where today on one kiosk: its own entries of today, those of its class's other kiosks,
and the placements folded from them.

Today's own entries are the newest stretch of the log that :func:`kiosk.pi.kiosk_day.today_view`
places on today, whatever the wall clock did (the ``day`` stamped on an entry is not
trusted). The board reads that stretch back from the newest entry once per day, or
when the clock jumped, an anchor arrived or a sync deleted choices; adds each entry
this kiosk records; and folds placements again only when something changed. Entries
learnt from another kiosk (kiosk/pi/peers.py) count for placements — seats,
friends, the switching rule — and never for this kiosk's own log, its undo or its
reflections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from kiosk.pi.kiosk_day import today_view
from kiosk.pi.kiosk_time import KioskTime
from kiosk.pi.peers import fold_class_day
from kiosk.pi.rules import Placement, counting, placements
from kiosk.shared.domain import ChoiceEvent, ChoiceTimeMark
from kiosk.shared.sync.clock_fix import parse_wall

__all__ = ["READ_BACK_LIMIT", "TodayBoard"]

#: At most this many entries are read back from the newest to find where today begins
#: (a year of a kiosk whose clock was never right would otherwise be read whole).
READ_BACK_LIMIT = 2048
_FIRST_READ = 64


class TodayBoard:
    """Today's entries, their times on the present timeline, and the placements.

    ``read_since(seq)`` gives this kiosk's entries above ``seq`` in log order,
    ``last_seq()`` the newest seq; call on the storage thread.
    """

    def __init__(
        self, read_since: Callable[[int], Iterable[ChoiceEvent]], last_seq: Callable[[], int], time: KioskTime
    ) -> None:
        self._read_since = read_since
        self._last_seq = last_seq
        self._time = time
        self._window: list[ChoiceEvent] = []
        self._window_from: int | None = None  # the window holds every entry above this seq
        self._key: tuple[Any, ...] | None = None
        self._day = ""
        self._events: list[ChoiceEvent] = []
        self._times: dict[str, datetime] = {}
        self._peers: dict[str, list[ChoiceEvent]] = {}
        self._told: dict[str, dict[str, ChoiceEvent]] = {}
        self._places: dict[str, Placement] | None = None

    @property
    def day(self) -> str:
        """Today's date on the kiosk's best time (ISO)."""
        self._refresh()
        return self._day

    def forget(self) -> None:
        """Read the log again at the next question (a sync may have deleted choices)."""
        self._window, self._window_from, self._key, self._places = [], None, None, None

    def events(self) -> list[ChoiceEvent]:
        """This kiosk's own entries of today, in log order."""
        self._refresh()
        return self._events

    def time_of(self, event: ChoiceEvent) -> datetime:
        """When an entry of today happened, on the kiosk's present timeline (a peer's: moved onto it)."""
        self._refresh()
        return self._time_of(event)

    def _time_of(self, event: ChoiceEvent) -> datetime:
        found = self._times.get(event.id)
        return found if found is not None else parse_wall(event.wall)

    def recorded(self, event: ChoiceEvent) -> None:
        """An entry this kiosk just saved: it happened now, so it is today's."""
        self._refresh()
        if event.id in self._times:
            return  # the log was read again just now (a new day, a jump), with this entry in it
        self._window.append(event)
        self._events.append(event)
        self._times[event.id] = self._time.now().at(event.mono)
        self._places = None

    def places(self) -> dict[str, Placement]:
        """Who is where now: this kiosk's entries in log order, the peers' placed among them by time."""
        self._refresh()
        if self._places is None:
            self._places = placements(self._class_day())
        return self._places

    def marks(self) -> list[tuple[datetime, ChoiceTimeMark]]:
        """Choice time opened and ended today, on this kiosk or another of the class, with their times."""
        return [(self._time_of(e), e.mark) for e in counting(self._class_day()) if e.mark is not None]

    def _class_day(self) -> list[ChoiceEvent]:
        """Today's entries of the whole class: this kiosk's, and the peers' placed among them by time."""
        self._refresh()
        own_ids = {e.id for e in self._events}
        theirs = {e.id: e for found in self._peers.values() for e in found}
        for told in self._told.values():
            theirs.update((i, e) for i, e in told.items() if i not in theirs)
        peers = [e for i, e in theirs.items() if i not in own_ids]
        return fold_class_day(self._events, peers, wall_of=self._time_of)

    def set_peer(self, kiosk_id: str, events: Iterable[ChoiceEvent], covers: int | None = None) -> bool:
        """Another kiosk's entries of today, on this kiosk's clock; another day's or kiosk's are left out.

        ``covers`` is the newest seq of that kiosk when it answered: entries it told
        this kiosk of earlier (:meth:`told`) are kept until an answer covers them, so an
        answer that was on its way before they were recorded cannot hide them. True if
        anything changed.
        """
        parsed = self._todays(kiosk_id, events)
        told = self._told.get(kiosk_id, {})
        kept = {i: e for i, e in told.items() if covers is None or e.seq > covers}
        changed = len(kept) != len(told)
        if kept:
            self._told[kiosk_id] = kept
        else:
            self._told.pop(kiosk_id, None)
        if parsed != self._peers.get(kiosk_id, []):
            self._peers[kiosk_id] = parsed
            changed = True
        if changed:
            self._places = None
        return changed

    def told(self, kiosk_id: str, events: Iterable[ChoiceEvent]) -> bool:
        """Entries another kiosk says it just recorded (after settling them with this one). True if new."""
        known = self._told.setdefault(kiosk_id, {})
        fresh = [e for e in self._todays(kiosk_id, events) if e.id not in known]
        known.update((e.id, e) for e in fresh)
        if fresh:
            self._places = None
        return bool(fresh)

    def peer_entry_ids(self) -> set[str]:
        """The ids of every entry known from another kiosk."""
        ids = {e.id for found in self._peers.values() for e in found}
        return ids.union(*(told.keys() for told in self._told.values()))

    def _todays(self, kiosk_id: str, events: Iterable[ChoiceEvent]) -> list[ChoiceEvent]:
        """``kiosk_id``'s entries of today among ``events`` (already moved onto this kiosk's clock)."""
        self._refresh()
        return [e for e in events if e.day == self._day and e.kiosk_id == kiosk_id]

    # -- finding today in the log ---------------------------------------------------------
    def _refresh(self) -> None:
        now = self._time.now()
        key = (now.wall.date(), now.boot_id, self._time.key())
        if key == self._key:
            return
        day = key[0].isoformat()
        if day != self._day:
            self._window, self._window_from = [], None  # a new day: read back from the newest again
        last = self._last_seq()
        anchors, readings = self._time.anchors(), self._time.readings()
        while True:
            if self._window_from is None:
                self._window_from = max(0, last - _FIRST_READ)
                self._window = list(self._read_since(self._window_from))
            view = today_view(self._window, now, anchors, readings)
            read = last - self._window_from
            if view.reaches_back or self._window_from == 0 or read >= READ_BACK_LIMIT:
                break
            start = max(0, last - min(2 * max(read, 1), READ_BACK_LIMIT))
            older = list(self._read_since(start))
            self._window = [e for e in older if e.seq <= self._window_from] + self._window
            self._window_from = start
        self._events = self._window[view.start:]
        self._times = {e.id: t for e, t in zip(self._events, view.times, strict=True)}
        if day != self._day:
            self._peers, self._told = {}, {}  # yesterday's answers from the other kiosks
        self._day, self._key, self._places = day, key, None
