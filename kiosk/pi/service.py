"""The kiosk's application service: what screens may ask and do.

It keeps the class configuration and today's events in memory, asks the pure rules
in ``kiosk.shared.rules`` for every decision, and writes through the storage layer. A
choice is appended (and fsynced) before ``choose`` returns, so the screen that says
"Have fun" is only ever shown for a choice that is on disk. It runs on the UI
thread only: the storage refuses writes from any other thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.pi.badge_desk import BadgeDesk
from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
from kiosk.pi.choice_time_desk import ChoiceTimeDesk
from kiosk.pi.class_setup import ClassSetup
from kiosk.pi.pin import PinGate
from kiosk.pi.storage import ServiceStorage, StorageError
from kiosk.pi.teacher_edits import TeacherEdits
from kiosk.pi.today_board import TodayBoard
from kiosk.shared.clock import Clock
from kiosk.shared.domain import (
    FEELINGS,
    WHOLE_CLASS,
    Center,
    Child,
    ChoiceEvent,
    ChoiceTimeMark,
    EventKind,
    Method,
    Settings,
)
from kiosk.shared.rules import (
    Decision,
    Outcome,
    Placement,
    children_at,
    decide_choice,
    full_for,
    last_undoable,
    reflected_on,
    seats_left,
    seconds_between,
    switch_status,
)
from kiosk.shared.sync.clock_fix import check_clock
from kiosk.shared.text.i18n import sentence_from_record

__all__ = ["ChoiceResult", "KioskService"]


@dataclass(frozen=True)
class ChoiceResult:
    decision: Decision
    event: ChoiceEvent | None = None


class KioskService:
    """Choice time on one kiosk, over a storage (``KioskStorage`` on the Pi) and a ``Clock``.

    The storage is typed by what the service calls (:class:`ServiceStorage`), so a
    change to ``KioskStorage`` that breaks this contract fails the type check here.
    """

    def __init__(self, storage: ServiceStorage, clock: Clock, kiosk_id: str, badge_secret: str) -> None:
        self._storage = storage
        self._clock = clock
        self.kiosk_id = kiosk_id
        self._secrets_file = kiosk_badge_secrets(storage)
        self._setup = ClassSetup(storage.config)
        self._board = TodayBoard(storage.events.events_on)
        self._write_errors: list[str] = []
        self._listeners: list[Callable[[], None]] = []
        #: Scanned badges: whose they are, giving and taking them (kiosk/pi/badge_desk.py).
        self.badges = BadgeDesk(self._setup, badge_secret, self._secrets_file)
        #: The teacher's edits at the kiosk: open today, seats, settings, PIN (kiosk/pi/teacher_edits.py).
        self.edits = TeacherEdits(self._setup)
        self.pin_gate = PinGate(lambda: self._setup.settings.pin_hash, clock.monotonic)
        #: Choice time: open or closed now, the teacher's open and end, the timetable's (kiosk/pi/choice_time_desk.py).
        self.choice_time = ChoiceTimeDesk(
            self._setup, lambda: self._board.marks(self.today()), self._record_whole_class, clock.now, self._changed
        )
        self._clock_note = self._check_clock()

    def _check_clock(self) -> str | None:
        """At start: a clock earlier than the last choice, or than this software can have run, is wrong.

        Checked from the very first start (a new Pi can wake at 1970) and kept for
        the whole run, since the next choice would hide it; the choices made
        meanwhile are kept and placed or flagged at the next sync (kiosk/shared/sync/clock_fix.py).
        """
        events = self._storage.events
        last = events.last_seq()
        newest = list(events.since(last - 1)) if last else []
        last_wall = str(newest[-1]["wall"]) if newest else None
        problem = check_clock(self._clock.now().isoformat(), last_event_wall=last_wall)
        return None if problem is None else problem.message

    def reload_config(self) -> None:
        """Read the class again after a sync changed it, and tell the screens."""
        self._setup.reload()
        self._board.forget()  # a sync may have deleted choices: read today's log again
        self.badges.learn()
        self._changed()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` when a sync changed the class or another kiosk's children moved.

        The screens show the change at once.
        """
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def set_peer_today(self, kiosk_id: str, events: Iterable[Mapping[str, Any]]) -> None:
        """Today's entries of another kiosk of the class (times already on this kiosk's clock).

        They count for seats, friends and the switching rule, never for this kiosk's
        log; an entry that cannot be read is left out.
        """
        if self._board.set_peer(kiosk_id, events, self.today()):
            self._changed()

    @property
    def settings(self) -> Settings:
        return self._setup.settings

    @property
    def problems(self) -> list[str]:
        """Teacher-facing messages: damaged files set aside, and saves that failed."""
        synced = self._storage.config.get_meta("sync_clock_problem")
        synced_words = sentence_from_record(self._storage.config.get_meta("sync_clock_words"), synced)
        clock = [n for n in (self._clock_note, synced_words) if n]
        secrets = [self._secrets_file.problem] if self._secrets_file.problem else []
        return [p.message for p in self._storage.problems] + clock + secrets + self._write_errors

    def today(self) -> str:
        return self._clock.now().date().isoformat()

    def centers(self) -> list[Center]:
        return list(self._setup.centers.values())

    def open_centers(self) -> list[Center]:
        return [c for c in self._setup.centers.values() if c.open_today]

    def center(self, center_id: str) -> Center:
        return self._setup.centers[center_id]

    def children(self) -> list[Child]:
        return list(self._setup.children.values())

    def child(self, child_id: str) -> Child:
        return self._setup.children[child_id]

    def today_events(self) -> list[ChoiceEvent]:
        """This kiosk's own entries of today, in log order."""
        return self._board.events(self.today())

    def places(self) -> dict[str, Placement]:
        """Who is where now: today's log and the class's other kiosks' (kiosk/pi/today_board.py)."""
        return self._board.places(self.today())

    def placement_of(self, child_id: str) -> Placement | None:
        return self.places().get(child_id)

    def seats_left(self, center_id: str) -> int:
        return seats_left(self._setup.centers[center_id], self.places())

    def is_full_for(self, child_id: str, center_id: str) -> bool:
        """Whether this child would be told "full" at this center."""
        return full_for(child_id, self._setup.centers[center_id], self.places())

    def children_at(self, center_id: str) -> list[Child]:
        return [self._setup.children[c] for c in children_at(center_id, self.places()) if c in self._setup.children]

    def _elapsed_since(self, event: ChoiceEvent) -> float:
        now = self._clock.now().timestamp()
        return seconds_between(event, now, self._clock.monotonic(), self._clock.boot_id)

    def switch_status(self, child_id: str) -> Decision:
        """May a child who already has a center change now? Not outside choice time."""
        if not self.choice_time.is_open():
            return Decision(Outcome.CHOICE_TIME_CLOSED)
        placement = self.placement_of(child_id)
        if placement is None:
            return Decision(Outcome.RECORD)
        return switch_status(self._setup.settings.switching, self._elapsed_since(placement.event))

    def choose(self, child_id: str, center_id: str, method: Method) -> ChoiceResult:
        """A child's confirmed choice: decided by the rules, on disk before returning."""
        places = self.places()
        current = places.get(child_id)
        decision = decide_choice(
            child_id=child_id,
            center_id=center_id,
            centers=self._setup.centers,
            places=places,
            rule=self._setup.settings.switching,
            elapsed_s=None if current is None else self._elapsed_since(current.event),
            choice_time_open=self.choice_time.is_open(),
        )
        if not decision.records:
            return ChoiceResult(decision)
        return ChoiceResult(decision, self._record(child_id, center_id, EventKind.CHOSE, method))

    def teacher_move(self, child_id: str, center_id: str | None) -> ChoiceEvent:
        """The teacher puts a child at a center (or at none), whatever the seats say, in choice time or not."""
        if center_id is None:
            return self._record(child_id, None, EventKind.LEFT, Method.TEACHER)
        return self._record(child_id, center_id, EventKind.MOVED, Method.TEACHER)

    def teacher_undo(self, child_id: str) -> ChoiceEvent | None:
        """Cancel the child's latest entry of today; None when there is nothing to undo."""
        target = last_undoable(self.today_events(), child_id)
        if target is None:
            return None
        return self._record(child_id, target.center_id, EventKind.UNDONE, Method.TEACHER, ref=target.id)

    def reflection_due(self, child_id: str) -> str | None:
        """The center the child should reflect on now, or None.

        Only when the teacher turned reflection on and the child has a center today;
        once per stay: a reflection names the event that placed the child (``ref``),
        so after a switch or a teacher's move the new center is due again.
        """
        if not self._setup.settings.reflection:
            return None
        placement = self.placement_of(child_id)
        if placement is None or reflected_on(self.today_events(), child_id, placement):
            return None
        return placement.center_id

    def reflect(self, child_id: str, feeling: str, method: Method) -> ChoiceEvent:
        """A child's face for their current center, on disk before returning."""
        if feeling not in FEELINGS:
            raise ValueError(f"A reflection's feeling must be one of {', '.join(FEELINGS)}, not {feeling!r}.")
        if not self._setup.settings.reflection:
            raise ValueError("Reflection is turned off for this class.")
        placement = self.placement_of(child_id)
        if placement is None:
            raise ValueError(f"The child {child_id!r} has no center today to reflect on.")
        return self._record(
            child_id, placement.center_id, EventKind.REFLECTED, method, ref=placement.event.id, feeling=feeling
        )

    def _record_whole_class(self, mark: ChoiceTimeMark) -> ChoiceEvent:
        """Choice time opened or ended: one entry about the whole class (read as a no-op by older versions)."""
        return self._record(WHOLE_CLASS, None, EventKind.LEFT, Method.TEACHER, choice_time=mark)

    def _record(
        self,
        child_id: str,
        center_id: str | None,
        kind: EventKind,
        method: Method,
        ref: str | None = None,
        feeling: str | None = None,
        choice_time: ChoiceTimeMark | None = None,
    ) -> ChoiceEvent:
        if child_id not in self._setup.children and not (child_id == WHOLE_CLASS and choice_time is not None):
            raise KeyError(f"unknown child {child_id!r}")
        wall = self._clock.now()
        self.today_events()
        event = ChoiceEvent(
            id=uuid.uuid4().hex,
            kiosk_id=self.kiosk_id,
            seq=self._storage.events.last_seq() + 1,
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
            choice_time=None if choice_time is None else choice_time.value,
        )
        try:
            self._storage.events.append(event.to_dict())
        except StorageError as error:
            if str(error) not in self._write_errors:
                self._write_errors.append(error.message)  # a Sentence: the teacher reads it in the class's language
            raise
        self._board.recorded(event)
        return event
