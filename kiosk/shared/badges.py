"""Badge numbers as slow keyed hashes, and the rules of enrolling and recognising them.

A raw badge number is a bearer token for a child: it is never stored, exported or
logged. What is stored is ``scrypt1:`` + scrypt(HMAC-SHA256(class secret, number))
— keyed by a 256-bit secret of the class, and deliberately slow (:data:`COST`: about
4 ms on a laptop core, 15–20 ms on a Pi 4), so that it fits within the greeting
budget for the first scan of a badge (later scans of it come from a cache).

What a copy of the data reveals, honestly (docs/BADGES.md): the secrets travel with
the setup (config.json on a kiosk, laptop.json on the laptop), so whoever has a whole
copy can test badge numbers, one scrypt per guess. 125 kHz card numbers are a small,
often sequential space: testing the whole 32-bit range takes months of one core (it
took about 2 hours with the earlier plain HMAC), but a batch of cards numbered near a
known one is found in seconds. Without the secret (a copy of the children's records
alone, a CSV, a report) nothing about a badge can be learnt.

Badges stored before this scheme (``hmac-sha256:``) keep working and are replaced by
the new form the first time they are scanned. Keys under several kiosks' secrets for
one badge (enrolled on two kiosks before they synced) are collapsed to one at its
next scan: the key under the class secret stays, the others are revoked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.shared.domain import Child
from kiosk.shared.text.i18n import Sentence

__all__ = [
    "COST",
    "KEY_CACHE",
    "BadgeBook",
    "BadgeOwner",
    "badge_key",
    "candidate_keys",
    "class_secret",
    "collapse",
    "enrol_problem",
    "legacy_badge_key",
    "new_badge_secret",
    "owner_of",
]

SCHEME = "scrypt1"
LEGACY_SCHEME = "hmac-sha256"
COST = {"n": 2**11, "r": 8, "p": 1}  # scrypt's work and memory (2 MiB) per key
_SALT = b"choice-kiosk badge v2"
KEY_CACHE = 64  # badges whose keys a kiosk keeps for the run: a class, its teacher, a few visitors


def new_badge_secret() -> str:
    return secrets.token_hex(32)


def normalise(raw: str) -> str:
    """Readers differ in case and padding; the same card must give the same key."""
    return raw.strip().upper()


def legacy_badge_key(secret: str, raw: str) -> str:
    """The form stored before ``scrypt1`` (fast to test): recognised, then replaced."""
    digest = hmac.new(bytes.fromhex(secret), normalise(raw).encode(), hashlib.sha256).hexdigest()
    return f"{LEGACY_SCHEME}:{digest}"


def badge_key(secret: str, raw: str) -> str:
    """The stored form of a badge: a slow keyed hash, hex, prefixed with its scheme."""
    keyed = hmac.new(bytes.fromhex(secret), normalise(raw).encode(), hashlib.sha256).digest()
    digest = hashlib.scrypt(keyed, salt=_SALT, dklen=32, **COST)
    return f"{SCHEME}:{digest.hex()}"


def class_secret(known: Sequence[str]) -> str:
    """The secret new enrolments use: the same on every kiosk that knows the same secrets.

    Each kiosk starts with its own; after their syncs all know all of them, and the
    least one is chosen, so the same badge enrolled on two kiosks gives one key.
    """
    return min(known)


def candidate_keys(known: Sequence[str], raw: str) -> list[str]:
    """Every stored form a badge may have: the class secret's first, then other secrets', then legacy."""
    ordered = sorted(set(known), key=lambda s: s != class_secret(known))
    return [badge_key(s, raw) for s in ordered] + [legacy_badge_key(s, raw) for s in ordered]


def collapse(held: Sequence[str], found: Iterable[str], keep: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A child's badges once a scan proved ``found`` are all one badge; and the keys to revoke.

    ``keep`` (the key under the class secret) replaces every other form of that badge.
    """
    same = set(found) & set(held)
    if same == {keep}:
        return tuple(held), ()
    kept = (*(b for b in held if b not in same), keep)
    return kept, tuple(sorted(same - {keep}))


class BadgeBook:
    """A kiosk's badge secrets (its own and those learnt in syncs) and the keys of recent scans.

    Keys are slow to make, so those of the last :data:`KEY_CACHE` badges scanned are
    kept in memory for the run (never on disk); learning a new secret forgets them.
    """

    def __init__(self, own_secret: str) -> None:
        self._own = own_secret
        self.secrets: list[str] = [own_secret]
        self._cache: dict[str, list[str]] = {}

    def learn(self, learnt: Iterable[str]) -> None:
        secrets = [self._own, *(s for s in learnt if s != self._own)]
        if secrets != self.secrets:
            self.secrets, self._cache = secrets, {}

    def keys(self, raw: str) -> list[str]:
        """Every stored form of a scanned badge, the class secret's first."""
        keys = self._cache.pop(raw, None)
        if keys is None:
            keys = candidate_keys(self.secrets, raw)
        self._cache[raw] = keys  # newest last
        while len(self._cache) > KEY_CACHE:
            self._cache.pop(next(iter(self._cache)))
        return keys


@dataclass(frozen=True)
class BadgeOwner:
    """Who a scanned badge belongs to: a child, the teacher, or nobody yet."""

    child: Child | None = None
    teacher: bool = False

    @property
    def unknown(self) -> bool:
        return self.child is None and not self.teacher


def owner_of(keys: Iterable[str], children: Iterable[Child], teacher_badges: Iterable[str]) -> BadgeOwner:
    """Whose badge any of ``keys`` (the forms of one scanned badge) is."""
    wanted = set(keys)
    if wanted & set(teacher_badges):
        return BadgeOwner(teacher=True)
    for child in children:
        if wanted & set(child.badges):
            return BadgeOwner(child=child)
    return BadgeOwner()


def enrol_problem(
    keys: Iterable[str], child_id: str, children: Iterable[Child], teacher_badges: Iterable[str]
) -> str | None:
    """Why a badge cannot be given to this child, or None. Badges are never silently moved."""
    owner = owner_of(keys, children, teacher_badges)
    if owner.teacher:
        return Sentence("This badge is the teacher's badge.")
    if owner.child is not None:
        if owner.child.id == child_id:
            return Sentence("This badge already belongs to {name}.", name=owner.child.first_name)
        return Sentence("This badge belongs to {name}. Remove it there first.", name=owner.child.first_name)
    return None
