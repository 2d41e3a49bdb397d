"""The class as this kiosk holds it in memory: centers, children and settings, saved as they change.

The service, the badge desk and the teacher's edits all read and change the same setup;
this is the one place that mirrors the setup store and writes it, so what is on the
card and what the screens are shown never differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any

from kiosk.pi.storage import SetupStore
from kiosk.shared.domain import Center, Child, Settings

#: The fields of each record this version knows; any other field in a stored record (the class's
#: term dates, a center's recordings, a child's photo digest, a field a later version added) is
#: kept as it is when the teacher edits the record here, so a kiosk's edit (a center's seats, a
#: badge enrolled) never drops what the laptop set: that edit wins the merge, and a dropped
#: ``voices`` would delete the center's recordings on every laptop.
_KNOWN = {f.name for f in fields(Settings)}
_KNOWN_CENTER = {f.name for f in fields(Center)}
_KNOWN_CHILD = {f.name for f in fields(Child)}


def _unknown_fields(stored: Iterable[Mapping[str, Any]], record_id: str, known: set[str]) -> dict[str, Any]:
    """The fields of the stored record ``record_id`` that the domain does not know (version fields aside)."""
    old = next((r for r in stored if r.get("id") == record_id), None) or {}
    return {k: v for k, v in old.items() if k not in known and k not in ("rev", "deleted")}

__all__ = ["ClassSetup"]


class ClassSetup:
    """Centers, children and settings over a setup store (storage thread only)."""

    def __init__(self, config: SetupStore) -> None:
        self._config = config
        self.centers: dict[str, Center] = {}
        self.children: dict[str, Child] = {}
        self.settings = Settings()
        self.reload()

    def reload(self) -> None:
        """Read the setup again (after a sync changed it)."""
        self.centers = {c["id"]: Center.from_dict(c) for c in self._config.get_centers()}
        self.children = {c["id"]: Child.from_dict(c) for c in self._config.get_children()}
        self.settings = Settings.from_dict(self._config.get_settings() or {})

    def put_center(self, center: Center) -> None:
        """Save a center; fields this version does not know stay as they were (its recordings)."""
        kept = _unknown_fields(self._config.get_centers(), center.id, _KNOWN_CENTER)
        self._config.put_center({**kept, **center.to_dict()})
        self.centers[center.id] = center

    def put_child(self, child: Child, revoked: tuple[str, ...] = ()) -> None:
        """Save a child; ``revoked`` badge keys are listed so no sync brings them back."""
        record = {**_unknown_fields(self._config.get_children(), child.id, _KNOWN_CHILD), **child.to_dict()}
        if revoked:
            record["revoked_badges"] = list(revoked)
        self._config.put_child(record)
        self.children[child.id] = child

    def put_settings(self, settings: Settings) -> None:
        """Save the settings; fields this version does not know stay as they were (never dropped by an edit)."""
        kept = {k: v for k, v in (self._config.get_settings() or {}).items() if k not in _KNOWN}
        self._config.put_settings({**kept, **settings.to_dict()})
        self.settings = settings
