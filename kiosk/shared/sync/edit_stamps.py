"""When an edit of the class setup was made: a hybrid logical clock, so a wrong wall clock cannot win forever.

Concurrent edits of one record are settled by the later edit (docs/SYNC.md). "Later"
is judged by each edit's ``edited_at``, a stamp that is the best time the editing
side has — the laptop's clock, or on a kiosk its clock corrected from the last sync
anchor of this boot — but never earlier than just after the newest stamp that side
has seen. So a kiosk that woke at 1970 stamps its edits just after the last edit it
synced (a later laptop edit beats them), and a kiosk at 2038, once its stamps are
seen, pushes every later edit past 2038 rather than winning for twelve years.

Each edit also names the stamp of the version it was made from (``base``): an edit
that lost without its author having seen the winner is a real conflict, shown to the
teacher (:func:`kiosk.shared.sync.config_merge.lost_edits`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.shared.clock import Clock
from kiosk.shared.sync.clock_fix import ClockAnchor, parse_wall

__all__ = ["EditStamper", "best_now", "latest_stamp", "next_stamp"]

_TICK = timedelta(microseconds=1)


def next_stamp(now: datetime, seen: Iterable[str | None]) -> str:
    """``now`` in UTC, or one microsecond after the newest stamp in ``seen`` if that is later."""
    moment = now.astimezone(UTC)
    newest = latest_stamp(seen)
    if newest is not None:
        moment = max(moment, parse_wall(newest).astimezone(UTC) + _TICK)
    return moment.isoformat(timespec="microseconds")


def latest_stamp(stamps: Iterable[str | None]) -> str | None:
    """The newest readable stamp (compared as instants), or None."""
    best: tuple[datetime, str] | None = None
    for stamp in stamps:
        if not stamp:
            continue
        try:
            moment = parse_wall(stamp)
        except ValueError:
            continue
        if best is None or moment > best[0]:
            best = (moment, stamp)
    return None if best is None else best[1]


def best_now(clock: Clock, anchors: Iterable[Mapping[str, Any] | ClockAnchor]) -> datetime:
    """The kiosk's best idea of the time: the last anchor of this boot moved on by the monotonic
    clock, else its clock."""
    mine = [a for a in (_anchor(x) for x in anchors) if a is not None and a.boot_id == clock.boot_id]
    if not mine:
        return clock.now()
    anchor = max(mine, key=lambda a: a.mono)
    return parse_wall(anchor.wall) + timedelta(seconds=clock.monotonic() - anchor.mono)


def _anchor(value: Mapping[str, Any] | ClockAnchor) -> ClockAnchor | None:
    try:
        return ClockAnchor.from_dict(value)
    except (KeyError, TypeError, ValueError):
        return None


class EditStamper:
    """Stamps a kiosk's own edits: ``(edited_at, edited_by)`` for the config store."""

    def __init__(
        self,
        clock: Clock,
        editor: Callable[[], str],
        anchors: Callable[[], Iterable[Mapping[str, Any]]],
        seen: Callable[[], Iterable[str | None]],
    ) -> None:
        self._clock = clock
        self._editor = editor
        self._anchors = anchors
        self._seen = seen

    def __call__(self) -> tuple[str, str]:
        return next_stamp(best_now(self._clock, self._anchors()), self._seen()), self._editor()
