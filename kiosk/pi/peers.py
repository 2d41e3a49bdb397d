"""Kiosks of one class share who is where, so seats and the switching rule hold across them.

Two kiosks in one room each keep their own log; a child placed at Blocks on one
could otherwise choose Puzzles on the other at once, and a center's seats would be
counted twice. The laptop introduces the kiosks it is paired with to each other
(their ids, names, addresses and certificate fingerprints, and a class key that
signs their requests to each other). A kiosk that can reach another asks it now
and then for today's entries; those are folded with its own when it counts seats
and applies the switching rule. Nothing learnt this way is stored: each kiosk's
own log stays the record, and a kiosk that reaches no other works alone.

A peer's clock may be wrong, so its entries are moved by the difference between
the two kiosks' best times at the moment it answered (:func:`shift_walls`): the
asking kiosk's rules compare them with its own time, right or wrong. A kiosk of this
version sends each entry's time on its own present timeline (``at``, see
kiosk/pi/kiosk_day.py), so an entry stamped before its clock was put right is moved
from where it really happened; one of an earlier version sends only the stamped ``wall``.
An answer is parsed once, where it comes in (:meth:`PeerToday.from_answer`): its entries
travel on as the domain's ``ChoiceEvent``, and one that cannot be read is left out there.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.sync.clock_fix import parse_wall
from kiosk.shared.sync.protocol import is_safe_id

__all__ = ["ClassPeers", "Peer", "PeerEntry", "PeerToday", "class_peers", "fold_class_day", "shift_walls"]

_E = TypeVar("_E")  # an entry of the day: ours and the peers' are of one kind


@dataclass(frozen=True)
class Peer:
    """Another kiosk of the class, as the laptop knows it."""

    kiosk_id: str
    name: str
    address: str
    fingerprint: str


@dataclass(frozen=True)
class ClassPeers:
    """The class key (signs kiosk-to-kiosk requests) and the other kiosks."""

    key: bytes
    kiosks: tuple[Peer, ...]


def class_peers(value: Any, own_id: str) -> ClassPeers | None:
    """The peers a laptop sent (meta ``class_peers``), checked; None when there are none or they are unreadable."""
    if not isinstance(value, Mapping):
        return None
    try:
        key = base64.b64decode(str(value.get("key", "")), validate=True)
    except (binascii.Error, ValueError):
        return None
    kiosks = []
    for item in value.get("kiosks", ()) if isinstance(value.get("kiosks"), list) else ():
        if not isinstance(item, Mapping):
            continue
        peer = Peer(str(item.get("kiosk_id", "")), str(item.get("name", "")), str(item.get("address", "")),
                    str(item.get("fingerprint", "")))
        if is_safe_id(peer.kiosk_id) and peer.kiosk_id != own_id and peer.address and len(peer.fingerprint) == 64:
            kiosks.append(peer)
    return ClassPeers(key, tuple(kiosks)) if len(key) == 32 and kiosks else None


@dataclass(frozen=True)
class PeerEntry:
    """An entry of another kiosk, and when it happened on that kiosk's present timeline."""

    event: ChoiceEvent
    at: datetime


@dataclass(frozen=True)
class PeerToday:
    """What a peer answered: its entries of its today, its best time when it answered and its newest
    seq then (``None`` from a kiosk of an earlier version)."""

    kiosk_id: str
    now: str
    entries: tuple[PeerEntry, ...]
    last_seq: int | None = None

    @classmethod
    def from_answer(cls, kiosk_id: str, answer: Mapping[str, Any]) -> PeerToday:
        """A ``/peer/today`` answer (or the day inside a claim's answer), checked; ``ValueError`` if not one.

        An entry that cannot be read as a choice entry with a readable time is left out.
        """
        events, now, last = answer.get("events"), answer.get("now"), answer.get("last_seq")
        if answer.get("kiosk_id", kiosk_id) != kiosk_id or not isinstance(events, list):
            raise ValueError("the answer is not that kiosk's day")
        parse_wall(now)
        if last is not None and (isinstance(last, bool) or not isinstance(last, int) or last < 0):
            raise ValueError("the answer's last seq is not a whole number")
        entries = (_entry(e) for e in events if isinstance(e, dict))
        return cls(kiosk_id, str(now), tuple(e for e in entries if e is not None), last)

    def to_answer(self) -> dict[str, Any]:
        """The answer as it goes on the wire (what :meth:`from_answer` reads back)."""
        events = [{**e.event.to_dict(), "at": e.at.isoformat()} for e in self.entries]
        return {"kiosk_id": self.kiosk_id, "now": self.now, "last_seq": self.last_seq, "events": events}


def _entry(data: Mapping[str, Any]) -> PeerEntry | None:
    """One entry of an answer with its time (``at``, else as its clock stamped it); None if unreadable."""
    try:
        event = ChoiceEvent.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None
    for stamp in (data.get("at"), event.wall):
        try:
            return PeerEntry(event, parse_wall(stamp))
        except ValueError:
            continue
    return None


def shift_walls(answer: PeerToday, our_now: datetime) -> list[ChoiceEvent]:
    """The peer's entries with their times moved onto our clock (its offset from ours when it answered)."""
    offset = our_now - parse_wall(answer.now)
    shifted = []
    for entry in answer.entries:
        moment = entry.at + offset
        moment = moment.astimezone(our_now.tzinfo) if our_now.tzinfo else moment
        shifted.append(replace(entry.event, wall=moment.isoformat(), day=moment.date().isoformat()))
    return shifted


def fold_class_day(own: Iterable[_E], peers: Iterable[_E], *, wall_of: Callable[[_E], datetime]) -> list[_E]:
    """Our entries in log order with the peers' placed among them by time (``wall_of(entry)`` → datetime).

    Ours keep their order (their seq is the truth); a peer's entry goes after every
    one of ours that happened no later than it.
    """
    ours = list(own)
    theirs = sorted(peers, key=wall_of)
    merged: list[_E] = []
    index = 0
    for entry in ours:
        moment = wall_of(entry)
        while index < len(theirs) and wall_of(theirs[index]) < moment:
            merged.append(theirs[index])
            index += 1
        merged.append(entry)
    return merged + theirs[index:]
