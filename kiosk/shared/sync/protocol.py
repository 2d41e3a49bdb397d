"""The wire format of a network sync: paths, bounds, strict bodies, request MACs.

Both ends import this module, so the kiosk's server and the laptop's client agree
on one definition of every request. A body is refused (:class:`ProtocolError`,
with an HTTP status and a message for the teacher) unless it is a JSON object of
at most :data:`MAX_BODY` bytes holding exactly the known fields with the right
types. After pairing every request carries the laptop's id, a counter that only
goes up, and an HMAC under the pairing key of method, path, counter and body, so
a forged or replayed request is refused without trusting any clock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeGuard

from kiosk.shared.event_checks import DEFAULT_SEGMENT_LIMIT, MAX_EVENT_BYTES
from kiosk.shared.text.errors import KioskError

__all__ = [
    "COUNTER_HEADER",
    "LAPTOP_HEADER",
    "LINES_TYPE",
    "MAC_HEADER",
    "MAX_BODY",
    "MAX_LINES_BYTES",
    "MAX_RESPONSE",
    "PATHS",
    "Headers",
    "ProtocolError",
    "Spec",
    "counter_proof",
    "dumps",
    "dumps_answer",
    "is_safe_id",
    "parse_json",
    "request_mac",
    "validate",
]

MAX_BODY = 64 * 1024
LINES_TYPE = "application/x-choice-kiosk-lines"  # /sync/lines answers: a JSON head line, then journal lines
MAX_LINES_BYTES = 24 * 1024 * 1024  # a page of /sync/lines: whole segments up to about this much
MAX_RESPONSE = 32 * 1024 * 1024
# A page's size is bounded by construction: it stops before the segment that would pass
# MAX_LINES_BYTES, unless that is its first; a segment holds at most DEFAULT_SEGMENT_LIMIT
# events of at most MAX_EVENT_BYTES (checked when each is appended, plus a line's frame).
assert MAX_LINES_BYTES + DEFAULT_SEGMENT_LIMIT * (MAX_EVENT_BYTES + 64) <= MAX_RESPONSE
LAPTOP_HEADER = "X-CK-Laptop"
COUNTER_HEADER = "X-CK-Counter"
MAC_HEADER = "X-CK-Mac"


class Headers(Protocol):
    """A request's headers as the kiosk reads them: the HTTP server's (case-insensitive) or a dict."""

    def get(self, name: str, /) -> str | None: ...


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class ProtocolError(KioskError):
    """A refused request or answer; ``message`` is for the teacher, ``code`` for programs."""

    def __init__(self, status: int, code: str, message: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message, code=code, params=details)
        self.status = status
        self.details = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.details}


def is_safe_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _SAFE_ID.fullmatch(value) is not None


def _text(limit: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and 0 < len(v) <= limit


def _int(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _records(v: Any) -> bool:
    return isinstance(v, list) and len(v) <= 1000 and all(isinstance(r, dict) for r in v)


def _seq_ranges(v: Any) -> bool:
    return isinstance(v, list) and len(v) <= 10000 and all(
        isinstance(r, list) and len(r) == 2 and all(_int(1, 2**53)(n) for n in r) and r[0] <= r[1] for r in v
    )


def _secrets(v: Any) -> bool:
    return isinstance(v, list) and len(v) <= 50 and all(
        isinstance(s, str) and _HEX64.fullmatch(s) is not None for s in v
    )


def _small_object(limit: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, dict) and len(dumps(v)) <= limit


Spec = Mapping[str, tuple[Callable[[Any], bool], str]]

_ID = (is_safe_id, "an id of letters, digits, - and _")
_HEX = (lambda v: isinstance(v, str) and _HEX64.fullmatch(v) is not None, "64 hex digits")
_B64 = (_text(512), "base64 text")
_TIME = (_text(64), "an ISO 8601 time")

#: Every path the kiosk answers, with the exact fields of its request body.
PATHS: dict[str, Spec] = {
    "/pair/start": {"laptop_id": _ID, "laptop_name": (_text(100), "a name"), "spake2": _B64},
    "/pair/finish": {"session": _ID, "laptop_cert": (_text(8192), "a PEM certificate"), "confirm": _HEX},
    "/sync/hello": {"laptop_time": _TIME},
    "/sync/lines": {
        "after": (_int(0, 2**53), "a whole number"),
        "max_bytes": (_int(1, MAX_LINES_BYTES), f"1 to {MAX_LINES_BYTES}"),
        # the journal line version the laptop reads (kiosk/shared/files/journal_format.py);
        # sent only to a kiosk whose hello offers it
        "lines_version": (_int(1, 2), "1 or 2"),
    },
    "/sync/config": {
        "centers": (_records, "a list of records"),
        "children": (_records, "a list of records"),
        "settings": (lambda v: _records(v) and len(v) <= 1, "a list of at most one record"),
        "badge_secrets": (_secrets, "a list of badge secrets (64 hex digits each)"),
        "purged_seqs": (_seq_ranges, "a list of [first, last] seq ranges"),
        "kiosk_name": (_text(100), "a name"),
        "laptop_name": (_text(100), "a name"),
        "class_peers": (
            lambda v: isinstance(v, dict) and len(dumps(v)) <= 65536, "an object naming the class's kiosks"
        ),
    },
    "/sync/receipt": {
        "received": (_int(0, 2**53), "a whole number"),
        "laptop_time": _TIME,
        "through": (_int(0, 2**53), "a whole number"),
    },
    "/sync/photo": {
        "name": (_text(80), "a photo name like photos/<child id>.png"),
        "data": (_text(60000), "base64 text"),
    },
    "/unpair": {},
    "/peer/today": {"kiosk_id": _ID},
    "/peer/claim": {"kiosk_id": _ID, "claim": (_small_object(2048), "a claim: its ids and key")},
    "/peer/release": {
        "kiosk_id": _ID,
        "claim_id": _ID,
        "today": (_small_object(16384), "the entry that carries the claim out, as /peer/today sends entries"),
    },
}

#: Fields a laptop of an earlier version does not send; the kiosk does without them.
OPTIONAL: dict[str, frozenset[str]] = {
    "/sync/lines": frozenset({"lines_version"}),
    "/sync/config": frozenset({"purged_seqs", "kiosk_name", "laptop_name", "class_peers"}),
    "/sync/receipt": frozenset({"through"}),
    "/peer/release": frozenset({"today"}),  # absent when the claim was dropped
}


def dumps(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


_ANSWER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def dumps_answer(value: Any) -> bytes:
    """Compact JSON as :func:`dumps`, keys in the order they were made (no sorting): for answers."""
    return _ANSWER.encode(value).encode()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes, *, what: str = "The request") -> Any:
    """Decode strict JSON (no NaN, no duplicate keys) or raise a 400 ``ProtocolError``."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            raise ValueError("a field appears twice")
        return result

    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=pairs, parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(400, "malformed_json", f"{what} is not valid JSON ({exc}); nothing was changed.") from None


