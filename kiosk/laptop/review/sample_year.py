"""A deterministic school year of choices, to test and time the review at full size.

30 children, 12 centers, two kiosks and about 190 school days: children switch,
the teacher undoes and moves, some children stick to one center and one center is
rarely chosen, just as a real class's year looks to the laptop.
"""

from __future__ import annotations

import heapq
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from kiosk.shared.domain import ChoiceEvent, EventKind, Method
from kiosk.shared.sync.setup_record_types import CenterRecord, ChildRecord

__all__ = [
    "CENTER_NAMES", "CHILD_NAMES", "RARE_CENTER", "generate_school_year", "generate_years", "last_school_day_before",
    "term_starts",
]

CHILD_NAMES = (
    "Ann", "Ben", "Zoë", "Søren", "José", "Chloé", "Amara", "Björn", "Mía", "Renée",
    "Kai", "Lena", "Omar", "Priya", "Sam", "Tomás", "Yuki", "Noah", "Ella", "Ivan",
    "Fatima", "Leo", "Maya", "Oscar", "Ruby", "Théo", "Aisha", "Finn", "Łucja", "D'Andre",
)
CENTER_NAMES = (
    ("Lego Stories", "build a story with a beginning, middle and end"),
    ("Painting", "mix colours and paint what you see"),
    ("Puppets", "tell a story with a friend using voices"),
    ("Mystery Plate", "practice ways to make 5 and 10"),
    ("Library Nook", "read pictures and words with a friend"),
    ("Science Table", "look closely and say what you notice"),
    ("Blocks", "build tall, wide and strong"),
    ("Writing Desk", "write a letter or a list"),
    ("Playdough", "squeeze, roll and shape"),
    ("Tienda Nuñez", "buy and sell with coins, count the change"),
    ("Sand & Water", "fill, pour and measure"),
    ("Math Games", "play a game with numbers, take turns"),
)
RARE_CENTER = "c08"
COLOURS = (
    "#e63946", "#f4a261", "#2a9d8f", "#264653", "#8ecae6", "#ffb703",
    "#6a4c93", "#90be6d", "#d62f8f", "#8d5524", "#577590", "#b5838d",
)
#: Pictures bundled in assets/pictures, so the generated class looks like a real one.
AVATARS = (
    "bear", "bee", "butterfly", "cat", "crab", "dog", "dolphin", "duck", "elephant", "flamingo", "fox", "frog",
    "giraffe", "hamster", "hedgehog", "hippo", "kangaroo", "koala", "ladybug", "lion", "llama", "monkey",
    "octopus", "otter", "owl", "panda", "parrot", "penguin", "rabbit", "sloth", "snail", "tiger", "turtle",
    "unicorn", "whale", "zebra",
)
CENTER_PICTURES = (  # in the order of CENTER_NAMES: a brick for Lego, a crane for Blocks, a cart for the shop
    "blocks", "art", "dramatic-play", "mystery-plate", "library", "science", "crane", "writing", "clay",
    "shop", "sand-water", "games",
)
KIOSKS = ("kiosk-a", "kiosk-b")
STICKERS = 3
SESSION_STARTS = (
    (),
    (time(9, 30),),
    (time(9, 30), time(13, 30)),
    (time(9, 0), time(11, 0), time(13, 30)),
    (time(8, 45), time(10, 30), time(13, 0), time(14, 30)),
)
SESSION_MINUTES = 45


def _us_offset(day: date) -> timezone:
    """US Eastern time: daylight time from the 2nd Sunday of March to the 1st Sunday of November."""
    march = date(day.year, 3, 8)
    november = date(day.year, 11, 1)
    dst_start = march + timedelta(days=(6 - march.weekday()) % 7)
    dst_end = november + timedelta(days=(6 - november.weekday()) % 7)
    return timezone(timedelta(hours=-4 if dst_start <= day < dst_end else -5))


def _school_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    winter = (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)
    spring = day.month == 4 and 6 <= day.day <= 10
    return not (winter or spring)


def _summer(day: date) -> bool:
    return (day.month == 6 and day.day > 19) or day.month in (7, 8)


