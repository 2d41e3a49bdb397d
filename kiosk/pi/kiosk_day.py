"""What "today" holds on a kiosk, whatever its wall clock did: each entry placed on the present timeline.

A Pi without a clock battery may record a morning's choices at 1970 or 2038 and be put
right at noon (the network came back, or the teacher set the clock), in the same boot
or across a restart. The ``day`` stamped on each entry is then wrong for some of them,
so "today" is not read from it. What the kiosk knows better:

* its own log is in the order things happened (``seq``);
* within one boot the monotonic clock never jumps: an entry of the running boot
  happened ``now.mono - entry.mono`` seconds ago, whatever the wall clock said then;
* an earlier boot's entries are placed by that boot's laptop anchors (real time from a
  sync), else by the latest reading of that boot's own clock (its newest entry, or a
  reading the kiosk kept when it saw its clock jump), which is the clock as it was
  last put right;
* nothing of an earlier boot happened after the running boot began, nor before this
  software existed (``EARLIEST_PLAUSIBLE``): such a time is unknown, not trusted.

Today then begins at the first entry known to lie between today's midnight and now,
and runs to the end of the log: an entry recorded after one of today is of today too.
Pure functions over plain values; :mod:`kiosk.pi.today_board` reads the log for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from kiosk.shared.clock import EARLIEST_PLAUSIBLE
from kiosk.shared.sync.clock_fix import parse_wall

__all__ = ["BOOT_SLACK", "DayView", "Reading", "Stamped", "today_view"]

#: An earlier boot's entry may seem this much later than the running boot's start (a
#: clock a little fast, the kernel's monotonic clock starting a little late) and still count.
BOOT_SLACK = timedelta(minutes=5)


class Stamped(Protocol):
    """What the timeline needs of an entry (a ``ChoiceEvent`` has it)."""

    @property
    def boot_id(self) -> str: ...

    @property
    def mono(self) -> float: ...

    @property
    def wall(self) -> str: ...


@dataclass(frozen=True)
class Reading:
    """One moment of one boot: its monotonic seconds and the wall time they were."""

    boot_id: str
    mono: float
    wall: datetime

    def at(self, mono: float) -> datetime:
        """The wall time of another moment of the same boot."""
        return self.wall + timedelta(seconds=mono - self.mono)


@dataclass(frozen=True)
class DayView:
    """Today's part of a stretch of the log.

    ``start`` is the index of today's first entry (``len`` of the stretch if none);
    ``times`` the time of each entry from ``start`` on, on the present timeline;
    ``reaches_back`` whether the stretch begins with an entry known to be before today
    (else an older entry might still be of today: read further back).
    """

    start: int
    times: tuple[datetime, ...]
    reaches_back: bool


def _latest_by_boot(entries: Sequence[Stamped], readings: Iterable[Reading]) -> dict[str, Reading]:
    """Per boot, the latest reading of its own clock: a kept reading or its newest entry."""
    latest: dict[str, Reading] = {}
    for reading in readings:
        if reading.boot_id not in latest or reading.mono >= latest[reading.boot_id].mono:
            latest[reading.boot_id] = reading
    for entry in entries:
        known = latest.get(entry.boot_id)
        if known is None or entry.mono >= known.mono:
            try:
                latest[entry.boot_id] = Reading(entry.boot_id, entry.mono, parse_wall(entry.wall))
            except ValueError:
                continue
    return latest


def _time_of(
    entry: Stamped, now: Reading, anchors: Mapping[str, Sequence[Reading]], latest: Mapping[str, Reading]
) -> datetime | None:
    """The entry's time on the present timeline, or None when it cannot be trusted."""
    if entry.boot_id == now.boot_id:
        return now.at(entry.mono)
    boot_anchors = anchors.get(entry.boot_id)
    if boot_anchors:
        nearest = min(boot_anchors, key=lambda a: (abs(a.mono - entry.mono), a.mono))
        moment = nearest.at(entry.mono)
    else:
        reading = latest.get(entry.boot_id)
        if reading is None:
            return None
        moment = reading.at(entry.mono)
    boot_start = now.at(0.0)
    if moment > boot_start + BOOT_SLACK or moment < EARLIEST_PLAUSIBLE:
        return None  # after this boot began, or before this software existed: the clock was wrong
    return moment


def today_view(
    entries: Sequence[Stamped],
    now: Reading,
    anchors: Iterable[Reading] = (),
    readings: Iterable[Reading] = (),
) -> DayView:
    """Which of ``entries`` (a stretch of the log ending at its newest entry, in seq order) are today's.

    ``now`` is the kiosk's best time now; ``anchors`` the laptop's times for this
    kiosk's boots; ``readings`` times this kiosk's own clock gave when it saw its clock
    jump. An entry whose time cannot be trusted but that lies between two of today is
    given the time of the next trusted one (at the latest the running boot's start), so
    a switching wait measured from it is never too short.
    """
    by_boot: dict[str, list[Reading]] = {}
    for anchor in anchors:
        by_boot.setdefault(anchor.boot_id, []).append(anchor)
    latest = _latest_by_boot(entries, readings)
    midnight = now.wall.replace(hour=0, minute=0, second=0, microsecond=0)
    times = [_time_of(entry, now, by_boot, latest) for entry in entries]
    start = next(
        (i for i, t in enumerate(times) if t is not None and midnight <= t <= now.wall + BOOT_SLACK), len(entries)
    )
    reaches_back = bool(times) and times[0] is not None and times[0] < midnight
    placed: list[datetime] = []
    bound = now.wall
    for index in range(len(entries) - 1, start - 1, -1):
        moment = times[index]
        if moment is None:
            moment = bound if entries[index].boot_id == now.boot_id else min(bound, now.at(0.0))
        placed.append(moment)
        bound = min(bound, moment)
    placed.reverse()
    return DayView(start, tuple(placed), reaches_back)
