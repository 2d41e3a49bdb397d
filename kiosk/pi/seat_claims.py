"""Claims on seats and children while kiosks settle a choice with each other (docs/SYNC.md, "The last seat").

Before a kiosk records a choice while it can reach other kiosks of its class, it
*claims* it: child, center and a random tie-break ``key``. Each kiosk asked judges the
claim against what it knows — its own entries, the other kiosks' entries, the claims
it granted and its own claims still being settled — and grants or refuses it. Two
claims that cannot both be granted (the same child, or more children than a center's
seats) are settled the same way on every kiosk: the one granted first holds, and
between two claims still open the lower ``(key, kiosk_id, claim_id)`` wins; a kiosk's
own open claim that loses is marked lost, and that kiosk then does not record it,
whatever the others answered. So while kiosks can reach each other, a last seat is
given once and a child placed once.

A granted claim counts here as the child placed at that center (seats, friends, the
switching rule) until the claimer says it recorded or dropped it, or the entry that
carries the claim's id arrives with the claimer's day, or ``hold_s`` passes.
Plain values and the caller's monotonic clock; no threads, no network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.shared.sync.protocol import is_safe_id

__all__ = ["CHILD", "SEAT", "Claim", "SeatClaims", "Verdict"]

SEAT, CHILD = "seat", "child"
_KEY_LIMIT = 2**53
_NAME_LIMIT = 200  # a child's or center's id as the classroom file gave it


@dataclass(frozen=True)
class Claim:
    """A choice being settled: ``claim_id`` becomes the id of the entry that records it."""

    claim_id: str
    kiosk_id: str
    child_id: str
    center_id: str
    key: int

    def beats(self, other: Claim) -> bool:
        """The tie-break every kiosk applies alike: the lower key (then kiosk id, claim id) wins."""
        return (self.key, self.kiosk_id, self.claim_id) < (other.key, other.kiosk_id, other.claim_id)

    def to_dict(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "kiosk_id": self.kiosk_id, "child_id": self.child_id,
                "center_id": self.center_id, "key": self.key}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        """A claim as sent; ``ValueError`` if any part is not what a kiosk sends."""
        ids = [data.get(name) for name in ("claim_id", "kiosk_id", "child_id", "center_id")]
        key = data.get("key")
        if not (is_safe_id(ids[0]) and is_safe_id(ids[1])):
            raise ValueError("a claim names its claim and its kiosk by ids of letters, digits, - and _")
        if not all(isinstance(value, str) and 0 < len(value) <= _NAME_LIMIT for value in ids[2:]):
            raise ValueError("a claim names its child and center")
        if isinstance(key, bool) or not isinstance(key, int) or not 0 <= key < _KEY_LIMIT:
            raise ValueError("a claim's key is a whole number below 2**53")
        return cls(str(ids[0]), str(ids[1]), str(ids[2]), str(ids[3]), key)


@dataclass(frozen=True)
class Verdict:
    """A kiosk's answer to a claim; ``reason`` is ``seat`` or ``child`` when refused."""

    granted: bool
    reason: str = ""
    winner: Claim | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"granted": self.granted, "reason": self.reason,
                "winner": None if self.winner is None else self.winner.to_dict()}


class SeatClaims:
    """This kiosk's own open claims and the claims it granted to other kiosks."""

    def __init__(self, hold_s: float = 15.0) -> None:
        self._hold_s = hold_s
        self._own: dict[str, Claim] = {}
        self._lost: set[str] = set()
        self._granted: dict[str, tuple[Claim, float]] = {}

    # -- this kiosk's own claims ------------------------------------------------------
    def open(self, claim: Claim) -> None:
        self._own[claim.claim_id] = claim

    def close(self, claim_id: str) -> bool:
        """Forget an own claim (recorded or given up); True if another kiosk's claim beat it meanwhile."""
        self._own.pop(claim_id, None)
        lost = claim_id in self._lost
        self._lost.discard(claim_id)
        return lost

    def is_lost(self, claim_id: str) -> bool:
        return claim_id in self._lost

    # -- claims granted to other kiosks -------------------------------------------
    def granted(self, now_mono: float) -> list[Claim]:
        """The claims granted to other kiosks and not yet recorded, dropped or expired."""
        if not self._granted:
            return []
        for claim_id in [c for c, (_claim, until) in self._granted.items() if until < now_mono]:
            del self._granted[claim_id]
        return [claim for claim, _until in self._granted.values()]

    def holds_any(self) -> bool:
        """Whether any claim granted to another kiosk may still be held (cheap: the screens ask often)."""
        return bool(self._granted)

    def release(self, claim_id: str) -> bool:
        """The claimer recorded or dropped it (or its entry arrived); True if it was held here."""
        return self._granted.pop(claim_id, None) is not None

    def judge(self, claim: Claim, *, seats: int | None, taken: int, now_mono: float) -> Verdict:
        """Grant or refuse another kiosk's claim.

        ``seats`` is the center's seats here (None: a center this kiosk does not limit);
        ``taken`` how many other children this kiosk's entries place at the center. The
        claims granted here count on top (a child moving counts at both centers until
        its entry arrives), and this kiosk's own open claims are weighed by the tie-break.
        """
        if claim.claim_id in self._granted:
            return Verdict(True)  # asked again (a connection retried): the same answer
        live = self.granted(now_mono)
        own = [c for c in self._own.values() if c.claim_id not in self._lost]
        refusal, losing = _judge_child(claim, live, own)
        if refusal is None and seats is not None:
            refusal, short_of_seats = _judge_seats(claim, live, own, losing, seats=seats, taken=taken)
            losing |= short_of_seats
        if refusal is not None:
            return refusal
        self._lost.update(losing)
        self._granted[claim.claim_id] = (claim, now_mono + self._hold_s)
        return Verdict(True)


def _judge_child(claim: Claim, live: list[Claim], own: list[Claim]) -> tuple[Verdict | None, set[str]]:
    """A child is placed once: refused if a granted claim or a winning own claim has the child.

    Also returns the ids of this kiosk's own open claims for the child that ``claim`` beats.
    """
    for other in live:
        if other.child_id == claim.child_id:
            return Verdict(False, CHILD, other), set()
    losing = set()
    for other in own:
        if other.child_id == claim.child_id:
            if not claim.beats(other):
                return Verdict(False, CHILD, other), set()
            losing.add(other.claim_id)
    return None, losing


def _judge_seats(claim: Claim, live: list[Claim], own: list[Claim], losing: set[str], *,
                 seats: int, taken: int) -> tuple[Verdict | None, set[str]]:
    """A center holds ``seats`` children: refused if granting leaves one too many.

    ``taken`` counts this kiosk's entries at the center; the claims granted here count on
    top, and the own open claims (but those already ``losing``) are weighed by the
    tie-break. Also returns the ids of the own claims that must give up their seat.
    """
    taken += sum(1 for c in live if c.center_id == claim.center_id)
    here = sorted((c for c in own if c.center_id == claim.center_id and c.claim_id not in losing
                   and c.child_id != claim.child_id), key=lambda c: (c.key, c.kiosk_id, c.claim_id))
    short = taken + len(here) + 1 - seats
    if short <= 0:
        return None, set()
    beaten = [c for c in here if claim.beats(c)]
    if taken + 1 > seats or len(beaten) < short:
        return Verdict(False, SEAT, here[0] if here else None), set()
    return None, {c.claim_id for c in beaten[-short:]}
