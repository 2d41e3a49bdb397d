"""The teacher's PIN: a salted scrypt hash and a growing delay after wrong tries.

Children will try numbers on a touch screen; after a few wrong PINs each further
try waits longer, so guessing four digits takes hours, while a teacher who mistypes
once is not slowed down.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.shared.text.i18n import N_

__all__ = ["PinGate", "PinResult", "hash_pin", "lockout_seconds", "pin_message", "pin_problem", "verify_pin"]

_N, _R, _P = 2**14, 8, 1
FREE_TRIES = 3
MAX_LOCKOUT_S = 300.0


def pin_problem(pin: str) -> str | None:
    """Why a new PIN is not acceptable, or None when it is."""
    if not pin.isdigit() or not pin.isascii():
        return N_("The PIN must be digits only.")
    if not 4 <= len(pin) <= 8:
        return N_("The PIN must have 4 to 8 digits.")
    return None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh 16-byte salt."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time check of a PIN against a stored hash; a damaged hash never matches."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def lockout_seconds(failures: int) -> float:
    """How long to wait after ``failures`` wrong PINs in a row: 0, 0, 0, 5, 10, 20 … 300."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_LOCKOUT_S, 5.0 * 2.0 ** (failures - FREE_TRIES))


@dataclass(frozen=True)
class PinResult:
    """``checked`` is False when the try came during the delay: the PIN was not even looked at."""

    ok: bool
    wait_s: float = 0.0
    checked: bool = True


def pin_message(result: PinResult) -> tuple[str, dict[str, object]]:
    """What the keypad says after a try, as text to translate and its values ("" when opened).

    A try during the delay was never compared, so it is not called wrong: the right
    PIN typed too early must not make the teacher doubt it.
    """
    if result.ok:
        return "", {}
    seconds = math.ceil(result.wait_s)
    if not result.checked:
        return N_("Please wait {seconds} s, then type the PIN again."), {"seconds": seconds}
    if seconds > 0:
        return N_("Wrong PIN. Wait {seconds} s before trying again."), {"seconds": seconds}
    return N_("Wrong PIN. Try again."), {}


class PinGate:
    """Counts wrong tries and refuses any try while the delay runs."""

    def __init__(self, stored_hash: Callable[[], str], monotonic: Callable[[], float]) -> None:
        self._stored_hash = stored_hash
        self._monotonic = monotonic
        self._failures = 0
        self._locked_until = 0.0

    def wait_s(self) -> float:
        return max(0.0, self._locked_until - self._monotonic())

    def attempt(self, pin: str) -> PinResult:
        wait = self.wait_s()
        if wait > 0:
            return PinResult(False, wait, checked=False)
        if verify_pin(pin, self._stored_hash()):
            self._failures = 0
            return PinResult(True)
        self._failures += 1
        delay = lockout_seconds(self._failures)
        self._locked_until = self._monotonic() + delay
        return PinResult(False, delay)
