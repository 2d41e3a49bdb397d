"""Pairing a laptop with a kiosk: a short code, SPAKE2, pinned fingerprints.

The kiosk opens a :class:`PairingWindow` while the teacher has the pairing screen
open: a 6-digit single-use code, valid for two minutes on the monotonic clock.
The code is only ever a SPAKE2 password — both sides derive a shared key ``K``
from it, and HKDF turns ``K`` into a *confirm key* and the 32-byte *pairing key*.
Each side then proves it holds ``K`` with an HMAC over both TLS certificate
fingerprints (:func:`confirmation`), so a wrong code and a man in the middle both
fail at the same check. Five wrong codes close the window; starts are only
rate-limited per address, so nobody can close it without guessing.

Everything here is pure state plus the SPAKE2 arithmetic; the server carries it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from spake2 import SPAKE2_A, SPAKE2_B

from kiosk.shared.sync.laptop_name import laptop_name_problem
from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import N_, Sentence

__all__ = [
    "CODE_DIGITS",
    "MAX_FAILURES",
    "STARTS_PER_PERIOD",
    "START_PERIOD",
    "WINDOW_SECONDS",
    "PairingError",
    "PairingKeys",
    "PairingWindow",
    "confirmation",
    "derive_keys",
    "laptop_spake",
]

CODE_DIGITS = 6
WINDOW_SECONDS = 120.0
MAX_FAILURES = 5
STARTS_PER_PERIOD = 3  # pairing starts one address may make per START_PERIOD seconds
START_PERIOD = 10.0
MAX_PENDING = 16  # exchanges started and not finished, kept at once (the oldest is dropped)
MAX_ADDRESSES = 256  # addresses whose recent starts are remembered
_ID_LAPTOP = b"choice-kiosk laptop"
_ID_KIOSK = b"choice-kiosk kiosk"


class PairingError(KioskError):
    """Pairing refused; ``message`` is for the teacher, ``status`` for HTTP."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.details = dict(details or {})  # values the laptop needs to say the message in its language


@dataclass(frozen=True)
class PairingKeys:
    confirm_key: bytes
    pairing_key: bytes


def derive_keys(shared: bytes) -> PairingKeys:
    okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"choice-kiosk pairing v1").derive(shared)
    return PairingKeys(okm[:32], okm[32:])


def confirmation(keys: PairingKeys, role: str, laptop_fpr: str, kiosk_fpr: str, laptop_id: str, kiosk_id: str) -> str:
    """HMAC proving ``role`` ("laptop" or "kiosk") derived the same key, bound to both certificates."""
    message = "|".join([role, laptop_fpr, kiosk_fpr, laptop_id, kiosk_id]).encode()
    return hmac.new(keys.confirm_key, message, hashlib.sha256).hexdigest()


def laptop_spake(code: str) -> SPAKE2_A:
    """The laptop's half of the exchange (``.start()`` → message, ``.finish(msg)`` → K)."""
    return SPAKE2_A(code.encode("ascii"), idA=_ID_LAPTOP, idB=_ID_KIOSK)


@dataclass
class _Session:
    session_id: str
    laptop_id: str
    laptop_name: str
    keys: PairingKeys


