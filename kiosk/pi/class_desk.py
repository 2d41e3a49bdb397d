"""This kiosk among the class's other kiosks: what it tells them, and how it settles its own choices with them.

Runs on the storage thread (the UI thread in the app). The network side is a
:class:`Settler` (kiosk/pi/sync/peer_claims.py), which asks the peers on threads of its
own and hands each outcome back to the storage thread. The rules of claims are
:mod:`kiosk.pi.seat_claims`; docs/SYNC.md, "The last seat", says why they are enough.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.pi.kiosk_time import KioskTime
from kiosk.pi.peers import PeerEntry, PeerToday, shift_walls
from kiosk.pi.rules import Decision, Outcome, Placement
from kiosk.pi.seat_claims import CHILD, Claim, SeatClaims, Verdict
from kiosk.pi.today_board import TodayBoard
from kiosk.shared.domain import Center, ChoiceEvent, EventKind, Method

__all__ = ["ClassDesk", "PeerVerdict", "Settler"]

_CLAIM_SEQ = 2**31  # a claim's stand-in entry sorts after every recorded one at its center
_NO_SWITCH = (Outcome.SWITCH_TOO_SOON, Outcome.SWITCH_NOT_ALLOWED)


@dataclass(frozen=True)
class PeerVerdict:
    """One peer's answer to a claim: its verdict and its day, or nothing (not reached in time)."""

    kiosk_id: str
    verdict: Verdict | None
    today: PeerToday | None = None


class Settler(Protocol):
    """The network side of settling (kiosk/pi/sync/peer_claims.py)."""

    def reachable(self) -> bool:
        """Whether any other kiosk of the class is worth asking now."""

    def settle(self, claim: Claim, done: Callable[[list[PeerVerdict]], None]) -> None:
        """Ask the peers about ``claim`` off the calling thread; ``done`` runs on the storage thread."""

    def tell(self, claim_id: str, today: PeerToday | None) -> None:
        """Tell the peers a claim was recorded (``today`` holds the entry) or dropped; never waits."""

    def close(self) -> None:
        """Stop asking; close the connections kept open."""


