"""Merging the setup edited in two places: the laptop and each kiosk.

Centers, children and settings are versioned records, so an edit on the laptop and
a badge enrolled on a kiosk both survive a sync. Every record is a dict with
``id``, ``rev`` (int, raised by one at each edit), ``edited_at`` (ISO 8601 time)
and ``edited_by`` (a kiosk id or ``"laptop"``). The rule (docs/SYNC.md):

1. a deleted record (``"deleted": true``, a *tombstone*) beats every live one:
   deleting a child is final, so a kiosk that missed the deletion can never bring
   the child's data back; a child who returns is added again under a new id;
2. a version nobody edited (``"seeded": true``: a kiosk's setup as loaded from
   its classroom file, which has no edit stamp of its own and is offered as
   "edited now") loses to any edited one: a class language the teacher set on
   the laptop before the first sync is not undone by the kiosk's starting values;
3. otherwise the later edit wins: the later ``edited_at`` (a hybrid logical
   clock stamp, kiosk/shared/sync/edit_stamps.py, compared as instants), then the higher
   ``rev``, then the laptop, then the lexically greater ``edited_by``, then
   (identical versions that still differ) the greater canonical JSON;
4. ``badges`` of two live versions are merged as a union, minus the badges listed
   in ``revoked_badges`` on either side (also a union), so a badge enrolled at a
   kiosk and a name corrected on the laptop both survive, and a lost badge the
   teacher took away stays away; the class settings' ``teacher_badges`` are a
   union too.

The rule is a total order plus set unions, so the result is the same whatever
the order and grouping of the merges.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kiosk.shared.text.errors import KioskError

__all__ = [
    "LAPTOP",
    "SEEDED",
    "ConfigFormatError",
    "LostEdit",
    "badge_clashes",
    "lost_edits",
    "merge_configs",
    "merge_record",
    "normalize_record",
    "tombstone",
]

LAPTOP = "laptop"
SEEDED = "seeded"
"""Marks a version nobody edited since it was loaded from a classroom file (rule 2)."""
_SET_FIELDS = ("badges", "revoked_badges", "teacher_badges")

Record = Mapping[str, Any]


class ConfigFormatError(KioskError, ValueError):
    """A setup record lacks its version fields, so it cannot be merged safely."""

    code = "sync_config_invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"A setup record received in a sync is not readable ({reason}); nothing was changed.",
            params={"reason": reason},
        )


def _instant(record: Record) -> datetime:
    text = record.get("edited_at")
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise ConfigFormatError(f"record {record.get('id')} has an unreadable edit time {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rank(record: Record) -> tuple[Any, ...]:
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise ConfigFormatError("a record has no id")
    rev, by = record.get("rev"), record.get("edited_by")
    if isinstance(rev, bool) or not isinstance(rev, int):
        raise ConfigFormatError(f"record {record['id']} has no revision number")
    if not isinstance(by, str) or not by:
        raise ConfigFormatError(f"record {record['id']} does not say where it was edited")
    content = {k: v for k, v in record.items() if k not in _SET_FIELDS}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (bool(record.get("deleted")), not record.get(SEEDED), _instant(record), rev, by == LAPTOP, by, canonical)


def normalize_record(record: Record) -> dict[str, Any]:
    """The record in merged form: badge sets sorted, revoked badges taken out.

    A tombstone keeps only its id and version, whatever else it carried.
    """
    if record.get("deleted"):
        return tombstone(
            str(record["id"]), rev=record["rev"], edited_at=record["edited_at"], edited_by=record["edited_by"]
        )
    result = {k: v for k, v in record.items() if k != "unsynced"}
    revoked = sorted({str(b) for b in record.get("revoked_badges", ())})
    if "badges" in record or revoked:
        result["badges"] = sorted({str(b) for b in record.get("badges", ())} - set(revoked))
    if revoked:
        result["revoked_badges"] = revoked
    return result


def tombstone(record_id: str, *, rev: int, edited_at: str, edited_by: str) -> dict[str, Any]:
    """A deletion: only the id and version stay, none of the child's data."""
    return {"id": record_id, "rev": rev, "edited_at": edited_at, "edited_by": edited_by, "deleted": True}


def merge_record(ours: Record, theirs: Record) -> dict[str, Any]:
    """Merge two versions of one record by the rule in the module docstring."""
    if ours.get("id") != theirs.get("id"):
        raise ValueError("merge_record merges two versions of the same record")
    winner, loser = (ours, theirs) if _rank(ours) >= _rank(theirs) else (theirs, ours)
    if winner.get("deleted") or loser.get("deleted"):
        return normalize_record(winner)
    merged = dict(winner)
    for name in _SET_FIELDS:
        values = {str(b) for b in winner.get(name, ())} | {str(b) for b in loser.get(name, ())}
        if values or name in winner or name in loser:
            merged[name] = sorted(values)
    if not merged.get("revoked_badges"):
        merged.pop("revoked_badges", None)
    return normalize_record(merged)


def merge_configs(*sides: Iterable[Record]) -> list[dict[str, Any]]:
    """Merge whole collections of records (e.g. the laptop's and a kiosk's children).

    Returns every record id found on any side, merged, sorted by id.
    """
    merged: dict[str, dict[str, Any]] = {}
    for side in sides:
        for record in side:
            _rank(record)
            held = merged.get(record["id"])
            merged[record["id"]] = normalize_record(record) if held is None else merge_record(held, record)
    return [merged[key] for key in sorted(merged)]


_STAMPS = ("rev", "edited_at", "edited_by", "base", "unsynced", SEEDED, *_SET_FIELDS)


@dataclass(frozen=True)
class LostEdit:
    """An edit that lost to a later one made without seeing it: the teacher is told which was kept."""

    record_id: str
    kept_by: str
    lost_by: str
    kept: dict[str, Any]
    lost: dict[str, Any]


def lost_edits(ours: Iterable[Record], theirs: Iterable[Record]) -> list[LostEdit]:
    """Live records edited on both sides where the winner's author had not seen the loser's edit.

    An edit made *from* the other version (its ``base`` is that version's stamp or
    later) replaced it knowingly and is no conflict; nor is a version without
    ``base`` (made before edits named their base). ``kept``/``lost`` hold only the
    fields that differ.
    """
    held = {r["id"]: r for r in ours}
    found = []
    for record in theirs:
        mine = held.get(record.get("id"))
        if mine is None or mine.get("deleted") or record.get("deleted"):
            continue
        winner, loser = (mine, record) if _rank(mine) >= _rank(record) else (record, mine)
        fields = sorted((set(winner) | set(loser)) - set(_STAMPS))
        kept = {f: winner.get(f) for f in fields if winner.get(f) != loser.get(f)}
        base = winner.get("base")
        if loser.get(SEEDED) or not kept or not base or _instant(loser) <= _instant(
            {"id": winner["id"], "edited_at": base}
        ):
            continue
        found.append(LostEdit(str(winner["id"]), str(winner["edited_by"]), str(loser["edited_by"]), kept,
                              {f: loser.get(f) for f in kept}))
    return found


def badge_clashes(records: Iterable[Record]) -> dict[str, list[str]]:
    """Badges that merged onto more than one live record, with those records' ids.

    Two kiosks (or a kiosk and the laptop) can enrol one badge to two children
    before they sync; the merge keeps both, and the teacher picks the right child.
    """
    owners: dict[str, set[str]] = {}
    for record in records:
        if not record.get("deleted"):
            for badge in record.get("badges", ()):
                owners.setdefault(str(badge), set()).add(str(record["id"]))
    return {badge: sorted(ids) for badge, ids in sorted(owners.items()) if len(ids) > 1}
