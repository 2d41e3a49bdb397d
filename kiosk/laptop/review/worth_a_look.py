"""'Worth a look': a few plain observations for the teacher's own judgement.

Each one states a fact about the records ("Ann has not tried Lego Stories in 4
weeks") and links to the child's or center's page. Nothing is scored, ranked or
recommended: what to make of it is the teacher's call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.patterns import current_runs
from kiosk.laptop.review.ranges import DateRange, last_weeks
from kiosk.shared.text.i18n import Sentence, counted_sentence

__all__ = ["KINDS", "PAGE", "Observation", "as_of", "worth_a_look"]

KINDS = ("nobody_chose", "same_center", "not_tried")
#: How many observations the tab shows before "Show all": the list itself is never cut.
PAGE = 12


@dataclass(frozen=True)
class Observation:
    """One line of 'Worth a look'; ``sort_key`` gives the list its stable order.

    ``rng`` is the range the line speaks of (the 4 weeks, the run, the quiet
    days): its page opens on that range.
    """

    kind: str
    text: Sentence
    """English as it stands; the window translates it (``tr(observation.text)``) into the class's language."""
    child_id: str | None
    center_id: str | None
    sort_key: tuple[object, ...]
    rng: DateRange | None = None


def _name_key(name: str, ident: str) -> tuple[str, str]:
    return (name.casefold(), ident)


_Days = dict[str, dict[date, set[str]]]


def _by_child_day(choices: Iterable[ReviewChoice], today: date) -> _Days:
    """child id → day → centers chosen, up to today: one pass over the choices."""
    pairs: dict[tuple[str, date], set[str]] = {}
    for c in choices:
        if c.day <= today:
            pairs.setdefault((c.child_id, c.day), set()).add(c.center_id)
    per_child: _Days = {}
    for (child_id, day), centers in pairs.items():
        per_child.setdefault(child_id, {})[day] = centers
    return per_child


def _not_tried(
    per_child: _Days,
    info: ClassInfo,
    school_days: list[date],
    today: date,
    weeks: int,
    min_present_days: int,
) -> list[Observation]:
    """Open centers a child present in the window did not choose in it.

    Only said once the records cover the whole window (the first school day in
    them falls in the window's first week), so a new year does not read as "never".
    Open means chosen by anyone in the window or open today (see ``open_centers``).
    """
    window = last_weeks(today, weeks)
    if not school_days or school_days[0] > window.start + timedelta(days=6):
        return []
    tried: dict[str, set[str]] = {}
    present: dict[str, int] = {}
    for child_id, per_day in per_child.items():
        for day, centers in per_day.items():
            if day in window:
                tried.setdefault(child_id, set()).update(centers)
                present[child_id] = present.get(child_id, 0) + 1
    chosen = set().union(*tried.values())
    opened = [
        cid
        for cid in sorted(info.centers, key=lambda i: (info.center_name(i).casefold(), i))
        if cid in chosen or info.centers[cid].open_today
    ]
    found: list[Observation] = []
    for child_id in info.children:
        if present.get(child_id, 0) < max(1, min_present_days):
            continue
        name = info.child_name(child_id)
        missing = [cid for cid in opened if cid not in tried[child_id]]
        for nth, center_id in enumerate(missing):
            found.append(
                Observation(
                    "not_tried",
                    counted_sentence("{child} has not tried {center} in 1 week",
                                     "{child} has not tried {center} in {count} weeks",
                                     weeks, child=name, center=info.center_name(center_id)),
                    child_id,
                    center_id,
                    (nth, *_name_key(name, child_id), info.center_name(center_id).casefold()),
                    window,
                )
            )
    return found


def _same_center(per_child: _Days, info: ClassInfo, school_days: list[date], same_days: int) -> list[Observation]:
    """A run of one center over a child's choice-days still going at the end of the records.

    "At the end" means the child's last choice-day is one of the last two school days.
    """
    recent = set(school_days[-2:])
    found: list[Observation] = []
    for child_id in info.children:
        per_day = per_child.get(child_id, {})
        days = [(day, frozenset(per_day[day])) for day in sorted(per_day)]
        if not days or days[-1][0] not in recent:
            continue
        runs = [r for r in current_runs(days) if r.length >= same_days and r.center_id in info.centers]
        if not runs:
            continue
        run = min(runs, key=lambda r: (-r.length, info.center_name(r.center_id).casefold()))
        name = info.child_name(child_id)
        found.append(
            Observation(
                "same_center",
                counted_sentence("{child} chose {center} 1 day running", "{child} chose {center} {count} days running",
                                 run.length, child=name, center=info.center_name(run.center_id)),
                child_id,
                run.center_id,
                (-run.length, *_name_key(name, child_id)),
                DateRange(run.first_day, run.last_day),
            )
        )
    return found


def _nobody_chose(per_child: _Days, info: ClassInfo, school_days: list[date], quiet_days: int) -> list[Observation]:
    """Centers open today that nobody chose on the last ``quiet_days`` school days."""
    if quiet_days < 1 or len(school_days) < quiet_days:
        return []
    recent = set(school_days[-quiet_days:])
    chosen: set[str] = set()
    for per_day in per_child.values():
        for day in recent & per_day.keys():
            chosen |= per_day[day]
    def said(center: str) -> Sentence:
        if quiet_days == 5:
            return Sentence("Nobody chose {center} this week", center=center)
        return counted_sentence("Nobody chose {center} in the last school day",
                                "Nobody chose {center} in the last {count} school days", quiet_days, center=center)

    return [
        Observation(
            "nobody_chose",
            said(center.name),
            None,
            cid,
            _name_key(center.name, cid),
            DateRange(school_days[-quiet_days], school_days[-1]),
        )
        for cid, center in info.centers.items()
        if center.open_today and cid not in chosen
    ]


def as_of(choices: Iterable[ReviewChoice], today: date) -> date | None:
    """The day 'Worth a look' speaks as of: the last day with choices on or before today.

    A folder whose last choice is months old is looked at as it stood then (and the
    tab says which day that is), never as four empty weeks.
    """
    return max((c.day for c in choices if c.day <= today), default=None)


def worth_a_look(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    today: date,
    *,
    not_tried_weeks: int = 4,
    same_days: int = 10,
    quiet_days: int = 5,
    min_present_days: int = 3,
    limit: int | None = None,
) -> list[Observation]:
    """Every observation up to ``today`` (or the first ``limit``), taking turns between the kinds.

    "School days" are the days on which anyone chose anything; the weeks "not tried"
    looks back over end on the last of them (:func:`as_of`). Within a kind the order
    is fixed by the records and names, so the same data gives the same list, and its
    first :data:`PAGE` are what the tab shows before "Show all".
    """
    per_child = _by_child_day(choices, today)
    school_days = sorted({day for per_day in per_child.values() for day in per_day})
    last = school_days[-1] if school_days else today
    kinds = [
        _nobody_chose(per_child, info, school_days, quiet_days),
        _same_center(per_child, info, school_days, same_days),
        _not_tried(per_child, info, school_days, last, not_tried_weeks, min_present_days),
    ]
    turns = sorted(
        (
            (position, rank, obs)
            for rank, found in enumerate(kinds)
            for position, obs in enumerate(sorted(found, key=lambda o: o.sort_key))
        ),
        key=lambda t: (t[0], t[1]),
    )
    return [obs for _, _, obs in (turns if limit is None else turns[: max(0, limit)])]
