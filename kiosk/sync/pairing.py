"""Pairing a laptop with a kiosk: a short code, SPAKE2, pinned fingerprints.

The kiosk opens a :class:`PairingWindow` while the teacher has the pairing screen
open: a 6-digit single-use code, valid for two minutes on the monotonic clock.
The code is only ever a SPAKE2 password — both sides derive a shared key ``K``
from it, and HKDF turns ``K`` into a *confirm key* and the 32-byte *pairing key*.
Each side then proves it holds ``K`` with an HMAC over both TLS certificate
fingerprints (:func:`confirmation`), so a wrong code and a man in the middle both
fail at the same check. Five failed attempts close the window.

Everything here is pure state plus the SPAKE2 arithmetic; the server carries it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from spake2 import SPAKE2_A, SPAKE2_B

__all__ = [
    "CODE_DIGITS",
    "MAX_FAILURES",
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
_ID_LAPTOP = b"choice-kiosk laptop"
_ID_KIOSK = b"choice-kiosk kiosk"


class PairingError(Exception):
    """Pairing refused; ``message`` is for the teacher, ``status`` for HTTP."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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
    """One open pairing window of a kiosk; times are monotonic seconds."""

    code: str
    opened_at: float
    seconds: float = WINDOW_SECONDS
    failures: int = 0
    used: bool = False
    closed: bool = False
    _session: _Session | None = field(default=None, repr=False)

    @classmethod
    def open(cls, now: float, *, seconds: float = WINDOW_SECONDS) -> PairingWindow:
        return cls(code=f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}", opened_at=now, seconds=seconds)

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.opened_at + self.seconds - now)

    def is_open(self, now: float) -> bool:
        return not (self.closed or self.used) and self.seconds_left(now) > 0

    def _check_open(self, now: float) -> None:
        if self.used:
            raise PairingError(410, "pairing_used", "This pairing code was already used. Open pairing on the kiosk again.")
        if self.closed:
            raise PairingError(410, "pairing_closed", "Too many wrong codes: pairing was closed. Open pairing on the kiosk again.")
        if self.seconds_left(now) <= 0:
            raise PairingError(410, "pairing_expired", "The pairing code has expired. Open pairing on the kiosk again.")

    def _fail(self) -> None:
        self.failures += 1
        self._session = None
        if self.failures >= MAX_FAILURES:
            self.closed = True

    def start(self, now: float, laptop_id: str, laptop_name: str, laptop_message: bytes) -> tuple[bytes, str]:
        """Answer the laptop's SPAKE2 message; returns the kiosk's message and a session id.

        A new start while another is pending counts the pending one as a failed try.
        """
        self._check_open(now)
        if self._session is not None:
            self._fail()
            self._check_open(now)
        spake = SPAKE2_B(self.code.encode("ascii"), idA=_ID_LAPTOP, idB=_ID_KIOSK)
        message = spake.start()
        try:
            shared = spake.finish(laptop_message)
        except Exception:  # spake2 raises several kinds for a bad point
            self._fail()
            raise PairingError(400, "pairing_bad_message", "The pairing message from the laptop is not readable.") from None
        self._session = _Session(secrets.token_hex(16), laptop_id, laptop_name, derive_keys(shared))
        return message, self._session.session_id

    def finish(
        self, now: float, session_id: str, laptop_fpr: str, kiosk_fpr: str, kiosk_id: str, confirm: str
    ) -> tuple[str, str, PairingKeys, str]:
        """Check the laptop's confirmation; returns (laptop id, name, keys, kiosk confirmation)."""
        self._check_open(now)
        session = self._session
        if session is None or not hmac.compare_digest(session.session_id, session_id):
            raise PairingError(409, "pairing_no_session", "No pairing attempt is waiting; start again.")
        expected = confirmation(session.keys, "laptop", laptop_fpr, kiosk_fpr, session.laptop_id, kiosk_id)
        if not hmac.compare_digest(expected, confirm):
            self._fail()
            left = MAX_FAILURES - self.failures
            raise PairingError(
                403,
                "pairing_wrong_code",
                "The code was wrong (or someone is between the laptop and the kiosk). "
                + (f"{left} tries left." if left > 0 else "Pairing was closed; open it on the kiosk again."),
            )
        self.used = True
        self._session = None
        answer = confirmation(session.keys, "kiosk", laptop_fpr, kiosk_fpr, session.laptop_id, kiosk_id)
        return session.laptop_id, session.laptop_name, session.keys, answer
