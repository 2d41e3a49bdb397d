"""An independent count of the heat map, of switches and of full centers, by SQLite, and the benchmark.

The heat map counts in Python; here the same numbers come from a GROUP BY over
a table, so a test can check one against the other on a whole school year.
Switches and full centers are counted from the raw kiosk entries (undos dropped in
SQL, choice times split at recorded ends or by the class's quiet with window
functions, stays and their overlaps by a self-join), not from the folded choices,
so the definitions of kiosk/laptop/review/definitions.py are checked, not copied.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from kiosk.laptop.review.choices import class_info, review_choices
from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.patterns import heat_map
from kiosk.laptop.review.ranges import DateRange, last_weeks
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.review.worth_a_look import worth_a_look
from kiosk.shared.domain import ChoiceEvent

__all__ = ["bench_patterns", "load_choices", "sqlite_counts", "sqlite_full", "sqlite_switches"]

_COUNT = (
    "SELECT child_id, center_id, COUNT(*) FROM choices "
    "WHERE day BETWEEN ? AND ? GROUP BY child_id, center_id"
)


def load_choices(choices: Iterable[ReviewChoice]) -> sqlite3.Connection:
    """An in-memory table of the choices (one row each, day as ISO text)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE choices (event_id TEXT PRIMARY KEY, child_id TEXT, center_id TEXT, day TEXT)")
    db.executemany(
        "INSERT INTO choices VALUES (?, ?, ?, ?)",
        ((c.event_id, c.child_id, c.center_id, c.day.isoformat()) for c in choices),
    )
    return db


def _query(db: sqlite3.Connection, rng: DateRange | None) -> dict[tuple[str, str], int]:
    start, end = (rng.start, rng.end) if rng else (date.min, date.max)
    rows = db.execute(_COUNT, (start.isoformat(), end.isoformat()))
    return {(child, center): n for child, center, n in rows}


def sqlite_counts(choices: Iterable[ReviewChoice], rng: DateRange | None = None) -> dict[tuple[str, str], int]:
    """(child id, center id) → number of choices in the range (all of them without one)."""
    db = load_choices(choices)
    try:
        return _query(db, rng)
    finally:
        db.close()


# The kept entries, each with its day's choice time: on a day with a recorded "ended" or
# "opened" (child "*"), the number of "ended" entries before it; else the quiet breaks so far.
_TIMED = """
WITH kept AS (
    SELECT * FROM entries
    WHERE (kind IN ('chose', 'moved') AND center_id IS NOT NULL OR kind = 'left')
      AND id NOT IN (SELECT ref FROM entries WHERE kind = 'undone' AND ref IS NOT NULL)
), recorded AS (
    SELECT DISTINCT day FROM kept WHERE child_id = '*' AND mark IN ('opened', 'ended')
), gaps AS (
    SELECT *,
        CASE WHEN (julianday(wall) - julianday(LAG(wall) OVER d)) * 1440 >= :gap THEN 1 ELSE 0 END AS quiet_break,
        COALESCE(SUM(CASE WHEN child_id = '*' AND mark = 'ended' THEN 1 ELSE 0 END)
                 OVER (d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS ends_before
    FROM kept WINDOW d AS (PARTITION BY day ORDER BY julianday(wall), kiosk_id, seq)
), timed AS (
    SELECT *, CASE WHEN day IN (SELECT day FROM recorded) THEN ends_before
                   ELSE SUM(quiet_break) OVER (PARTITION BY day ORDER BY julianday(wall), kiosk_id, seq
                                               ROWS UNBOUNDED PRECEDING) END AS ct
    FROM gaps
)
"""

_SWITCHES = _TIMED + """, paired AS (
    SELECT *, LAG(kind) OVER w AS was_kind, LAG(center_id) OVER w AS was_center,
              LAG(kiosk_id) OVER w AS was_kiosk, LAG(ct) OVER w AS was_time, LAG(id) OVER w AS was_id
    FROM timed WHERE child_id <> '*' WINDOW w AS (PARTITION BY child_id, day ORDER BY julianday(wall), kiosk_id, seq)
)
SELECT child_id, COUNT(*) FROM paired
WHERE kind = 'chose' AND was_kind IN ('chose', 'moved') AND was_center <> center_id
  AND (was_kiosk = kiosk_id OR replaces = was_id) AND was_time = ct AND day BETWEEN :start AND :end
GROUP BY child_id
"""

