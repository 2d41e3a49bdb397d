"""The class's setup as it travels between a kiosk and a laptop, on the kiosk's side.

What the kiosk offers (its centers, children and class settings as sync records,
unstamped ones marked ``seeded``: offered_setup.py), how the laptop's version is
merged in (the documented rules of kiosk/shared/sync/config_merge.py: every record
checked before anything is saved), the class's badge secrets as a union, and the
photos a laptop sends for its children. The choices' side of a sync, the paired
laptops and the class's other kiosks stay with :class:`~.kiosk_side.KioskSyncBackend`.
Every method runs on the storage thread.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
from kiosk.pi.storage import KioskStorage
from kiosk.pi.sync.class_settings import CLASS_SETTINGS_ID, apply_class_settings, class_subset
from kiosk.pi.sync.offered_setup import content, offered_records, record_name
from kiosk.shared.badge_secrets import is_badge_secret
from kiosk.shared.domain import Center, Child, Settings
from kiosk.shared.sync.config_merge import ConfigFormatError, LostEdit, lost_edits, merge_configs
from kiosk.shared.sync.edit_stamps import EditStamper
from kiosk.shared.sync.messages import SETUP_KINDS, PhotoSent, SetupAnswer, SetupOffer
from kiosk.shared.sync.photos import PhotoError, photo_of, photos_held, remove_photos, sha256_hex, write_photo
from kiosk.shared.sync.setup_record_types import center_records, child_records, settings_records

__all__ = ["SetupExchange"]

_KINDS: dict[str, type[Center] | type[Child]] = {"centers": Center, "children": Child}


class SetupExchange:
    """The kiosk's setup for a sync, over its storage."""

    def __init__(
        self, storage: KioskStorage, stamper: EditStamper, kiosk_id: Callable[[], str], *,
        on_changed: Callable[[], None],
    ) -> None:
        self._storage = storage
        self._config = storage.config
        self._stamper = stamper
        self._kiosk_id = kiosk_id
        self._on_changed = on_changed

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """This kiosk's centers, children (deletions included) and class settings as sync records
        (unstamped ones marked ``seeded``: kiosk/pi/sync/offered_setup.py)."""
        config = self._config
        return offered_records(
            {kind: config.synced_records(kind) for kind in ("centers", "children")},
            config.get_settings() or {}, config.get_meta("sync_settings"), config.settings_edited_at(),
            stamp=self._stamper()[0], kiosk_id=self._kiosk_id(),
        )

    def badge_secrets(self) -> list[str]:
        """Every badge secret this kiosk knows: its own first, then those learnt in syncs (kept apart)."""
        return kiosk_badge_secrets(self._storage).known()

    def merge(self, offer: SetupOffer) -> tuple[list[dict[str, Any]], bool]:
        """Merge the laptop's centers, children, class settings and badge secrets into this kiosk's.

        Returns the kiosk's edits that lost to ones made without seeing them (for the
        laptop to tell the teacher) and whether anything the kiosk shows changed (not
        only version stamps). Everything is checked before anything is saved: a record
        the kiosk could not use raises ``ValueError`` and nothing changes. Badge secrets
        are a union, so a badge enrolled on any kiosk of the class works on every one.
        """
        ours = self.records()
        lost = [
            {**asdict(edit), "kind": kind, "name": record_name(ours[kind], edit.record_id)}
            for kind in SETUP_KINDS
            for edit in self._lost(ours[kind], offer.records(kind))
        ]
        plans, seen = self._record_plans(ours, offer)
        settings_plan = self._settings_plan(ours["settings"], offer.settings)
        secrets = self._secrets_plan(offer.badge_secrets)
        for kind, record in plans:
            self._config.put_synced(kind, record)
            if kind == "children" and record.get("deleted"):
                self._storage.events.purge_child(record["id"])
                remove_photos(self._data_dir, record["id"])
        if settings_plan is not None:
            settings, version = settings_plan
            seen = seen or settings != (self._config.get_settings() or {})
            self._config.put_settings(settings)
            self._config.put_meta("sync_settings", version)
        if secrets is not None:
            kiosk_badge_secrets(self._storage).learn(secrets)  # its own file, not the setup
        return lost, seen or bool(secrets)

    def _record_plans(
        self, ours: dict[str, list[dict[str, Any]]], offer: SetupOffer
    ) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        """The centers and children to save after merging (each checked usable here), and whether
        what the kiosk shows changes."""
        plans: list[tuple[str, dict[str, Any]]] = []
        seen = False
        for kind, model in _KINDS.items():
            held = {r["id"]: r for r in self._config.synced_records(kind)}  # as stored: a stamp given at offering kept
            for record in self._merged(kind, ours[kind], offer.records(kind)):
                if not record.get("deleted"):
                    _check_usable(kind, model, record)
                old = held.get(record["id"])
                if old is None or old != record:
                    plans.append((kind, record))
                    seen = seen or content(old) != content(record)
        return plans, seen

    def answer(self, lost: list[dict[str, Any]]) -> SetupAnswer:
        """What this kiosk holds of the setup, as the answer to a laptop's: records, secrets, photos, lost edits."""
        records = self.records()
        return SetupAnswer(center_records(records["centers"]), child_records(records["children"]),
                           settings_records(records["settings"]), self.badge_secrets(),
                           photos_held(self._data_dir), lost)

    @property
    def _data_dir(self) -> Path:
        return self._config.path.parent

    def save_photo(self, photo: PhotoSent) -> dict[str, Any]:
        """Keep a photo the laptop sent, if a child's record names it with the same SHA-256.

        Anything else (no such child, a different photo, not a PNG/JPEG, too big) raises
        ``ValueError`` and nothing is saved.
        """
        name = photo.name
        try:
            data = base64.b64decode(photo.data, validate=True)
        except ValueError:
            raise ValueError("the photo is not base64") from None
        child = photo_of(name)
        wanted = {c["picture"]: c.get("photo_sha256") for c in self._config.get_children()}
        if child is None or name not in wanted or wanted[name] != sha256_hex(data):
            raise ValueError(f"no child's record names the photo {name} with this content")
        try:
            write_photo(self._data_dir, name, data)
        except PhotoError as exc:
            raise ValueError(str(exc)) from None
        self._on_changed()
        return {"saved": name}

    @staticmethod
    def _lost(ours: list[dict[str, Any]], theirs: Sequence[Mapping[str, Any]]) -> list[LostEdit]:
        try:
            return lost_edits(ours, theirs)
        except ConfigFormatError as exc:
            raise ValueError(exc.message) from None

    @staticmethod
    def _merged(kind: str, ours: list[dict[str, Any]], theirs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        try:
            return merge_configs(ours, theirs)
        except ConfigFormatError as exc:
            raise ValueError(exc.message) from None

    def _settings_plan(
        self, ours: list[dict[str, Any]], theirs: Sequence[Mapping[str, Any]]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The kiosk's settings and synced version after merging the class settings, or None."""
        if any(r.get("id") != CLASS_SETTINGS_ID for r in theirs):
            raise ValueError("the only settings record is the class's")
        merged = self._merged("settings", ours, theirs)
        if not merged or merged[0].get("deleted"):
            return None
        record = merged[0]
        current = self._config.get_settings() or {}
        settings = apply_class_settings(current, record)
        try:
            Settings.from_dict(settings)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"the class settings are not usable here ({exc!r})") from None
        version = {key: record[key] for key in ("rev", "edited_at", "edited_by")}
        version["content"] = class_subset(settings)
        if settings == current and version == self._config.get_meta("sync_settings"):
            return None
        return settings, version

    def _secrets_plan(self, theirs: list[str]) -> list[str] | None:
        known = self.badge_secrets()
        if not all(is_badge_secret(secret) for secret in theirs):
            raise ValueError("a badge secret is not 64 hex digits")
        learnt = sorted((set(known[1:]) | set(theirs)) - set(known[:1]))
        return learnt if learnt != known[1:] else None


def _check_usable(kind: str, model: type[Center] | type[Child], record: dict[str, Any]) -> None:
    """``ValueError`` unless the kiosk can use the merged record (a center or child it can show)."""
    try:
        model.from_dict(record)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"the {kind[:-1]} {record['id']} is not usable here ({exc!r})") from None
