"""Badge numbers as keyed hashes, and the rules of enrolling them.

A raw badge number is a bearer token for a child: it is never stored, exported or
logged. The kiosk keeps ``HMAC-SHA256(per-kiosk secret, number)`` instead, so a copy
of the data reveals no badge and a badge cannot be linked across kiosks.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Iterable

from kiosk.domain import Child

__all__ = ["BadgeOwner", "badge_key", "new_badge_secret", "owner_of", "enrol_problem"]


def new_badge_secret() -> str:
    return secrets.token_hex(32)


def normalise(raw: str) -> str:
    """Readers differ in case and padding; the same card must give the same key."""
    return raw.strip().upper()


def badge_key(secret: str, raw: str) -> str:
    """The stored form of a badge: a keyed hash, hex, prefixed with its scheme."""
    digest = hmac.new(bytes.fromhex(secret), normalise(raw).encode(), hashlib.sha256).hexdigest()
    return f"hmac-sha256:{digest}"


@dataclass(frozen=True)
class BadgeOwner:
    """Who a scanned badge belongs to: a child, the teacher, or nobody yet."""

    child: Child | None = None
    teacher: bool = False

    @property
    def unknown(self) -> bool:
        return self.child is None and not self.teacher


def owner_of(key: str, children: Iterable[Child], teacher_badges: Iterable[str]) -> BadgeOwner:
    if key in set(teacher_badges):
        return BadgeOwner(teacher=True)
    for child in children:
        if key in child.badges:
            return BadgeOwner(child=child)
    return BadgeOwner()


def enrol_problem(key: str, child_id: str, children: Iterable[Child], teacher_badges: Iterable[str]) -> str | None:
    """Why a badge cannot be given to this child, or None. Badges are never silently moved."""
    owner = owner_of(key, children, teacher_badges)
    if owner.teacher:
        return "This badge is the teacher's badge."
    if owner.child is not None:
        if owner.child.id == child_id:
            return f"This badge already belongs to {owner.child.first_name}."
        return f"This badge belongs to {owner.child.first_name}. Remove it there first."
    return None
