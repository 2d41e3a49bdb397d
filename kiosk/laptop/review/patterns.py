"""Patterns over a date range: the heat map, a child's page and a center's page.

Every figure is counted from the kept choices (``review_choices``) and the class
(``ClassInfo``); nothing here ranks children or suggests where they should go.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from kiosk.laptop.review.definitions import ChoiceTimeKey, choice_times_of, full_choice_times, most_at_once
from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.ranges import DateRange, school_year_start, week_start

__all__ = [
    "CenterPage",
    "ChildPage",
    "HeatMap",
    "Run",
    "center_page",
    "child_page",
    "choice_days",
    "current_runs",
    "heat_map",
    "in_range",
    "longest_runs",
    "open_centers",
]

SLOT_MINUTES = 30


def in_range(choices: Iterable[ReviewChoice], rng: DateRange) -> list[ReviewChoice]:
    start, end = rng.start, rng.end
    return [c for c in choices if start <= c.day <= end]


def _by_name(ids: Iterable[str], name_of: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=lambda i: (name_of[i].casefold(), i)))


@dataclass(frozen=True)
class HeatMap:
    """Child × center counts; rows and columns list every live child and center.

    Choices of removed children or centers are not shown (they have no row or
    column), so ``total`` is the sum of the cells shown.
    """

    rng: DateRange
    child_ids: tuple[str, ...]
    center_ids: tuple[str, ...]
    counts: dict[tuple[str, str], int] = field(hash=False)
    child_names: dict[str, str] = field(hash=False)
    center_names: dict[str, str] = field(hash=False)

    def count(self, child_id: str, center_id: str) -> int:
        return self.counts.get((child_id, center_id), 0)

    @property
    def row_totals(self) -> dict[str, int]:
        totals = dict.fromkeys(self.child_ids, 0)
        for (child, _), n in self.counts.items():
            totals[child] += n
        return totals

    @property
    def column_totals(self) -> dict[str, int]:
        totals = dict.fromkeys(self.center_ids, 0)
        for (_, center), n in self.counts.items():
            totals[center] += n
        return totals

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def max_count(self) -> int:
        """The largest cell, for the colour scale (0 when nothing was chosen)."""
        return max(self.counts.values(), default=0)

    def rows(self) -> list[tuple[str, list[int]]]:
        """(child id, counts in column order) for each row in order."""
        return [(child, [self.count(child, c) for c in self.center_ids]) for child in self.child_ids]

    def sorted_by_child(self) -> HeatMap:
        """Rows in alphabetical order of first name."""
        return replace(self, child_ids=_by_name(self.child_ids, self.child_names))

    def sorted_by_center(self, center_id: str) -> HeatMap:
        """Rows by how often each child chose that center (most first), then by name."""
        names = self.child_names
        order = sorted(self.child_ids, key=lambda c: (-self.count(c, center_id), names[c].casefold(), c))
        return replace(self, child_ids=tuple(order))

    def sorted_by_total(self) -> HeatMap:
        """Columns by how often each center was chosen (most first), then by name."""
        totals, names = self.column_totals, self.center_names
        order = sorted(self.center_ids, key=lambda c: (-totals[c], names[c].casefold(), c))
        return replace(self, center_ids=tuple(order))

    def sorted_by_center_name(self) -> HeatMap:
        return replace(self, center_ids=_by_name(self.center_ids, self.center_names))


def heat_map(choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange) -> HeatMap:
    """Count each live child's choices of each live center in the range (one pass)."""
    start, end = rng.start, rng.end
    tally: Counter[tuple[str, str]] = Counter(
        (c.child_id, c.center_id) for c in choices if start <= c.day <= end
    )
    counts = {
        key: n for key, n in tally.items() if key[0] in info.children and key[1] in info.centers
    }
    child_names = {cid: child.first_name for cid, child in info.children.items()}
    center_names = {cid: center.name for cid, center in info.centers.items()}
    return HeatMap(
        rng=rng,
        child_ids=_by_name(child_names, child_names),
        center_ids=_by_name(center_names, center_names),
        counts=counts,
        child_names=child_names,
        center_names=center_names,
    )