def _school_days(start: date, end: date | None = None) -> list[date]:
    """School days from ``start``: to 19 June, or through ``end`` (summers left out)."""
    last = end or (date(start.year + 1, 6, 19) if start.month >= 7 else date(start.year, 6, 19))
    days = [start + timedelta(days=n) for n in range((last - start).days + 1)]
    return [d for d in days if _school_day(d) and (end is None or not _summer(d))]


def last_school_day_before(today: date) -> date:
    """The school day before ``today`` (weekends, breaks and summer skipped)."""
    day = today - timedelta(days=1)
    while not _school_day(day) or _summer(day):
        day -= timedelta(days=1)
    return day


def term_starts(first: date, last: date) -> list[date]:
    """The first school day of each quarter (from 1 September, 1 November, 1 February, 15 April) in [first, last]."""
    found = []
    for year in range(first.year - 1, last.year + 1):
        for month, day in ((9, 1), (11, 1), (2, 1), (4, 15)):
            start = date(year + (month < 8), month, day)
            while not _school_day(start):
                start += timedelta(days=1)
            if first <= start <= last:
                found.append(start)
    return sorted(found)


@dataclass(frozen=True)
class _Log:
    """Events in time order; each kiosk numbers its own entries and reboots every morning."""

    chance: random.Random
    target: int
    events: list[ChoiceEvent] = field(default_factory=list)
    seqs: dict[str, int] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return len(self.events) >= self.target

    def add(self, kiosk: str, moment: datetime, child: str, center: str | None, kind: str, method: str,
            ref: str | None = None, mark: str | None = None) -> str:
        event_id = f"{self.chance.getrandbits(128):032x}"
        if not self.full:
            seq = self.seqs.get(kiosk, 0) + 1
            self.seqs[kiosk] = seq
            boot = datetime.combine(moment.date(), time(7, 45), tzinfo=moment.tzinfo)
            self.events.append(ChoiceEvent(
                id=event_id, kiosk_id=kiosk, seq=seq, child_id=child, center_id=center,
                kind=EventKind(kind), method=Method(method), wall=moment.isoformat(timespec="milliseconds"),
                day=moment.date().isoformat(), boot_id=f"{kiosk}-{moment.date().isoformat()}",
                mono=round((moment - boot).total_seconds() + 12.5, 3), ref=ref, choice_time=mark,
            ))
        return event_id


@dataclass(frozen=True)
class _Class:
    """The class's setup and each child's taste, fixed for the year."""

    chance: random.Random
    centers: list[CenterRecord]
    weights: dict[str, list[float]]
    favourite: dict[str, str]
    absence: dict[str, float]
    kiosks: tuple[str, ...] = KIOSKS


def _pick(cls: _Class, child: str, places: dict[str, str], avoid: str | None) -> str | None:
    """A center with a seat left, by the child's own taste (sticky children mostly their favourite)."""
    taken: dict[str, int] = {}
    for center in places.values():
        taken[center] = taken.get(center, 0) + 1
    free = [(c["id"], w) for c, w in zip(cls.centers, cls.weights[child], strict=True)
            if c["id"] != avoid and taken.get(c["id"], 0) < c["seats"]]
    if not free:
        return None
    favourite = cls.favourite.get(child)
    if favourite and any(cid == favourite for cid, _ in free) and cls.chance.random() < 0.75:
        return favourite
    return str(cls.chance.choices([cid for cid, _ in free], weights=[w for _, w in free])[0])


def _after_choice(cls: _Class, child: str, moment: datetime, end: datetime) -> tuple[datetime, str] | None:
    """What a child does next after a choice, and when: an undo, a teacher's move, another choice
    (children without a favourite switch often), leaving before the end, or staying put (None)."""
    chance = cls.chance
    roll = chance.random()
    if roll < 0.03:
        return moment + timedelta(seconds=chance.uniform(20, 90)), "undo"
    if roll < 0.05:
        return moment + timedelta(minutes=chance.uniform(4, 15)), "move"
    if child not in cls.favourite and roll < 0.62:
        return moment + timedelta(minutes=chance.uniform(10, 25)), "choose"
    if chance.random() < 0.3:
        leave = end - timedelta(seconds=chance.uniform(5, 300))
        return max(moment + timedelta(minutes=5), leave), "leave"
    return None


