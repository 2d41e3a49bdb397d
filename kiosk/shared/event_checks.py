"""Checks an event dict before it may be written: bad input writes nothing.

The log only ever holds what ``ChoiceEvent.to_dict()`` produces. The keys come from
the ``ChoiceEvent`` dataclass itself, so a field added there is accepted here
without a second list to keep in step.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import date
from typing import Any

from kiosk.shared.domain import FEELINGS, ChoiceEvent, ChoiceTimeMark, EventKind, Method

__all__ = ["DEFAULT_SEGMENT_LIMIT", "MAX_EVENT_BYTES", "check_event"]

MAX_EVENT_BYTES = 2048
# Choices per segment file of a kiosk's log: a sync page may have to carry one whole segment.
DEFAULT_SEGMENT_LIMIT = 1000
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIELDS = [f.name for f in fields(ChoiceEvent)]
_REQUIRED = [
    f.name for f in fields(ChoiceEvent) if f.default is MISSING and f.default_factory is MISSING
]


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "must be valid text (it holds a broken character)"
    return None


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _seq(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return "must be a whole number from 1 up"
    return None


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "must be a finite number"
    return None


def _day(value: Any) -> str | None:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return "must be a date written YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "is not a real date"
    return None


def _one_of(values: set[str]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in values else f"must be one of {sorted(values)}"

    return check


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, str):
        return _text(value) if value else None
    return _number(value)


_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "id": _text,
    "kiosk_id": _text,
    "seq": _seq,
    "child_id": _text,
    "center_id": _optional_text,
    "kind": _one_of({kind.value for kind in EventKind}),
    "method": _one_of({method.value for method in Method}),
    "wall": _text,
    "day": _day,
    "boot_id": _text,
    "mono": _number,
    "ref": _optional_text,
    "replaces": _optional_text,
    "feeling": lambda value: None if value is None or value in FEELINGS else f"must be one of {list(FEELINGS)}",
    "choice_time": lambda value: None if value is None else _one_of({mark.value for mark in ChoiceTimeMark})(value),
}


def check_event(event: Any) -> None:
    """Raise ``ValueError`` saying what is wrong unless ``event`` may be logged."""
    if not isinstance(event, dict):
        raise ValueError(f"an event must be a dict, not {type(event).__name__}")
    missing = [name for name in _REQUIRED if name not in event]
    if missing:
        raise ValueError(f"the event is missing {', '.join(missing)}")
    unknown = sorted(str(key) for key in event if key not in _FIELDS)
    if unknown:
        raise ValueError(f"the event has fields a choice event does not have: {', '.join(unknown)}")
    for name, value in event.items():
        problem = _CHECKS.get(name, _scalar)(value)
        if problem:
            raise ValueError(f"event field {name!r} {problem} (got {value!r:.40})")
    if _size_bound(event) > MAX_EVENT_BYTES:
        size = len(json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        if size > MAX_EVENT_BYTES:
            raise ValueError(f"the event takes {size} bytes; at most {MAX_EVENT_BYTES} are allowed")


def _size_bound(event: dict[str, Any]) -> int:
    """An upper bound of the event's JSON size in UTF-8, cheaper than encoding it.

    A character of ``repr`` never takes more than 4 bytes in the JSON.
    """
    return 4 * len(repr(event))