def open_centers(choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange) -> list[str]:
    """Live centers that count as open in the range, by name.

    The laptop keeps no history of which centers were open on which day, so a
    center counts as open when anyone chose it in the range, or when it is open
    today (``open_today``) — a center closed all along and never chosen is not
    reported as "never tried".
    """
    chosen = {c.center_id for c in in_range(choices, rng)}
    ids = [cid for cid, center in info.centers.items() if cid in chosen or center.open_today]
    return list(_by_name(ids, {cid: info.center_name(cid) for cid in ids}))


def choice_days(choices: Iterable[ReviewChoice], child_id: str | None = None) -> list[tuple[date, frozenset[str]]]:
    """A child's choice-days in order, each with the centers chosen that day.

    With ``child_id`` None the choices are taken to be one child's already.
    """
    per_day: dict[date, set[str]] = {}
    for c in choices:
        if child_id is None or c.child_id == child_id:
            per_day.setdefault(c.day, set()).add(c.center_id)
    return [(day, frozenset(per_day[day])) for day in sorted(per_day)]


@dataclass(frozen=True)
class Run:
    """The same center on consecutive choice-days of one child within one school year.

    Days the child made no choice (absent, a holiday) do not break it; the start of a
    school year does (``ranges.school_year_start``): a summer is not "running".
    """

    center_id: str
    length: int
    first_day: date
    last_day: date


def longest_runs(days: Sequence[tuple[date, frozenset[str]]]) -> dict[str, Run]:
    """Per center, its longest run (the latest one when two are as long)."""
    best: dict[str, Run] = {}
    running: dict[str, tuple[int, date]] = {}
    year: date | None = None
    for day, centers in days:
        if school_year_start(day) != year:
            running, year = {}, school_year_start(day)
        running = {cid: (running[cid][0] + 1, running[cid][1]) if cid in running else (1, day) for cid in centers}
        for cid, (length, first) in running.items():
            if cid not in best or length >= best[cid].length:
                best[cid] = Run(cid, length, first, day)
    return best


def current_runs(days: Sequence[tuple[date, frozenset[str]]]) -> list[Run]:
    """Runs still going on the child's last choice-day (counted back from it, within its school year)."""
    if not days:
        return []
    last_day, centers = days[-1]
    year = school_year_start(last_day)
    runs = []
    for cid in sorted(centers):
        length, first = 0, last_day
        for day, chosen in reversed(days):
            if cid not in chosen or school_year_start(day) != year:
                break
            length, first = length + 1, day
        runs.append(Run(cid, length, first, last_day))
    return runs


@dataclass(frozen=True)
class ChildPage:
    """One child's choices in a range, as counts and facts (never a score).

    ``choice_times`` is how many of the class's choice times in the range
    (``class_choice_times``) the child chose in (or was placed by the teacher):
    "chose in 3 of 4 choice times".
    """

    child_id: str
    name: str
    rng: DateRange
    counts: tuple[tuple[str, int], ...]
    tried: tuple[str, ...]
    never_tried: tuple[str, ...]
    longest_run: Run | None
    friends: tuple[tuple[str, int], ...]
    days_present: int
    switches: int
    total: int
    choice_times: int = 0
    class_choice_times: int = 0


def _friend_days(
    choices: Sequence[ReviewChoice], child_id: str, window: timedelta
) -> Counter[str]:
    """Other children whose choice of the same center started within ``window``.

    Each pair counts once per day and center, however many times they met there.
    """
    groups: dict[tuple[date, str], list[ReviewChoice]] = {}
    for c in choices:
        groups.setdefault((c.day, c.center_id), []).append(c)
    met: set[tuple[date, str, str]] = set()
    for (day, center_id), group in groups.items():
        mine = [c.at for c in group if c.child_id == child_id]
        if not mine:
            continue
        for other in group:
            if other.child_id != child_id and any(abs(other.at - at) <= window for at in mine):
                met.add((day, center_id, other.child_id))
    return Counter(other for _, _, other in met)


