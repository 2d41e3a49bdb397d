"""The kiosk's application service: what screens may ask and do.

It keeps the class configuration and today's events in memory, asks the pure rules
in ``kiosk.pi.rules`` for every decision, and writes through the storage layer. A
choice is appended (and fsynced) before its result is given, so the screen that says
"Have fun" is only ever shown for a choice that is on disk. While other kiosks of the
class can be reached, a choice is first settled with them (kiosk/pi/class_desk.py) off
the UI thread and its result handed back. "Today" and every time the rules compare
are the kiosk's best time (kiosk/pi/kiosk_time.py, kiosk/pi/kiosk_day.py), not the
day stamped on an entry. It runs on the UI thread only: the storage refuses writes
from any other thread. How an entry is written (its id, seq, times) is kiosk/pi/entry_writer.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.pi.badge_desk import BadgeDesk
from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
from kiosk.pi.choice_time_desk import ChoiceTimeDesk
from kiosk.pi.class_desk import ClassDesk, PeerVerdict
from kiosk.pi.class_setup import ClassSetup
from kiosk.pi.entry_writer import EntryWriter, newest_reading
from kiosk.pi.kiosk_time import KioskTime
from kiosk.pi.peers import PeerToday
from kiosk.pi.pin import PinGate
from kiosk.pi.rules import (
    Decision,
    Outcome,
    Placement,
    children_at,
    decide_choice,
    full_for,
    last_undoable,
    over_by,
    reflected_on,
    seats_left,
    switch_status,
)
from kiosk.pi.seat_claims import Claim
from kiosk.pi.storage import ServiceStorage, StorageError
from kiosk.pi.teacher_edits import TeacherEdits
from kiosk.pi.today_board import TodayBoard
from kiosk.shared.clock import Clock
from kiosk.shared.domain import (
    FEELINGS,
    Center,
    Child,
    ChoiceEvent,
    EventKind,
    Method,
    Settings,
)
from kiosk.shared.sync.clock_fix import check_clock
from kiosk.shared.text.i18n import sentence_from_record

__all__ = ["ChoiceResult", "KioskService"]


@dataclass(frozen=True)
class ChoiceResult:
    """What became of a confirmed choice; ``error`` is the teacher's message when it could not be saved."""

    decision: Decision
    event: ChoiceEvent | None = None
    error: str | None = None


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
        self.time = KioskTime(clock, storage.config, lambda: newest_reading(storage.choices))
        self._board = TodayBoard(storage.choices.since, storage.choices.last_seq, self.time)
        self._writer = EntryWriter(storage.choices, clock, kiosk_id, self._setup, self._board, self.places)
        self._listeners: list[Callable[[], None]] = []
        #: The class's other kiosks: what they see of this one, claims on seats (kiosk/pi/class_desk.py).
        self.class_desk = ClassDesk(
            kiosk_id, self._board, self.time, lambda: self._setup.centers, storage.choices.last_seq, self._changed,
            self._decide,
        )
        #: Scanned badges: whose they are, giving and taking them (kiosk/pi/badge_desk.py).
        self.badges = BadgeDesk(self._setup, badge_secret, self._secrets_file)
        #: The teacher's edits at the kiosk: open today, seats, settings, PIN (kiosk/pi/teacher_edits.py).
        self.edits = TeacherEdits(self._setup)
        self.pin_gate = PinGate(lambda: self._setup.settings.pin_hash, clock.monotonic)
        #: Choice time: open or closed now, the teacher's open and end, the timetable's (kiosk/pi/choice_time_desk.py).
        self.choice_time = ChoiceTimeDesk(
            self._setup, self._board.marks, self._writer.record_whole_class, lambda: self.time.now().wall, self._changed
        )
        self._clock_note = self._check_clock()

    def _check_clock(self) -> str | None:
        """At start: a clock earlier than the last choice, or than this software can have run, is wrong.

        Checked from the very first start (a new Pi can wake at 1970) and kept for
        the whole run, since the next choice would hide it; the choices made
        meanwhile are kept and placed or flagged at the next sync (kiosk/shared/sync/clock_fix.py).
        """
        newest = newest_reading(self._storage.choices)
        last_wall = None if newest is None else newest.wall.isoformat()
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

    def set_peer_today(self, kiosk_id: str, events: Iterable[ChoiceEvent]) -> None:
        """Today's entries of another kiosk of the class (times already on this kiosk's clock).

        They count for seats, friends and the switching rule, never for this kiosk's
        log (an entry that could not be read was left out where the answer came in).
        """
        if self._board.set_peer(kiosk_id, events):
            self._changed()

    def take_peer_day(self, answer: PeerToday) -> None:
        """Another kiosk's answer to "who is where": moved onto this kiosk's time, then as ``set_peer_today``."""
        self.class_desk.take_peer_day(answer)

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
        return [p.message for p in self._storage.problems] + clock + secrets + self._writer.errors

    def today(self) -> str:
        """Today's date on the kiosk's best time (kiosk/pi/kiosk_time.py)."""
        return self._board.day

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
        """This kiosk's own entries of today, in log order (kiosk/pi/kiosk_day.py says which)."""
        return self._board.events()

    def places(self) -> dict[str, Placement]:
        """Who is where now: today's log, the class's other kiosks' and the claims granted to them."""
        return self.class_desk.places()

    def placement_of(self, child_id: str) -> Placement | None:
        return self.places().get(child_id)

    def seats_left(self, center_id: str) -> int:
        return seats_left(self._setup.centers[center_id], self.places())

    def is_full_for(self, child_id: str, center_id: str) -> bool:
        """Whether this child would be told "full" at this center."""
        return full_for(child_id, self._setup.centers[center_id], self.places())

    def over_by(self, center_id: str) -> int:
        """Children beyond the center's seats (for the teacher's board)."""
        return over_by(self._setup.centers[center_id], self.places())

    def children_at(self, center_id: str) -> list[Child]:
        return [self._setup.children[c] for c in children_at(center_id, self.places()) if c in self._setup.children]

    def _elapsed_since(self, event: ChoiceEvent) -> float:
        """Seconds since an entry of today, both on the kiosk's present timeline (never negative)."""
        return max(0.0, (self.time.now().wall - self._board.time_of(event)).total_seconds())

    def switch_status(self, child_id: str) -> Decision:
        """May a child who already has a center change now? Not outside choice time."""
        if not self.choice_time.is_open():
            return Decision(Outcome.CHOICE_TIME_CLOSED)
        placement = self.placement_of(child_id)
        if placement is None:
            return Decision(Outcome.RECORD)
        return switch_status(self._setup.settings.switching, self._elapsed_since(placement.event))

    def _decide(self, child_id: str, center_id: str) -> Decision:
        places = self.places()
        current = places.get(child_id)
        return decide_choice(
            child_id=child_id,
            center_id=center_id,
            centers=self._setup.centers,
            places=places,
            rule=self._setup.settings.switching,
            elapsed_s=None if current is None else self._elapsed_since(current.event),
            choice_time_open=self.choice_time.is_open(),
        )

    def choose(
        self,
        child_id: str,
        center_id: str,
        method: Method,
        on_settled: Callable[[ChoiceResult], None] | None = None,
    ) -> ChoiceResult:
        """A child's confirmed choice: decided by the rules, on disk before its result is given.

        With ``on_settled`` and another kiosk of the class in reach, the choice is first
        settled with the peers: this returns ``SETTLING`` at once and ``on_settled``
        gets the result later, on this (the storage) thread. Otherwise the choice is
        decided here alone and on disk before this returns.
        """
        decision = self._decide(child_id, center_id)
        if not decision.records:
            return ChoiceResult(decision)
        if on_settled is not None and self.class_desk.can_settle():
            def settled(claim: Claim, verdicts: list[PeerVerdict]) -> None:
                on_settled(self._settled(claim, method, verdicts))

            self.class_desk.settle(child_id, center_id, settled)
            return ChoiceResult(Decision(Outcome.SETTLING))
        return ChoiceResult(decision, self._writer.record(child_id, center_id, EventKind.CHOSE, method))

    def _settled(self, claim: Claim, method: Method, verdicts: list[PeerVerdict]) -> ChoiceResult:
        """The peers answered (or the bound passed): record the claim, or say what happened instead."""
        holds = self.class_desk.outcome(claim, verdicts)
        decision = self._decide(claim.child_id, claim.center_id)
        if not holds or not decision.records:
            self.class_desk.finish(claim, None)
            if decision.records or decision.outcome is Outcome.FULL:
                decision = Decision(Outcome.JUST_TAKEN)
            return ChoiceResult(decision)
        try:
            event = self._writer.record(
                claim.child_id, claim.center_id, EventKind.CHOSE, method, event_id=claim.claim_id
            )
        except StorageError as error:
            self.class_desk.finish(claim, None)
            return ChoiceResult(decision, error=str(error))
        self.class_desk.finish(claim, event)
        return ChoiceResult(decision, event)

    def teacher_move(self, child_id: str, center_id: str | None) -> ChoiceEvent:
        """The teacher puts a child at a center (or at none), whatever the seats say, in choice time or not."""
        if center_id is None:
            return self._writer.record(child_id, None, EventKind.LEFT, Method.TEACHER)
        return self._writer.record(child_id, center_id, EventKind.MOVED, Method.TEACHER)

    def teacher_undo(self, child_id: str) -> ChoiceEvent | None:
        """Cancel the child's latest entry of today; None when there is nothing to undo."""
        target = last_undoable(self.today_events(), child_id)
        if target is None:
            return None
        return self._writer.record(child_id, target.center_id, EventKind.UNDONE, Method.TEACHER, ref=target.id)

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
        return self._writer.record(
            child_id, placement.center_id, EventKind.REFLECTED, method, ref=placement.event.id, feeling=feeling
        )
