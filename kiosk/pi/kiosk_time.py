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
_REREAD_S = 1.0


def _reading(value: Any) -> Reading | None:
    try:
        anchor = ClockAnchor.from_dict(value)
        return Reading(anchor.boot_id, anchor.mono, parse_wall(anchor.wall))
    except (KeyError, TypeError, ValueError):
        return None


class KioskTime:
    """Best time, anchors and kept readings of one kiosk; call on the storage thread."""

    def __init__(self, clock: Clock, config: SetupStore, last_entry: Callable[[], Reading | None]) -> None:
        self._clock = clock
        self._config = config
        self._last_entry = last_entry
        self._offset: float | None = None
        self._boot = ""
        self._kept: tuple[float, list[Reading], list[Reading]] | None = None  # read at, anchors, readings
        self._anchor_of: tuple[list[Reading], str, Reading | None] | None = None
        self.generation = 0  # moves when what places the entries changed: a jump, an anchor, a reading

    def _meta(self) -> tuple[list[Reading], list[Reading]]:
        """Anchors and readings as saved, read again at most once a second (the screens ask often)."""
        mono = self._clock.monotonic()
        if self._kept is None or not 0 <= mono - self._kept[0] < _REREAD_S:
            anchors = [a for a in map(_reading, self._config.get_meta("sync_anchors", []) or []) if a is not None]
            readings = [r for r in map(_reading, self._config.get_meta("clock_readings", []) or []) if r is not None]
            if self._kept is not None and anchors[-1:] != self._kept[1][-1:]:
                self.generation += 1  # a sync brought an anchor: place the entries again
            self._kept = (mono, anchors, readings)
        return self._kept[1], self._kept[2]

    def anchors(self) -> list[Reading]:
        """The laptop's times for this kiosk's boots (meta ``sync_anchors``)."""
        return self._meta()[0]

    def readings(self) -> list[Reading]:
        """The kiosk's own readings after clock jumps (meta ``clock_readings``)."""
        return self._meta()[1]

    def now(self) -> Reading:
        """The best time now, as a reading of the running boot (noticing a jump of the wall clock)."""
        raw, mono, boot = self._clock.now(), self._clock.monotonic(), self._clock.boot_id
        self._notice(raw, mono, boot)
        anchor = self._own_anchor(boot)
        best = raw
        if anchor is not None:
            anchored = anchor.at(mono)
            if abs(anchored - raw) > _TOLERANCE:
                best = anchored.astimezone(raw.tzinfo)
        return Reading(boot, mono, best)

    def _own_anchor(self, boot: str) -> Reading | None:
        """This boot's newest anchor, found once per reading of the setup."""
        anchors = self.anchors()
        if self._anchor_of is None or self._anchor_of[0] is not anchors or self._anchor_of[1] != boot:
            mine = [a for a in anchors if a.boot_id == boot]
            self._anchor_of = (anchors, boot, max(mine, key=lambda a: a.mono) if mine else None)
        return self._anchor_of[2]

    def key(self) -> int:
        """What today's placing depends on besides the date: jumps seen and anchors arrived."""
        self._meta()
        return self.generation

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
        self._kept = None

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
