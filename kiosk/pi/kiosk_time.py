"""The kiosk's best time now, and what it knows of its clock's corrections (kiosk/pi/kiosk_day.py uses them).

Its own clock is used as it is, unless a laptop's time from a sync in this boot (an
anchor, moved on by the monotonic clock) says it is more than 5 minutes wrong: then
the anchored time is. When the wall clock jumps within a boot (the network's time
came back, the teacher set it), the kiosk keeps one reading of the corrected clock for
that boot in its setup (meta ``clock_readings``), so after a later restart the entries
made before the jump are still placed on the right day. One small write per jump,
none otherwise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from kiosk.pi.kiosk_day import Reading
from kiosk.pi.storage.interfaces import SetupStore
from kiosk.shared.clock import Clock
from kiosk.shared.files.errors import StorageError
from kiosk.shared.sync.clock_fix import ClockAnchor, parse_wall

__all__ = ["JUMP_S", "KioskTime"]

#: A change of the wall clock against the monotonic one larger than this is a jump.
JUMP_S = 30.0
_TOLERANCE = timedelta(minutes=5)  # as ``check_clock``: a kiosk this close to the laptop keeps its own clock
_KEEP_READINGS = 20


def _reading(value: Any) -> Reading | None:
    try:
        anchor = ClockAnchor.from_dict(value)
        return Reading(anchor.boot_id, anchor.mono, parse_wall(anchor.wall))
    except (KeyError, TypeError, ValueError):
        return None


class KioskTime:
    """Best time, anchors and kept readings of one kiosk; call on the storage's owner thread."""

    def __init__(self, clock: Clock, config: SetupStore, last_entry: Callable[[], Reading | None]) -> None:
        self._clock = clock
        self._config = config
        self._last_entry = last_entry
        self._offset: float | None = None
        self._boot = ""
        self.generation = 0  # moves when what places the entries changed: a jump, an anchor, a reading

    def anchors(self) -> list[Reading]:
        """The laptop's times for this kiosk's boots (meta ``sync_anchors``)."""
        found = (_reading(a) for a in self._config.get_meta("sync_anchors", []) or [])
        return [a for a in found if a is not None]

    def readings(self) -> list[Reading]:
        """The kiosk's own readings after clock jumps (meta ``clock_readings``)."""
        found = (_reading(r) for r in self._config.get_meta("clock_readings", []) or [])
        return [r for r in found if r is not None]

    def now(self) -> Reading:
        """The best time now, as a reading of the running boot (noticing a jump of the wall clock)."""
        raw, mono, boot = self._clock.now(), self._clock.monotonic(), self._clock.boot_id
        self._notice(raw, mono, boot)
        mine = [a for a in self.anchors() if a.boot_id == boot]
        best = raw
        if mine:
            anchored = max(mine, key=lambda a: a.mono).at(mono)
            if abs(anchored - raw) > _TOLERANCE:
                best = anchored.astimezone(raw.tzinfo)
        return Reading(boot, mono, best)

    def key(self) -> tuple[int, int]:
        """What today's placing depends on besides the date: jumps seen and anchors held."""
        return self.generation, len(self._config.get_meta("sync_anchors", []) or [])

    def _notice(self, raw: datetime, mono: float, boot: str) -> None:
        offset = raw.timestamp() - mono
        if boot != self._boot:
            self._boot, self._offset = boot, self._baseline(boot)
            self.generation += 1
        if self._offset is None:
            self._offset = offset
            return
        if abs(offset - self._offset) <= JUMP_S:
            return
        self._offset = offset
        self.generation += 1
        kept = [r for r in self._config.get_meta("clock_readings", []) or [] if isinstance(r, dict)]
        kept = [r for r in kept if r.get("boot_id") != boot][-(_KEEP_READINGS - 1):]
        with contextlib.suppress(StorageError):  # only a help for a later restart; the choices are safe
            self._config.put_meta("clock_readings", [*kept, {"boot_id": boot, "mono": mono, "wall": raw.isoformat()}])

    def _baseline(self, boot: str) -> float | None:
        """This boot's clock as last seen: a kept reading, else the newest entry if it is of this boot."""
        kept = [r for r in self.readings() if r.boot_id == boot]
        last = self._last_entry()
        if last is not None and last.boot_id == boot:
            kept.append(last)
        if not kept:
            return None
        newest = max(kept, key=lambda r: r.mono)
        return newest.wall.timestamp() - newest.mono