def _undo(
    log: _Log, moment: datetime, child: str, places: dict[str, str], last: tuple[str, str, str | None]
) -> None:
    """The teacher undoes the child's last choice (``last``: its id, kiosk and the place before it), at its kiosk."""
    event_id, kiosk, previous = last
    log.add(kiosk, moment, child, places[child], "undone", "teacher", ref=event_id)
    if previous is None:
        places.pop(child, None)
    else:
        places[child] = previous


def _session(cls: _Class, log: _Log, start: datetime, present: list[str], recorded: bool = False) -> None:
    """One choice time: first choices, switches after 10+ minutes, undos, moves, some "left"; ``recorded``:
    opened and ended by the teacher at the first kiosk (entries about the whole class)."""
    chance = cls.chance
    end = start + timedelta(minutes=SESSION_MINUTES)
    if recorded:
        log.add(cls.kiosks[0], start - timedelta(seconds=30), "*", None, "left", "teacher", mark="opened")
    queue: list[tuple[datetime, int, str, str, int]] = []
    token: dict[str, int] = {}
    places: dict[str, str] = {}
    last: dict[str, tuple[str, str, str | None]] = {}
    order = itertools.count()

    def plan(moment: datetime, child: str, action: str) -> None:
        heapq.heappush(queue, (moment, next(order), child, action, token.get(child, 0)))

    for child in present:
        plan(start + timedelta(seconds=chance.uniform(0, 480)), child, "choose")
    while queue:
        moment, _, child, action, version = heapq.heappop(queue)
        if version != token.get(child, 0) or moment >= end:
            continue
        token[child] = version + 1
        kiosk = chance.choice(cls.kiosks)
        if action in ("choose", "move"):
            previous = places.get(child)
            center = _pick(cls, child, places, previous)
            if center is None:
                continue
            if action == "move":
                event_id = log.add(kiosk, moment, child, center, "moved", "teacher")
            else:
                event_id = log.add(kiosk, moment, child, center, "chose", chance.choice(("badge", "badge", "tap")))
            places[child] = center
            last[child] = (event_id, kiosk, previous)
            step = _after_choice(cls, child, moment, end)
            if step is not None:
                plan(step[0], child, step[1])
        elif action == "undo":
            _undo(log, moment, child, places, last[child])
            plan(moment + timedelta(seconds=chance.uniform(20, 120)), child, "choose")
        elif action == "leave" and child in places:
            log.add(kiosk, moment, child, None, "left", chance.choice(("tap", "teacher")))
            places.pop(child)
    if recorded:
        log.add(cls.kiosks[0], end, "*", None, "left", "teacher", mark="ended")


def _records(
    chance: random.Random, children: int, centers: int, start: date
) -> tuple[list[CenterRecord], list[ChildRecord]]:
    stamp = datetime.combine(start - timedelta(days=3), time(16, 0), tzinfo=UTC).isoformat()
    center_records: list[CenterRecord] = []
    for n in range(centers):
        name, purpose = CENTER_NAMES[n] if n < len(CENTER_NAMES) else (f"Center {n + 1}", "explore")
        center_records.append({
            "id": f"c{n + 1:02d}",
            "name": name,
            "purpose": purpose,
            "picture": f"centers/{CENTER_PICTURES[n % len(CENTER_PICTURES)]}.png",
            "colour": COLOURS[n % len(COLOURS)], "seats": chance.choice((3, 4, 4, 5, 6)),
            "open_today": n != 10, "rev": 1, "edited_at": stamp, "edited_by": "laptop",
        })
    child_records: list[ChildRecord] = []
    for n in range(children):
        name = CHILD_NAMES[n] if n < len(CHILD_NAMES) else f"Child {n + 1}"
        child_records.append({
            "id": f"k{n + 1:02d}", "first_name": name, "picture": f"avatars/{AVATARS[n % len(AVATARS)]}.png",
            "badges": [f"{chance.getrandbits(64):016x}"], "rev": 1, "edited_at": stamp, "edited_by": "laptop",
        })
    return center_records, child_records