def validate(body: Any, spec: Spec, optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    """``body`` if it is an object with exactly the fields of ``spec`` (less ``optional`` ones), right types."""
    if not isinstance(body, dict):
        raise ProtocolError(400, "not_an_object", "The request must be a JSON object; nothing was changed.")
    unknown = sorted(set(body) - set(spec))
    if unknown:
        raise ProtocolError(400, "unknown_field", f"Unknown field(s) {', '.join(unknown)}; nothing was changed.")
    for name, (check, meaning) in spec.items():
        if name not in body and name in optional:
            continue
        if name not in body:
            raise ProtocolError(400, "missing_field", f"The field {name} is missing; nothing was changed.")
        if not check(body[name]):
            raise ProtocolError(400, "wrong_type", f"The field {name} must be {meaning}; nothing was changed.")
    return body


def request_mac(key: bytes, method: str, path: str, counter: int, body: bytes) -> str:
    """HMAC-SHA256 (hex) binding a request to its laptop's pairing key and counter."""
    message = b"\n".join(
        [
            b"choice-kiosk-request-v1",
            method.encode(),
            path.encode(),
            str(counter).encode(),
            hashlib.sha256(body).hexdigest().encode(),
        ]
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def counter_proof(key: bytes, laptop_id: str, last_counter: int, mac: str) -> str:
    """HMAC by which the kiosk states the last counter it accepted, in answer to one signed request.

    Bound to that request's own MAC, so only the laptop that just signed it can use the
    statement (a restored laptop folder moves past the counters it forgot) and an old
    statement cannot be passed off as a new one.
    """
    message = "\n".join(["choice-kiosk-counter-v1", laptop_id, str(last_counter), mac]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
