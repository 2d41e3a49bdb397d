"""The class's badge secrets, kept in a file of their own, apart from the setup.

A stored badge is a slow keyed hash (kiosk/shared/badges.py); the key must not sit beside
the hashes, or a copy of the setup (``config.json`` on a kiosk, ``laptop.json`` on
the laptop) would be enough to test badge numbers. So the secrets live in
``badge-secrets.json`` (owner-only, written atomically): on a kiosk in
``<data>/sync/`` next to its TLS key, on the laptop in its folder. A copy of the
setup alone reveals no badge; a copy of the whole folder does let someone test
numbers, one scrypt per guess (docs/BADGES.md says what that costs).

Secrets kept by earlier versions in the setup's meta values (``badge_secret``,
``badge_secrets``) are moved here the first time the file is opened; a damaged
file is set aside, the kiosk makes a new own secret, and the next sync with the
laptop (which holds every kiosk's secret) brings the old ones back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from kiosk.shared.badges import new_badge_secret
from kiosk.shared.files.durable_io import FileOps, atomic_write, make_private_dir, make_private_file, set_aside
from kiosk.shared.text.i18n import N_

__all__ = ["FILE_NAME", "BadgeSecretsFile", "is_badge_secret"]

FILE_NAME = "badge-secrets.json"
_HEX = set("0123456789abcdef")


def is_badge_secret(secret: object) -> TypeGuard[str]:
    """64 lowercase hex digits: what ``new_badge_secret`` makes and a sync may carry."""
    return isinstance(secret, str) and len(secret) == 64 and set(secret) <= _HEX


@dataclass(frozen=True)
class _Held:
    """What the file holds, once checked."""

    own: str | None
    learnt: list[str]
    damaged: bool


_DAMAGED = N_(
    "The file of badge secrets was damaged and set aside; badges enrolled before may not be "
    "recognised until the next sync with the laptop."
)


class BadgeSecretsFile:
    """``{"own": secret or null, "learnt": [secrets]}`` in one owner-only file; read on every call.

    After a damaged file was set aside, ``"damaged": true`` stays in the new one until a
    sync brings secrets back, so the teacher is told meanwhile (:attr:`problem`).
    """

    def __init__(self, path: Path, ops: FileOps | None = None) -> None:
        self.path = path
        self._ops = ops or FileOps()

    @property
    def problem(self) -> str | None:
        """For the teacher, while the kiosk waits to learn its secrets again."""
        return _DAMAGED if self._read().damaged else None

    def _read(self) -> _Held:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _Held(None, [], damaged=False)
        except (OSError, UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict) or not (data.get("own") is None or is_badge_secret(data.get("own"))) or not all(
            is_badge_secret(s) for s in data.get("learnt", [])
        ):
            set_aside(self._ops, self.path)
            self._write(None, [], damaged=True)
            return _Held(None, [], damaged=True)
        own = data.get("own")
        learnt = [s for s in data.get("learnt", []) if is_badge_secret(s)]  # all are, as checked above
        return _Held(own if is_badge_secret(own) else None, learnt, bool(data.get("damaged")))

    def _write(self, own: str | None, learnt: Iterable[str], damaged: bool = False) -> None:
        make_private_dir(self._ops, self.path.parent)
        record: dict[str, Any] = {"own": own, "learnt": sorted(set(learnt) - {own})}
        if damaged:
            record["damaged"] = True
        body = json.dumps(record, indent=1).encode()
        atomic_write(self._ops, self.path, body, N_("the badge secrets"))
        make_private_file(self.path)

    def own(self) -> str | None:
        return self._read().own

    def known(self) -> list[str]:
        """Every secret: this device's own first, then those learnt in syncs."""
        held = self._read()
        own = held.own
        return ([own] if own else []) + sorted(set(held.learnt) - {own})

    def ensure_own(self) -> str:
        """This kiosk's own secret, made the first time."""
        held = self._read()
        if held.own:
            return held.own
        own = new_badge_secret()
        self._write(own, held.learnt, damaged=held.damaged)
        return own

    def learn(self, secrets: Iterable[str]) -> bool:
        """Add secrets learnt in a sync; whether any was new. ``ValueError`` for one that is not a secret."""
        secrets = list(secrets)
        if not all(is_badge_secret(s) for s in secrets):
            raise ValueError("a badge secret is not 64 hex digits")
        held = self._read()
        learnt = set(held.learnt) | (set(secrets) - {held.own})
        if learnt == set(held.learnt):
            return False
        self._write(held.own, learnt)  # a sync brought secrets: whatever was lost is back
        return True

    def take_from(self, own: object, learnt: object) -> None:
        """Move secrets an earlier version kept in the setup into this file (idempotent)."""
        held = self._read()
        new_own = held.own or (own if is_badge_secret(own) else None)
        listed = [s for s in (learnt if isinstance(learnt, list) else []) if is_badge_secret(s)]
        merged = set(held.learnt) | set(listed)
        if new_own != held.own or merged != set(held.learnt):
            self._write(new_own, merged, damaged=held.damaged)
