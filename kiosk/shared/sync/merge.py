"""Union of choice logs: how the laptop gathers events from its kiosks.

Every event has a globally unique ``id`` and a per-kiosk ``seq``, so gathering
logs is a set union keyed by id: merging twice, in another order, or from a page
that arrived twice gives the same result. (Which page to ask a kiosk for next is
the laptop's checkpoint, kept in its choice file: kiosk/laptop/choice_file.py.)

A kiosk that hands out one seq to two different events (a restored backup, a
copied SD card) breaks that bookkeeping; it is reported as a :class:`SeqConflict`
so the teacher hears about it, and both events are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.shared.text.errors import KioskError

__all__ = [
    "EventFormatError",
    "SeqConflict",
    "event_key",
    "merge_logs",
    "merge_page",
    "seq_conflicts",
]

Event = Mapping[str, Any]


class EventFormatError(KioskError, ValueError):
    """An event lacks the ``id``, ``kiosk_id`` or ``seq`` that sync relies on."""

    code = "sync_event_invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"A choice received in a sync is not readable ({reason}); nothing was merged.", params={"reason": reason}
        )


@dataclass(frozen=True)
class SeqConflict:
    """Two or more different events a kiosk numbered with the same seq."""

    kiosk_id: str
    seq: int
    event_ids: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"The kiosk {self.kiosk_id} numbered {len(self.event_ids)} different choices "
            f"as number {self.seq}. Was its memory card restored or copied? "
            "All of them are kept; please check that kiosk."
        )


def event_key(event: Event) -> tuple[str, int, str]:
    """Check the fields sync needs and return the order merged logs are kept in."""
    event_id, kiosk_id, seq = event.get("id"), event.get("kiosk_id"), event.get("seq")
    if not isinstance(event_id, str) or not event_id:
        raise EventFormatError("it has no id")
    if not isinstance(kiosk_id, str) or not kiosk_id:
        raise EventFormatError(f"choice {event_id} has no kiosk")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise EventFormatError(f"choice {event_id} has no valid number")
    return (kiosk_id, seq, event_id)


def _canonical(event: Event) -> str:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merge_logs(*logs: Iterable[Event]) -> list[dict[str, Any]]:
    """The union of ``logs`` by event id, ordered by kiosk, seq and id.

    If two copies of one id differ (which a healthy kiosk never produces), the one
    whose canonical JSON sorts first is kept, so the result never depends on the
    order the logs arrived in.
    """
    by_id: dict[str, dict[str, Any]] = {}
    for log in logs:
        for event in log:
            event_key(event)
            held = by_id.get(event["id"])
            if held is None or (held != event and _canonical(event) < _canonical(held)):
                by_id[event["id"]] = dict(event)
    return sorted(by_id.values(), key=event_key)


def merge_page(events: Iterable[Any], kiosk_id: str) -> list[dict[str, Any]]:
    """``merge_logs(events)`` for one page of ``kiosk_id``'s log, checked in one pass, not copied.

    Every event is checked (:func:`event_key`, and ``ValueError`` for an event of
    another kiosk); the union by id, the choice between two differing copies and the
    order are those of :func:`merge_logs`. The events themselves are returned, not
    copies: the caller stores copies of them (TinyDB does).
    """
    by_id: dict[str, tuple[tuple[str, int, str], dict[str, Any]]] = {}
    ordered = True
    previous: tuple[str, int, str] | None = None
    for event in events:
        if not isinstance(event, dict):
            raise EventFormatError("it is not an object")
        key = event_key(event)
        if key[0] != kiosk_id:
            raise ValueError(f"a choice of kiosk {key[0]} came in a page of kiosk {kiosk_id}")
        held = by_id.get(key[2])
        if held is None:
            by_id[key[2]] = (key, event)
        else:
            ordered = False  # the kept copy's key may differ: sort below
            if held[1] != event and _canonical(event) < _canonical(held[1]):
                by_id[key[2]] = (key, event)
        if previous is not None and key < previous:
            ordered = False
        previous = key
    pairs = list(by_id.values())
    if not ordered:
        pairs.sort(key=lambda pair: pair[0])
    return [event for _, event in pairs]


def seq_conflicts(events: Iterable[Event]) -> list[SeqConflict]:
    """Seqs that one kiosk gave to more than one event id."""
    ids: dict[tuple[str, int], set[str]] = {}
    for event in events:
        kiosk_id, seq, event_id = event_key(event)
        ids.setdefault((kiosk_id, seq), set()).add(event_id)
    return [
        SeqConflict(kiosk_id, seq, tuple(sorted(found)))
        for (kiosk_id, seq), found in sorted(ids.items())
        if len(found) > 1
    ]