@dataclass
class PairingWindow:
    """One open pairing window of a kiosk; times are monotonic seconds.

    Only a wrong *code* counts against the window (a confirmation that fails at
    finish): starting an exchange proves nothing and guesses nothing, so starts
    are merely rate-limited per address, and several may be pending at once — a
    stranger's starts cannot push the teacher's laptop out.
    """

    code: str
    opened_at: float
    seconds: float = WINDOW_SECONDS
    failures: int = 0
    used_by: str | None = None
    closed: bool = False
    last_failure_from: str = ""
    _sessions: dict[str, _Session] = field(default_factory=dict, repr=False)
    _starts: dict[str, list[float]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, now: float, *, seconds: float = WINDOW_SECONDS) -> PairingWindow:
        return cls(code=f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}", opened_at=now, seconds=seconds)

    @property
    def used(self) -> bool:
        return self.used_by is not None

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.opened_at + self.seconds - now)

    def is_open(self, now: float) -> bool:
        return not (self.closed or self.used) and self.seconds_left(now) > 0

    def why_closed(self, now: float) -> str | None:
        """For the teacher: why this window no longer takes a code (None while it is open)."""
        if self.used_by is not None:
            return Sentence("Paired with {name}.", name=self.used_by)
        if self.closed and self.last_failure_from:
            return Sentence("Pairing was closed after {count} wrong codes (the last from {address}). "
                            "Open it again to pair.", count=self.failures, address=self.last_failure_from)
        if self.closed:
            return Sentence("Pairing was closed after {count} wrong codes. Open it again to pair.",
                            count=self.failures)
        if self.seconds_left(now) <= 0:
            return Sentence("The pairing code expired before a laptop used it. Open pairing again to pair.")
        return None

    def _check_open(self, now: float) -> None:
        if self.used:
            raise PairingError(
                410, "pairing_used", N_("This pairing code was already used. Open pairing on the kiosk again.")
            )
        if self.closed:
            raise PairingError(
                410, "pairing_closed", N_("Too many wrong codes: pairing was closed. Open pairing on the kiosk again.")
            )
        if self.seconds_left(now) <= 0:
            raise PairingError(
                410, "pairing_expired", N_("The pairing code has expired. Open pairing on the kiosk again.")
            )

    def _limit_starts(self, now: float, address: str) -> None:
        recent = [t for t in self._starts.get(address, []) if now - t < START_PERIOD]
        if len(recent) >= STARTS_PER_PERIOD:
            raise PairingError(
                429,
                "pairing_too_fast",
                f"Too many pairing attempts from this computer; wait {int(START_PERIOD)} seconds.",
                {"wait_seconds": int(START_PERIOD)},
            )
        self._starts[address] = [*recent, now]
        while len(self._starts) > MAX_ADDRESSES:
            self._starts.pop(next(iter(self._starts)))

    def start(
        self, now: float, laptop_id: str, laptop_name: str, laptop_message: bytes, address: str = ""
    ) -> tuple[bytes, str]:
        """Answer the laptop's SPAKE2 message; returns the kiosk's message and a session id."""
        self._check_open(now)
        self._limit_starts(now, address)
        problem = laptop_name_problem(laptop_name)
        if problem:
            raise PairingError(400, "bad_laptop_name", f"{problem} Nothing was paired.")
        spake = SPAKE2_B(self.code.encode("ascii"), idA=_ID_LAPTOP, idB=_ID_KIOSK)
        message = spake.start()
        try:
            shared = spake.finish(laptop_message)
        except Exception:  # spake2 raises several kinds for a bad point
            raise PairingError(
                400, "pairing_bad_message", N_("The pairing message from the laptop is not readable.")
            ) from None
        session = _Session(secrets.token_hex(16), laptop_id, laptop_name, derive_keys(shared))
        self._sessions[session.session_id] = session
        while len(self._sessions) > MAX_PENDING:
            self._sessions.pop(next(iter(self._sessions)))
        return message, session.session_id

    def finish(
        self, now: float, session_id: str, laptop_fpr: str, kiosk_fpr: str, kiosk_id: str, confirm: str,
        address: str = "",
    ) -> tuple[str, str, PairingKeys, str]:
        """Check the laptop's confirmation; returns (laptop id, name, keys, kiosk confirmation)."""
        self._check_open(now)
        session = self._sessions.pop(session_id, None)
        if session is None:
            raise PairingError(409, "pairing_no_session", N_("No pairing attempt is waiting; start again."))
        expected = confirmation(session.keys, "laptop", laptop_fpr, kiosk_fpr, session.laptop_id, kiosk_id)
        if not hmac.compare_digest(expected, confirm):
            self.failures += 1
            self.last_failure_from = address
            self.closed = self.failures >= MAX_FAILURES
            left = MAX_FAILURES - self.failures
            raise PairingError(
                403,
                "pairing_wrong_code",
                "The code was wrong (or someone is between the laptop and the kiosk). "
                + (f"{left} tries left." if left > 0 else "Pairing was closed; open it on the kiosk again."),
                {"tries_left": left},
            )
        self.used_by = session.laptop_name
        self._sessions.clear()
        answer = confirmation(session.keys, "kiosk", laptop_fpr, kiosk_fpr, session.laptop_id, kiosk_id)
        return session.laptop_id, session.laptop_name, session.keys, answer