def child_page(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    child_id: str,
    rng: DateRange,
    friend_window_min: float = 5,
) -> ChildPage:
    """Counts per center, centers tried and not, longest run, frequent companions."""
    ranged = in_range(choices, rng)
    own = [c for c in ranged if c.child_id == child_id]
    tally = Counter(c.center_id for c in own)
    counts = tuple(sorted(tally.items(), key=lambda kv: (-kv[1], info.center_name(kv[0]).casefold(), kv[0])))
    tried = tuple(cid for cid, _ in counts)
    never = tuple(cid for cid in open_centers(ranged, info, rng) if cid not in tally)
    runs = longest_runs(choice_days(own, child_id))
    ordered = sorted(
        runs.values(), key=lambda r: (-r.length, -r.last_day.toordinal(), info.center_name(r.center_id).casefold())
    )
    longest = ordered[0] if ordered else None
    met = _friend_days(ranged, child_id, timedelta(minutes=friend_window_min))
    friends = sorted(met.items(), key=lambda kv: (-kv[1], info.child_name(kv[0]).casefold(), kv[0]))[:5]
    return ChildPage(
        child_id=child_id,
        name=info.child_name(child_id),
        rng=rng,
        counts=counts,
        tried=tried,
        never_tried=never,
        longest_run=longest,
        friends=tuple(friends),
        days_present=len({c.day for c in own}),
        switches=sum(1 for c in own if c.switched),
        total=len(own),
        choice_times=len(choice_times_of(own)),
        class_choice_times=len(choice_times_of(ranged)),
    )


@dataclass(frozen=True)
class CenterPage:
    """One center over a range: when it was chosen, by whom, and when it was full.

    ``per_week`` and ``per_day`` list every week and day on which anyone chose
    anything (school days), so a 0 shows a quiet day rather than a holiday.
    ``by_slot`` counts choices by the 30-minute slot their time falls in.
    ``full_times`` are the choice times it was full in (``definitions.full_choice_times``),
    ``full_days`` their days.
    """

    center_id: str
    name: str
    rng: DateRange
    seats: int
    total: int
    per_week: tuple[tuple[date, int], ...]
    per_day: tuple[tuple[date, int], ...]
    by_slot: tuple[tuple[time, int], ...]
    children: tuple[tuple[str, int], ...]
    full_days: tuple[date, ...]
    full_times: tuple[ChoiceTimeKey, ...] = ()
    most: int = 0

    @property
    def times_full(self) -> int:
        return len(self.full_days)


def center_page(
    choices: Iterable[ReviewChoice], info: ClassInfo, center_id: str, rng: DateRange
) -> CenterPage:
    """Choices per week, per day and per half hour; the days the center filled up."""
    ranged = in_range(choices, rng)
    here = [c for c in ranged if c.center_id == center_id]
    school_days = sorted({c.day for c in ranged})
    per_day_count = Counter(c.day for c in here)
    per_week_count = Counter(week_start(c.day) for c in here)
    weeks = sorted({week_start(d) for d in school_days})
    slots = Counter(
        time(c.at.hour, c.at.minute - c.at.minute % SLOT_MINUTES) for c in here
    )
    center = info.centers.get(center_id)
    seats = center.seats if center else 0
    full = tuple(full_choice_times(here, center_id, seats))
    by_time: dict[ChoiceTimeKey, list[ReviewChoice]] = {}
    for c in here:
        by_time.setdefault((c.day, c.choice_time), []).append(c)
    children = sorted(
        Counter(c.child_id for c in here).items(),
        key=lambda kv: (-kv[1], info.child_name(kv[0]).casefold(), kv[0]),
    )
    return CenterPage(
        center_id=center_id,
        name=info.center_name(center_id),
        rng=rng,
        seats=seats,
        total=len(here),
        per_week=tuple((w, per_week_count.get(w, 0)) for w in weeks),
        per_day=tuple((d, per_day_count.get(d, 0)) for d in school_days),
        by_slot=tuple(sorted(slots.items())),
        children=tuple(children),
        full_days=tuple(sorted({day for day, _ in full})),
        full_times=full,
        most=max((most_at_once(group) for group in by_time.values()), default=0),
    )