# A stay lasts from its entry to the child's next entry in the same choice time, else to the
# choice time's first "ended", else open; the most at once is counted at each stay's start.
_MOST_AT_ONCE = _TIMED + """, rows AS (
    SELECT *, LEAD(wall) OVER (PARTITION BY child_id, day, ct ORDER BY julianday(wall), kiosk_id, seq) AS next_wall
    FROM timed WHERE child_id <> '*'
), ends AS (
    SELECT day, ct, MIN(julianday(wall)) AS stop FROM timed WHERE child_id = '*' AND mark = 'ended' GROUP BY day, ct
), stays AS (
    SELECT r.id, r.day, r.ct, r.center_id, julianday(r.wall) AS start,
           COALESCE(julianday(r.next_wall), ends.stop) AS stop
    FROM rows r LEFT JOIN ends ON ends.day = r.day AND ends.ct = r.ct
    WHERE r.kind IN ('chose', 'moved')
), here AS (
    SELECT a.center_id, a.day, a.ct, a.id, COUNT(b.id) AS n FROM stays a JOIN stays b
      ON b.day = a.day AND b.ct = a.ct AND b.center_id = a.center_id
     AND b.start <= a.start AND (b.stop IS NULL OR b.stop > a.start)
    GROUP BY a.center_id, a.day, a.ct, a.id
)
SELECT center_id, day, ct, MAX(n) FROM here WHERE day BETWEEN :start AND :end GROUP BY center_id, day, ct
"""


def _entries_db(events: Iterable[ChoiceEvent]) -> sqlite3.Connection:
    """The raw kiosk entries in a table, as the kiosks wrote them (``mark`` is their ``choice_time``)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE entries (id TEXT, kiosk_id TEXT, seq INTEGER, child_id TEXT, center_id TEXT, "
               "kind TEXT, wall TEXT, day TEXT, ref TEXT, mark TEXT, replaces TEXT)")
    db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        (e.id, e.kiosk_id, e.seq, e.child_id, e.center_id, e.kind.value, e.wall, e.day, e.ref, e.choice_time,
         e.replaces) for e in events
    ))
    return db


def _bounds(rng: DateRange | None, gap_minutes: float) -> dict[str, object]:
    start, end = (rng.start, rng.end) if rng else (date.min, date.max)
    return {"gap": gap_minutes, "start": start.isoformat(), "end": end.isoformat()}


def sqlite_switches(
    events: Iterable[ChoiceEvent], rng: DateRange | None = None, gap_minutes: float = 45
) -> dict[str, int]:
    """Child id → switches in the range, from kiosk entries whose clocks needed no correction."""
    db = _entries_db(events)
    try:
        return {child: n for child, n in db.execute(_SWITCHES, _bounds(rng, gap_minutes))}
    finally:
        db.close()


def sqlite_full(
    events: Iterable[ChoiceEvent], seats: Mapping[str, int], rng: DateRange | None = None,
    gap_minutes: float = 45,
) -> dict[str, set[tuple[str, int]]]:
    """Center id → the (day, choice time) in which it held ``seats`` children at once, from the raw entries."""
    db = _entries_db(events)
    try:
        found: dict[str, set[tuple[str, int]]] = {}
        for center, day, number, most in db.execute(_MOST_AT_ONCE, _bounds(rng, gap_minutes)):
            if seats.get(center, 0) > 0 and most >= seats[center]:
                found.setdefault(center, set()).add((day, number))
        return found
    finally:
        db.close()


def _timed_ms(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def bench_patterns(
    repeats: int = 5, *, choices: Sequence[ReviewChoice] | None = None, info: ClassInfo | None = None
) -> dict[str, float]:
    """Median milliseconds on a school year: our heat map + worth a look, and SQLite's GROUP BY.

    The SQLite time is the count query alone over a table loaded beforehand, so
    the comparison flatters SQLite; the goal is ``patterns_vs_sqlite`` ≤ 2. The
    two are timed in turns (alternating which goes first) so a busy moment on the
    machine hits both alike. Without ``choices`` and ``info`` the generated year is used.
    """
    if choices is None or info is None:
        events, centers, children = generate_school_year()
        choices, info = review_choices(events, {}), class_info(centers, children)
    last_day = max(c.day for c in choices)
    year = DateRange(min(c.day for c in choices), last_day)

    def ours() -> None:
        heat_map(choices, info, year)
        worth_a_look(choices, info, last_day)

    db = load_choices(choices)
    timings: dict[str, list[float]] = {"patterns_ms": [], "sqlite_ms": [], "heat_map_ms": [], "heat_map_4_weeks_ms": []}
    try:
        for turn in range(max(1, repeats)):
            pair = [("patterns_ms", ours), ("sqlite_ms", lambda: _query(db, year))]
            for name, action in pair if turn % 2 == 0 else pair[::-1]:
                timings[name].append(_timed_ms(action))
            timings["heat_map_ms"].append(_timed_ms(lambda: heat_map(choices, info, year)))
            timings["heat_map_4_weeks_ms"].append(_timed_ms(lambda: heat_map(choices, info, last_weeks(last_day, 4))))
    finally:
        db.close()
    result = {name: statistics.median(values) for name, values in timings.items()}
    result["choices"] = float(len(choices))
    result["patterns_vs_sqlite"] = result["patterns_ms"] / result["sqlite_ms"] if result["sqlite_ms"] else float("inf")
    return result


if __name__ == "__main__":
    print(json.dumps(bench_patterns(), indent=2))
