"""Choice events as the laptop holds them: read once into ``ChoiceEvent`` where they enter.

A line of a choice file or an event of a USB bundle is JSON; past this module the
laptop carries :class:`~kiosk.shared.domain.ChoiceEvent` values (kinds and methods as
enums), so the store, the review and the exports never look inside a dict. The union
of logs keeps :func:`kiosk.shared.sync.merge.merge_logs`'s rules (by id; of two
differing copies, the one whose canonical JSON sorts first; kiosk, seq, id order).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.sync.merge import EventFormatError, event_key

__all__ = ["event_order", "merge_events", "merge_kiosk_events", "read_event"]


def read_event(value: object) -> ChoiceEvent:
    """The choice event a decoded JSON value holds; ``EventFormatError`` (a ``ValueError``) if none.

    The id, kiosk and seq are checked first (their messages name the choice), then every
    field the event needs; fields a later version may add are passed over.
    """
    if not isinstance(value, dict):
        raise EventFormatError("it is not an object")
    event_key(value)
    try:
        return ChoiceEvent.from_dict(value)
    except KeyError as exc:
        raise EventFormatError(f"choice {value['id']} has no {exc.args[0]}") from None
    except (TypeError, ValueError) as exc:
        raise EventFormatError(f"choice {value['id']} is not a choice this version reads: {exc}") from None


def event_order(event: ChoiceEvent) -> tuple[str, int, str]:
    """The order merged logs are kept in: kiosk, seq, id."""
    return (event.kiosk_id, event.seq, event.id)


def _canonical(event: ChoiceEvent) -> str:
    return json.dumps(event.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _keep(held: ChoiceEvent | None, event: ChoiceEvent) -> bool:
    """Whether ``event`` replaces ``held`` (same id): the first seen, or the canonical smaller copy."""
    return held is None or (held != event and _canonical(event) < _canonical(held))


def merge_events(*logs: Iterable[ChoiceEvent]) -> list[ChoiceEvent]:
    """The union of ``logs`` by event id, ordered by kiosk, seq and id (``merge_logs``'s rules)."""
    by_id: dict[str, ChoiceEvent] = {}
    for log in logs:
        for event in log:
            if _keep(by_id.get(event.id), event):
                by_id[event.id] = event
    return sorted(by_id.values(), key=event_order)


def merge_kiosk_events(events: Iterable[ChoiceEvent], kiosk_id: str) -> list[ChoiceEvent]:
    """:func:`merge_events` of one kiosk's events; ``ValueError`` for an event of another kiosk."""
    listed = list(events)
    for event in listed:
        if event.kiosk_id != kiosk_id:
            raise ValueError(f"a choice of kiosk {event.kiosk_id} came in a page of kiosk {kiosk_id}")
    return merge_events(listed)