class ClassDesk:
    """Answers the class's other kiosks and settles this kiosk's choices with them (storage thread)."""

    def __init__(
        self,
        kiosk_id: str,
        board: TodayBoard,
        time: KioskTime,
        centers: Callable[[], Mapping[str, Center]],
        last_seq: Callable[[], int],
        changed: Callable[[], None],
        decide: Callable[[str, str], Decision],
        claims: SeatClaims | None = None,
    ) -> None:
        self.kiosk_id = kiosk_id
        self._board = board
        self._time = time
        self._centers = centers
        self._last_seq = last_seq
        self._changed = changed
        self._decide = decide
        self.claims = claims or SeatClaims()
        self.settler: Settler | None = None

    # -- what the other kiosks see ------------------------------------------------------
    def today(self) -> PeerToday:
        """This kiosk's entries of today with their times on its present timeline, and its best time now."""
        now = self._time.now().wall
        entries = tuple(PeerEntry(e, self._board.time_of(e)) for e in self._board.events())
        return PeerToday(self.kiosk_id, now.isoformat(), entries, self._last_seq())

    def today_answer(self) -> dict[str, Any]:
        """:meth:`today` as the other kiosks read it (JSON)."""
        return self.today().to_answer()

    def take_peer_day(self, answer: PeerToday) -> bool:
        """Another kiosk's day, moved onto this kiosk's time; its entries end the claims they carry out."""
        changed = self._board.set_peer(answer.kiosk_id, shift_walls(answer, self._time.now().wall), answer.last_seq)
        ids = self._board.peer_entry_ids()
        for claim in self.claims.granted(self._time.now().mono):
            if claim.claim_id in ids:
                changed = self.claims.release(claim.claim_id) or changed
        if changed:
            self._changed()
        return changed

    def judge(self, claim: Claim) -> dict[str, Any]:
        """Another kiosk's claim, granted or refused by what this kiosk knows; a refusal carries this day.

        A child this kiosk knows to be placed elsewhere too recently for the class's
        switching rule is refused here as well (the claimer had not heard of it yet).
        """
        center = self._centers().get(claim.center_id)
        recorded = self._board.places()
        taken = sum(1 for child, p in recorded.items() if p.center_id == claim.center_id and child != claim.child_id)
        placed = self.places().get(claim.child_id)
        switching = placed is not None and placed.event.id not in {c.claim_id for c in self.claims.granted(
            self._time.now().mono)} and self._decide(claim.child_id, claim.center_id).outcome in _NO_SWITCH
        if switching and placed is not None:
            verdict = Verdict(False, CHILD, None)
        else:
            verdict = self.claims.judge(
                claim, seats=None if center is None else center.seats, taken=taken, now_mono=self._time.now().mono
            )
        answer: dict[str, Any] = {"kiosk_id": self.kiosk_id, **verdict.to_dict(), "today": None}
        if verdict.granted:
            self._changed()
        else:
            answer["today"] = self.today_answer()
        return answer

    def released(self, kiosk_id: str, claim_id: str, today: PeerToday | None) -> None:
        """A peer recorded (``today`` holds the entry) or dropped a claim this kiosk may have granted."""
        changed = False
        if today is not None:
            changed = self._board.told(kiosk_id, shift_walls(today, self._time.now().wall))
        changed = self.claims.release(claim_id) or changed
        if changed:
            self._changed()

    # -- this kiosk's own choices ---------------------------------------------------------
    def places(self) -> dict[str, Placement]:
        """Who is where now, each claim granted to another kiosk counting as its child placed there."""
        places = self._board.places()
        if not self.claims.holds_any():
            return places
        now = self._time.now()
        granted = self.claims.granted(now.mono)
        if not granted:
            return places
        stamp = now.wall.isoformat()
        placed = dict(places)
        for claim in granted:
            stand_in = ChoiceEvent(
                id=claim.claim_id, kiosk_id=claim.kiosk_id, seq=_CLAIM_SEQ, child_id=claim.child_id,
                center_id=claim.center_id, kind=EventKind.CHOSE, method=Method.TAP, wall=stamp, day=self._board.day,
                boot_id="claim", mono=0.0,
            )
            placed[claim.child_id] = Placement(claim.center_id, stand_in)
        return placed

    def close(self) -> None:
        """The kiosk stops: no more settling."""
        settler, self.settler = self.settler, None
        if settler is not None:
            settler.close()

    def can_settle(self) -> bool:
        return self.settler is not None and self.settler.reachable()

    def settle(self, child_id: str, center_id: str, done: Callable[[Claim, list[PeerVerdict]], None]) -> Claim:
        """Open a claim for a choice and ask the peers; ``done(claim, verdicts)`` runs on the storage thread."""
        assert self.settler is not None
        claim = Claim(uuid.uuid4().hex, self.kiosk_id, child_id, center_id, secrets.randbelow(2**53))
        self.claims.open(claim)
        self.settler.settle(claim, lambda verdicts: done(claim, verdicts))
        return claim

    def outcome(self, claim: Claim, verdicts: Sequence[PeerVerdict]) -> bool:
        """Whether the claim holds: no peer refused it and no other kiosk's claim beat it meanwhile.

        The peers' days that came with refusals are taken in, so the screens show the seat taken.
        """
        for answer in verdicts:
            if answer.today is not None:
                self.take_peer_day(answer.today)
        refused = any(a.verdict is not None and not a.verdict.granted for a in verdicts)
        return not refused and not self.claims.is_lost(claim.claim_id)

    def finish(self, claim: Claim, recorded: ChoiceEvent | None) -> None:
        """Close an own claim and tell the peers: the entry that carries it out, or that it was dropped."""
        self.claims.close(claim.claim_id)
        if self.settler is None:
            return
        today = None
        if recorded is not None:
            now = self._time.now().wall
            today = PeerToday(self.kiosk_id, now.isoformat(), (PeerEntry(recorded, self._board.time_of(recorded)),))
        self.settler.tell(claim.claim_id, today)