def _tastes(
    chance: random.Random, center_records: list[CenterRecord], kids: list[str], kiosks: tuple[str, ...]
) -> _Class:
    """Each child's taste for the year: a weight per center (the rare one seldom), a favourite for
    the first STICKERS children, how often each is absent."""
    weights = {}
    for kid in kids:
        weights[kid] = [0.04 if c["id"] == RARE_CENTER else chance.uniform(0.3, 2.0) for c in center_records]
    common = [c["id"] for c in center_records if c["id"] != RARE_CENTER]
    favourite = {kid: chance.choice(common) for kid in kids[:STICKERS]}
    return _Class(chance, center_records, weights, favourite, {kid: chance.uniform(0.02, 0.08) for kid in kids}, kiosks)


def generate_school_year(
    seed: int = 1, children: int = 30, centers: int = 12, events: int = 36000, start: date = date(2025, 9, 1),
    *, end: date | None = None, kiosks: tuple[str, ...] = KIOSKS, seqs: dict[str, int] | None = None,
    recorded_from: date | None = None,
) -> tuple[list[ChoiceEvent], list[CenterRecord], list[ChildRecord]]:
    """(events, center records, child records): exactly ``events`` entries, the same for the same seed.

    The number of choice times per day (1–4) follows the remaining budget so the
    entries spread over the whole year; the last day is cut where the budget ends.
    With ``end`` every school day through ``end`` gets choices and ``events`` is only
    aimed at (the demo ends on the school day before today). ``seqs`` carries each kiosk's last
    seq from an earlier year (it is updated), so years can follow one another. From ``recorded_from``
    on, the teacher opens and ends each choice time at the kiosk (recorded choice times).
    """
    chance = random.Random(seed)
    center_records, child_records = _records(chance, children, centers, start)
    kids = [c["id"] for c in child_records]
    cls = _tastes(chance, center_records, kids, kiosks)
    # with an end: every day
    log = _Log(chance, events if end is None else 10**9, seqs=seqs if seqs is not None else {})
    days = _school_days(start, end)
    per_session = 2.4 * len(kids)
    index = 0
    while not log.full:
        if index == len(days):
            if end is not None:
                break
            days.append(_next_school_day(days[-1]))
        day = days[index]
        index += 1
        remaining_days = max(1, len(days) - index + 1)
        wanted = (events - len(log.events)) / remaining_days
        sessions = min(4, max(1, round(wanted / per_session)))
        present = [kid for kid in kids if chance.random() >= cls.absence[kid]]
        before = len(log.events)
        recorded = recorded_from is not None and day >= recorded_from
        for begin in SESSION_STARTS[sessions]:
            _session(cls, log, datetime.combine(day, begin, tzinfo=_us_offset(day)), present, recorded)
        if present:
            per_session = 0.8 * per_session + 0.2 * (len(log.events) - before) / sessions
    return log.events, center_records, child_records


def _next_school_day(day: date) -> date:
    following = day + timedelta(days=1)
    while not _school_day(following):
        following += timedelta(days=1)
    return following


def generate_years(
    years: int, events_per_year: int = 36000, kiosks: int = 6
) -> tuple[list[ChoiceEvent], list[CenterRecord], list[ChildRecord]]:
    """Several school years of one class on ``kiosks`` kiosks (from September 2021 on), for the benchmark."""
    names = tuple(f"kiosk-{chr(ord('a') + n)}" for n in range(kiosks))
    seqs: dict[str, int] = {}
    every: list[ChoiceEvent] = []
    centers: list[CenterRecord] = []
    children: list[ChildRecord] = []
    for n in range(years):
        events, centers, children = generate_school_year(
            seed=n + 1, events=events_per_year, start=date(2021 + n, 9, 1), kiosks=names, seqs=seqs
        )
        every.extend(events)
    return every, centers, children
