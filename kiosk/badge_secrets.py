"""The class's badge secrets, kept in a file of their own, apart from the setup.

A stored badge is a slow keyed hash (kiosk/badges.py); the key must not sit beside
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
from pathlib import Path
from typing import Any

from kiosk.badges import new_badge_secret
from kiosk.storage.durable_io import FileOps, atomic_write, make_private_dir, make_private_file, set_aside

__all__ = ["FILE_NAME", "BadgeSecretsFile", "kiosk_badge_secrets"]

FILE_NAME = "badge-secrets.json"
_HEX = set("0123456789abcdef")


def _valid(secret: object) -> bool:
    return isinstance(secret, str) and len(secret) == 64 and set(secret) <= _HEX


_DAMAGED = (
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
        return _DAMAGED if self._read().get("damaged") else None

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"own": None, "learnt": [], "damaged": False}
        except (OSError, UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict) or not (data.get("own") is None or _valid(data.get("own"))) or not all(
            _valid(s) for s in data.get("learnt", [])
        ):
            set_aside(self._ops, self.path)
            self._write(None, [], damaged=True)
            return {"own": None, "learnt": [], "damaged": True}
        return {"own": data.get("own"), "learnt": list(data.get("learnt", [])), "damaged": bool(data.get("damaged"))}

    def _write(self, own: str | None, learnt: Iterable[str], damaged: bool = False) -> None:
        make_private_dir(self._ops, self.path.parent)
        record: dict[str, Any] = {"own": own, "learnt": sorted(set(learnt) - {own})}
        if damaged:
            record["damaged"] = True
        body = json.dumps(record, indent=1).encode()
        atomic_write(self._ops, self.path, body, "the badge secrets")
        make_private_file(self.path)

    def own(self) -> str | None:
        return self._read()["own"]

    def known(self) -> list[str]:
        """Every secret: this device's own first, then those learnt in syncs."""
        data = self._read()
        own = data["own"]
        return ([own] if own else []) + sorted(set(data["learnt"]) - {own})

    def ensure_own(self) -> str:
        """This kiosk's own secret, made the first time."""
        data = self._read()
        if data["own"]:
            return str(data["own"])
        own = new_badge_secret()
        self._write(own, data["learnt"], damaged=data["damaged"])
        return own

    def learn(self, secrets: Iterable[str]) -> bool:
        """Add secrets learnt in a sync; whether any was new. ``ValueError`` for one that is not a secret."""
        secrets = list(secrets)
        if not all(_valid(s) for s in secrets):
            raise ValueError("a badge secret is not 64 hex digits")
        data = self._read()
        learnt = set(data["learnt"]) | (set(secrets) - {data["own"]})
        if learnt == set(data["learnt"]):
            return False
        self._write(data["own"], learnt)  # a sync brought secrets: whatever was lost is back
        return True

    def take_from(self, own: object, learnt: object) -> None:
        """Move secrets an earlier version kept in the setup into this file (idempotent)."""
        data = self._read()
        new_own = data["own"] or (own if _valid(own) else None)
        listed = [s for s in (learnt if isinstance(learnt, list) else []) if _valid(s)]
        merged = set(data["learnt"]) | set(listed)
        if new_own != data["own"] or merged != set(data["learnt"]):
            self._write(new_own, merged, damaged=data["damaged"])


def kiosk_badge_secrets(storage: Any) -> BadgeSecretsFile:
    """A kiosk's secrets file, with any secrets still in its setup moved into it (owner thread)."""
    config = storage.config
    secrets = BadgeSecretsFile(config.path.parent / "sync" / FILE_NAME)
    own, learnt = config.get_meta("badge_secret"), config.get_meta("badge_secrets")
    if own is not None or learnt is not None:
        secrets.take_from(own, learnt)  # written (fsynced) before the setup forgets them
        with config.batch():
            config.put_meta("badge_secret", None)
            config.put_meta("badge_secrets", None)
    return secrets
