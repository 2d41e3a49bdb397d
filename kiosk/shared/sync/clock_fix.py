"""Putting choices under the right day when the kiosk's clock was wrong.

Most Raspberry Pis have no clock battery: after a power cut with no network the
wall clock restarts from an old time, and choices would be filed under a wrong day.
Every event also carries the boot it happened in (``boot_id``) and the monotonic
clock (``mono``, seconds since boot, never set back). At each sync the laptop sends
its own time, and the kiosk pairs it with its boot id and monotonic time: an
*anchor*. Then for any event of that boot, ``wall = anchor.wall + (mono -
anchor.mono)``. A boot with no anchor keeps its recorded times if they are
plausible; if its clock ran earlier than a choice already recorded, or earlier
than this software can have run (``EARLIEST_PLAUSIBLE``), its events are flagged
``clock_suspect`` for the teacher, never silently filed under a wrong day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, Protocol

from kiosk.shared.clock import EARLIEST_PLAUSIBLE
from kiosk.shared.sync.merge import EventFormatError
from kiosk.shared.text.i18n import Sentence

__all__ = [
    "ANCHORED",
    "AS_RECORDED",
    "CLOCK_SUSPECT",
    "ClockAnchor",
    "ClockProblem",
    "ClockedEvent",
    "Correction",
    "check_clock",
    "correct_walls",
    "parse_wall",
]

ANCHORED = "anchored"
AS_RECORDED = "as_recorded"
CLOCK_SUSPECT = "clock_suspect"


@dataclass(frozen=True)
class ClockAnchor:
    """A trusted time: the laptop's ``wall`` when the kiosk's boot read ``mono``."""

    boot_id: str
    mono: float
    wall: str

    @classmethod
    def from_dict(cls, value: Mapping[str, Any] | ClockAnchor) -> ClockAnchor:
        """An anchor as stored or sent (``boot_id``, ``mono``, ``wall``); KeyError/TypeError/ValueError if not one."""
        if isinstance(value, ClockAnchor):
            return value
        return cls(str(value["boot_id"]), float(value["mono"]), str(value["wall"]))


class Correction(NamedTuple):
    """An event's trusted time (``None`` when it cannot be known) and why."""

    event_id: str
    wall: str | None
    flag: str


@dataclass(frozen=True)
class ClockProblem:
    """The kiosk's clock looks wrong; ``message`` is for the teacher (a ``Sentence``, translated where shown)."""

    code: str
    message: str


def parse_wall(text: object) -> datetime:
    """An ISO 8601 time as an aware datetime (a time without offset is UTC)."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise EventFormatError(f"the time {text!r} is not readable") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ClockedEvent(Protocol):
    """What correcting a choice's time reads of it (a ``ChoiceEvent`` is one)."""

    @property
    def id(self) -> str: ...
    @property
    def kiosk_id(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def wall(self) -> str: ...
    @property
    def boot_id(self) -> str: ...
    @property
    def mono(self) -> float: ...


def _mono(event: ClockedEvent) -> float:
    value: object = event.mono
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EventFormatError(f"choice {event.id} has no monotonic time")
    return float(value)


def _nearest(anchors: list[ClockAnchor], mono: float) -> ClockAnchor:
    return min(anchors, key=lambda a: (abs(a.mono - mono), a.mono))


def correct_walls(
    events: Iterable[ClockedEvent],
    anchors: Iterable[ClockAnchor] = (),
    earliest: datetime = EARLIEST_PLAUSIBLE,
) -> list[Correction]:
    """Trusted times for one kiosk's events, in seq order (the input is not changed).

    A boot with anchors is corrected from the nearest one (``ANCHORED``). The other
    boots, in seq order, keep their recorded times (``AS_RECORDED``) unless one of
    their events is earlier than the latest trusted time before it, or than
    ``earliest``: then every event of that boot is ``CLOCK_SUSPECT`` with no time.
    """
    by_boot: dict[str, list[ClockAnchor]] = {}
    for anchor in anchors:
        by_boot.setdefault(anchor.boot_id, []).append(anchor)
    result: list[Correction] = []
    latest: datetime | None = None
    for run in _boot_runs(sorted(events, key=lambda e: (e.kiosk_id, e.seq, e.id))):
        boot_anchors = by_boot.get(run[0].boot_id)
        if boot_anchors:
            corrected, last = _anchored(run, boot_anchors)
            result.extend(corrected)
            latest = last if latest is None else max(latest, last)
            continue
        trusted = _as_recorded(run, earliest if latest is None else max(latest, earliest))
        if trusted is None:
            result.extend(Correction(event.id, None, CLOCK_SUSPECT) for event in run)
        else:
            result.extend(Correction(event.id, event.wall, AS_RECORDED) for event in run)
            latest = trusted
    return result


def _boot_runs(ordered: Iterable[ClockedEvent]) -> list[list[ClockedEvent]]:
    """Events in seq order cut into runs of one boot each."""
    runs: list[list[ClockedEvent]] = []
    for event in ordered:
        if runs and runs[-1][0].boot_id == event.boot_id:
            runs[-1].append(event)
        else:
            runs.append([event])
    return runs


def _anchored(run: list[ClockedEvent], anchors: list[ClockAnchor]) -> tuple[list[Correction], datetime]:
    """One boot's events corrected from their nearest anchors, and the latest of their times."""
    corrected: list[Correction] = []
    moments: list[datetime] = []
    for event in run:
        mono = _mono(event)
        anchor = _nearest(anchors, mono)
        offset = parse_wall(event.wall).tzinfo
        moment = parse_wall(anchor.wall) + timedelta(seconds=mono - anchor.mono)
        corrected.append(Correction(event.id, moment.astimezone(offset).isoformat(), ANCHORED))
        moments.append(moment)
    return corrected, max(moments)


def _as_recorded(run: list[ClockedEvent], mark: datetime) -> datetime | None:
    """The last recorded time of a boot without anchors if its times never go below ``mark``
    (the latest trusted time before it) nor back; None when the boot's clock is suspect."""
    for moment in (parse_wall(event.wall) for event in run):
        if moment < mark:
            return None
        mark = moment
    return mark


def check_clock(
    now_wall: str,
    *,
    last_event_wall: str | None = None,
    laptop_wall: str | None = None,
    tolerance_s: float = 300.0,
    earliest: datetime = EARLIEST_PLAUSIBLE,
) -> ClockProblem | None:
    """Whether the kiosk's clock is implausible right now, and why."""
    now = parse_wall(now_wall)
    if last_event_wall is not None and now < parse_wall(last_event_wall):
        return ClockProblem(
            "clock_behind_log",
            Sentence("The kiosk's clock is earlier than its last recorded choice (was the power cut?). "
                     "Choices will be checked at the next sync with the laptop."),
        )
    if now < earliest:
        return ClockProblem(
            "clock_before_software",
            Sentence("The kiosk's clock says {day}, before this software existed (was the power cut?). "
                     "Choices are kept and placed on the right day at the next sync with the laptop.",
                     day=now.date().isoformat()),
        )
    if laptop_wall is not None and abs((now - parse_wall(laptop_wall)).total_seconds()) > tolerance_s:
        return ClockProblem(
            "clock_far_from_laptop",
            Sentence("The kiosk's clock differs from the laptop's by more than {minutes} minutes; the laptop's "
                     "time is used to correct the choices.", minutes=round(tolerance_s / 60)),
        )
    return None
