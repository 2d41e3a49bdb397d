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

from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
from kiosk.pi.pin import PinGate, hash_pin, pin_problem
from kiosk.pi.storage import ServiceStorage, StorageError
from kiosk.pi.today_board import TodayBoard
from kiosk.shared.badges import BadgeBook, BadgeOwner, collapse, enrol_problem, owner_of
from kiosk.shared.clock import Clock
from kiosk.shared.domain import (
    FEELINGS,
    MAX_SEATS,
    MIN_SEATS,
    Center,
    Child,
    ChoiceEvent,
    EventKind,
    Method,
    ReaderSettings,
    Settings,
    replace,
    seats_allowed,
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
        self._badge_book = BadgeBook(badge_secret)
        self._secrets_file = kiosk_badge_secrets(storage)
        self._centers: dict[str, Center] = {}
        self._children: dict[str, Child] = {}
        self._settings = Settings()
        self._board = TodayBoard(storage.events.events_on)
        self._write_errors: list[str] = []
        self._listeners: list[Callable[[], None]] = []
        self.reload_config()
        self.pin_gate = PinGate(lambda: self._settings.pin_hash, clock.monotonic)
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
        config = self._storage.config
        self._centers = {c["id"]: Center.from_dict(c) for c in config.get_centers()}
        self._children = {c["id"]: Child.from_dict(c) for c in config.get_children()}
        self._settings = Settings.from_dict(config.get_settings() or {})
        self._board.forget()  # a sync may have deleted choices: read today's log again
        self._badge_book.learn(self._secrets_file.known())
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
        return self._settings

    @property
    def problems(self) -> list[str]:
        """Teacher-facing messages: damaged files set aside, and saves that failed."""
        clock = [n for n in (self._clock_note, self._storage.config.get_meta("sync_clock_problem")) if n]
        secrets = [self._secrets_file.problem] if self._secrets_file.problem else []
        return [p.message for p in self._storage.problems] + clock + secrets + self._write_errors

    def today(self) -> str:
        return self._clock.now().date().isoformat()

    def centers(self) -> list[Center]:
        return list(self._centers.values())

    def open_centers(self) -> list[Center]:
        return [c for c in self._centers.values() if c.open_today]

    def center(self, center_id: str) -> Center:
        return self._centers[center_id]

    def children(self) -> list[Child]:
        return list(self._children.values())

    def child(self, child_id: str) -> Child:
        return self._children[child_id]

    def today_events(self) -> list[ChoiceEvent]:
        """This kiosk's own entries of today, in log order."""
        return self._board.events(self.today())

    def places(self) -> dict[str, Placement]:
        """Who is where now: today's log and the class's other kiosks' (kiosk/pi/today_board.py)."""
        return self._board.places(self.today())

    def placement_of(self, child_id: str) -> Placement | None:
        return self.places().get(child_id)

    def seats_left(self, center_id: str) -> int:
        return seats_left(self._centers[center_id], self.places())

    def is_full_for(self, child_id: str, center_id: str) -> bool:
        """Whether this child would be told "full" at this center."""
        return full_for(child_id, self._centers[center_id], self.places())

    def children_at(self, center_id: str) -> list[Child]:
        return [self._children[c] for c in children_at(center_id, self.places()) if c in self._children]

    def _elapsed_since(self, event: ChoiceEvent) -> float:
        now = self._clock.now().timestamp()
        return seconds_between(event, now, self._clock.monotonic(), self._clock.boot_id)

    def switch_status(self, child_id: str) -> Decision:
        """May a child who already has a center change now?"""
        placement = self.placement_of(child_id)
        if placement is None:
            return Decision(Outcome.RECORD)
        return switch_status(self._settings.switching, self._elapsed_since(placement.event))

    def choose(self, child_id: str, center_id: str, method: Method) -> ChoiceResult:
        """A child's confirmed choice: decided by the rules, on disk before returning."""
        places = self.places()
        current = places.get(child_id)
        decision = decide_choice(
            child_id=child_id,
            center_id=center_id,
            centers=self._centers,
            places=places,
            rule=self._settings.switching,
            elapsed_s=None if current is None else self._elapsed_since(current.event),
        )
        if not decision.records:
            return ChoiceResult(decision)
        return ChoiceResult(decision, self._record(child_id, center_id, EventKind.CHOSE, method))

    def teacher_move(self, child_id: str, center_id: str | None) -> ChoiceEvent:
        """The teacher puts a child at a center (or at none), whatever the seats say."""
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
        if not self._settings.reflection:
            return None
        placement = self.placement_of(child_id)
        if placement is None or reflected_on(self.today_events(), child_id, placement):
            return None
        return placement.center_id

    def reflect(self, child_id: str, feeling: str, method: Method) -> ChoiceEvent:
        """A child's face for their current center, on disk before returning."""
        if feeling not in FEELINGS:
            raise ValueError(f"A reflection's feeling must be one of {', '.join(FEELINGS)}, not {feeling!r}.")
        if not self._settings.reflection:
            raise ValueError("Reflection is turned off for this class.")
        placement = self.placement_of(child_id)
        if placement is None:
            raise ValueError(f"The child {child_id!r} has no center today to reflect on.")
        return self._record(
            child_id, placement.center_id, EventKind.REFLECTED, method, ref=placement.event.id, feeling=feeling
        )

    def _record(
        self,
        child_id: str,
        center_id: str | None,
        kind: EventKind,
        method: Method,
        ref: str | None = None,
        feeling: str | None = None,
    ) -> ChoiceEvent:
        if child_id not in self._children:
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
        )
        try:
            self._storage.events.append(event.to_dict())
        except StorageError as error:
            if str(error) not in self._write_errors:
                self._write_errors.append(str(error))
            raise
        self._board.recorded(event)
        return event

    def set_center_open(self, center_id: str, is_open: bool) -> None:
        self._put_center(replace(self._centers[center_id], open_today=is_open))

    def set_seats(self, center_id: str, seats: int) -> None:
        if not seats_allowed(seats):
            raise ValueError(f"A center has {MIN_SEATS} to {MAX_SEATS} seats.")
        self._put_center(replace(self._centers[center_id], seats=seats))

    def _put_center(self, center: Center) -> None:
        self._storage.config.put_center(center.to_dict())
        self._centers[center.id] = center

    def _badge_keys(self, raw: str) -> list[str]:
        return self._badge_book.keys(raw)

    def badge_owner(self, raw: str) -> BadgeOwner:
        """Who a scanned badge belongs to; the raw number goes no further than here.

        A scan is the one moment the kiosk can tell that several stored keys are one
        badge (enrolled on two kiosks before they synced, or stored in the older form):
        they are collapsed to the key under the class secret, so the badge counts once.
        """
        keys = self._badge_keys(raw)
        owner = owner_of(keys, self._children.values(), self._settings.teacher_badges)
        if owner.child is not None:
            badges, revoked = collapse(owner.child.badges, keys, keys[0])
            if revoked:
                child = replace(owner.child, badges=badges)
                try:
                    self._put_child(child, revoked=revoked)
                except StorageError:
                    return owner  # the badge still works; the next scan collapses it
                owner = BadgeOwner(child=child)
        return owner

    def _enrol_problem(self, raw: str, child_id: str) -> str | None:
        return enrol_problem(self._badge_keys(raw), child_id, self._children.values(), self._settings.teacher_badges)

    def enrol_badge(self, child_id: str, raw: str) -> str | None:
        """Give a scanned badge to a child; returns why not, or None when done.

        A badge already known under another kiosk's secret is refused like any known
        badge (it would otherwise count twice); a new one is stored under the class secret.
        """
        problem = self._enrol_problem(raw, child_id)
        if problem:
            return problem
        child = self._children[child_id]
        self._put_child(replace(child, badges=(*child.badges, self._badge_keys(raw)[0])))
        return None

    def remove_badges(self, child_id: str) -> int:
        """Take every badge away from a child (a lost card); returns how many.

        The keys are listed as revoked, so a sync with a laptop or kiosk that still
        has them cannot bring the lost card back.
        """
        child = self._children[child_id]
        self._put_child(replace(child, badges=()), revoked=child.badges)
        return len(child.badges)

    def enrol_teacher_badge(self, raw: str) -> str | None:
        problem = self._enrol_problem(raw, "")
        if problem:
            return problem
        key = self._badge_keys(raw)[0]
        self._put_settings(replace(self._settings, teacher_badges=(*self._settings.teacher_badges, key)))
        return None

    def set_reflection(self, on: bool) -> None:
        """The teacher turns the three-face reflection on or off (shared with the class at the next sync)."""
        self._put_settings(replace(self._settings, reflection=on))

    def set_switching(self, allowed: bool) -> None:
        """The teacher allows or stops changing centers; the minimum minutes stay as they were."""
        self._put_settings(replace(self._settings, switching=replace(self._settings.switching, allowed=allowed)))

    def set_teacher_badge_skips_pin(self, skips: bool) -> None:
        self._put_settings(replace(self._settings, teacher_badge_skips_pin=skips))

    def set_reader(self, reader: ReaderSettings) -> str | None:
        """Store which badge reader to use (read at the next start); returns why not, or None."""
        problem = reader.problem()
        if problem:
            return problem
        self._put_settings(replace(self._settings, reader=reader))
        return None

    def _put_child(self, child: Child, revoked: tuple[str, ...] = ()) -> None:
        record = child.to_dict()
        if revoked:
            record["revoked_badges"] = list(revoked)
        self._storage.config.put_child(record)
        self._children[child.id] = child

    def _put_settings(self, settings: Settings) -> None:
        self._storage.config.put_settings(settings.to_dict())
        self._settings = settings

    def has_pin(self) -> bool:
        return bool(self._settings.pin_hash)

    @staticmethod
    def set_pin_problem(pin: str) -> str | None:
        """Why a new PIN would be refused, before asking for it twice."""
        return pin_problem(pin)

    def set_pin(self, pin: str) -> str | None:
        """Store a new teacher PIN; returns why it was refused, or None."""
        problem = pin_problem(pin)
        if problem:
            return problem
        self._put_settings(replace(self._settings, pin_hash=hash_pin(pin)))
        return None
