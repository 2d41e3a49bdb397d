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

from kiosk.shared.domain import ChoiceEvent, EventKind, Method
from kiosk.shared.sync.merge import EventFormatError, event_key

__all__ = ["event_order", "merge_events", "merge_kiosk_events", "read_event"]


_KINDS = {kind.value: kind for kind in EventKind}
_METHODS = {method.value: method for method in Method}


def read_event(value: object) -> ChoiceEvent:
    """The choice event a decoded JSON value holds; ``EventFormatError`` (a ``ValueError``) if none.

    The id, kiosk and seq are checked first (their messages name the choice), then every
    field the event needs; fields a later version may add are passed over. The result is
    ``ChoiceEvent.from_dict``'s.
    """
    if not isinstance(value, dict):
        raise EventFormatError("it is not an object")
    event_key(value)
    fast = _as_written(value)
    if fast is not None:
        return fast
    try:
        return ChoiceEvent.from_dict(value)
    except KeyError as exc:
        raise EventFormatError(f"choice {value['id']} has no {exc.args[0]}") from None
    except (TypeError, ValueError) as exc:
        raise EventFormatError(f"choice {value['id']} is not a choice this version reads: {exc}") from None


def _as_written(value: dict[str, object]) -> ChoiceEvent | None:
    """The event of a value whose fields already have their types (every line a kiosk writes), built
    without the frozen dataclass's ``__init__``; None for anything else (``from_dict`` then reads it).

    A laptop reads every line of a school year each time the review opens: the ``__init__``
    (one ``object.__setattr__`` per field) and ``from_dict``'s conversions were most of that read.
    """
    get = value.get
    kind, method, mono = _KINDS.get(str(get("kind"))), _METHODS.get(str(get("method"))), get("mono")
    child_id, wall, day, boot_id = get("child_id"), get("wall"), get("day"), get("boot_id")
    center_id, ref, feeling, replaces, mark = get("center_id"), get("ref"), get("feeling"), get("replaces"), get(
        "choice_time"
    )
    if (
        kind is None or method is None or isinstance(mono, bool) or not isinstance(mono, (int, float))
        or not (isinstance(child_id, str) and isinstance(wall, str) and isinstance(day, str))
        or not isinstance(boot_id, str)
        or not all(part is None or isinstance(part, str) for part in (center_id, ref, feeling, replaces, mark))
    ):
        return None
    event = object.__new__(ChoiceEvent)
    event.__dict__.update(
        id=value["id"], kiosk_id=value["kiosk_id"], seq=value["seq"], child_id=child_id, center_id=center_id,
        kind=kind, method=method, wall=wall, day=day, boot_id=boot_id, mono=float(mono), ref=ref, feeling=feeling,
        replaces=replaces, choice_time=mark,
    )
    return event


def event_order(event: ChoiceEvent) -> tuple[str, int, str]:
    """The order merged logs are kept in: kiosk, seq, id."""
    return (event.kiosk_id, event.seq, event.id)


def _canonical(event: ChoiceEvent) -> str:
    return json.dumps(event.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merge_events(*logs: Iterable[ChoiceEvent]) -> list[ChoiceEvent]:
    """The union of ``logs`` by event id, ordered by kiosk, seq and id (``merge_logs``'s rules)."""
    by_id: dict[str, ChoiceEvent] = {}
    ordered = True
    last: tuple[str, int, str] | None = None
    for log in logs:
        for event in log:
            held = by_id.get(event.id)
            if held is None:
                by_id[event.id] = event
                key = (event.kiosk_id, event.seq, event.id)
                ordered = ordered and (last is None or last < key)
                last = key
            else:
                ordered = False
                if held != event and _canonical(event) < _canonical(held):
                    by_id[event.id] = event
    return list(by_id.values()) if ordered else sorted(by_id.values(), key=event_order)


def merge_kiosk_events(events: Iterable[ChoiceEvent], kiosk_id: str) -> list[ChoiceEvent]:
    """:func:`merge_events` of one kiosk's events; ``ValueError`` for an event of another kiosk."""
    listed = list(events)
    for event in listed:
        if event.kiosk_id != kiosk_id:
            raise ValueError(f"a choice of kiosk {event.kiosk_id} came in a page of kiosk {kiosk_id}")
    return merge_events(listed)
