"""A child deleted on one laptop of the class is deleted on every other one at its next sync.

A deletion travels as a tombstone (kiosk/shared/sync/config_merge.py): the kiosk keeps it
and hands it to every laptop that syncs with it. A tombstone keeps no data of the child,
so the record's name and badges go by the merge alone; the choices in the laptop's files
and the photo in its folder must be deleted beside it. :func:`newly_deleted` says which
children a merge deleted, with the first name they had here.

The files exported earlier for that child (a parent's request) are named after the child's
first name: the first laptop offers to delete them at once, while it still knows the name.
Another laptop learns of the deletion in a sync, perhaps from the command line with no
window open, so it keeps the deleted child's id and first name as an *offer* (meta
``deletion_offers``) until its window has asked the teacher about those files, or found
none; then the name is forgotten too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kiosk.shared.sync.setup_record_types import SetupRecord

__all__ = ["DeletionOffers", "newly_deleted"]

_META = "deletion_offers"


def newly_deleted(before: Iterable[SetupRecord], after: Iterable[SetupRecord]) -> dict[str, str]:
    """Children deleted in ``after`` who were not deleted in ``before``: id → the first name they had ("" if none)."""
    known: dict[str, SetupRecord] = {str(r["id"]): r for r in before}
    gone: dict[str, str] = {}
    for record in after:
        child_id = str(record["id"])
        old = known.get(child_id)
        if record.get("deleted") and (old is None or not old.get("deleted")):
            gone[child_id] = str(old.get("first_name", "")) if old is not None else ""
    return gone


class DeletionOffers:
    """Children deleted by a sync whose earlier exports the window has yet to offer to delete."""

    def __init__(self, get: Callable[[str, Any], Any], put: Callable[[str, Any], None]) -> None:
        self._get = get
        self._put = put

    def pending(self) -> list[dict[str, str]]:
        """``{"id", "first_name"}`` of each child still to offer, in the order they were deleted."""
        kept = self._get(_META, []) or []
        return [dict(o) for o in kept if isinstance(o, dict) and isinstance(o.get("id"), str)]

    def add(self, gone: Mapping[str, str]) -> None:
        """Remember children deleted elsewhere (only those with a name: files are found by it)."""
        pending = self.pending()
        held = {o["id"] for o in pending}
        new = [{"id": cid, "first_name": name} for cid, name in gone.items() if name and cid not in held]
        if new:
            self._put(_META, [*pending, *new])

    def settled(self, child_id: str) -> None:
        """The teacher was asked about the child's files (or there were none): the name is forgotten."""
        pending = self.pending()
        left = [o for o in pending if o["id"] != child_id]
        if len(left) != len(pending):
            self._put(_META, left)
