"""The date ranges the teacher reviews: a week, the last weeks, the term, the year."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.shared.text.i18n import Sentence

__all__ = [
    "PRESETS",
    "DateRange",
    "custom",
    "last_weeks",
    "parse_date",
    "preset",
    "range_with_data",
    "school_year",
    "school_year_start",
    "settings_term_starts",
    "this_term",
    "this_week",
    "week_start",
]


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(Sentence(
                "The range starts on {start}, after its end on {end}: pick a start on or before the end.",
                start=self.start.isoformat(), end=self.end.isoformat(),
            ))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """The range as the window's titles show it: "04 Nov 2026 to 25 Nov 2026"."""
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def this_week(today: date) -> DateRange:
    """Monday to Sunday of the week holding today."""
    monday = week_start(today)
    return DateRange(monday, monday + timedelta(days=6))


def last_weeks(today: date, weeks: int = 4) -> DateRange:
    """The ``weeks`` × 7 days ending today (today included)."""
    if weeks < 1:
        raise ValueError(Sentence("Pick at least one week."))
    return DateRange(today - timedelta(days=7 * weeks - 1), today)


def school_year_start(day: date, year_start_month: int = 8) -> date:
    """The 1st of the month the school year holding ``day`` started in (August by default)."""
    if not 1 <= year_start_month <= 12:
        raise ValueError("The school year's first month must be between 1 and 12.")
    year = day.year if day.month >= year_start_month else day.year - 1
    return date(year, year_start_month, 1)


def school_year(today: date, year_start_month: int = 8) -> DateRange:
    """From the 1st of the month the school year starts in (August by default) to today."""
    return DateRange(school_year_start(today, year_start_month), today)


def this_term(today: date, term_starts: Sequence[date], year_start_month: int = 8) -> DateRange:
    """From the latest term start on or before today; the school year when none is set."""
    started = [start for start in term_starts if start <= today]
    if not started:
        return school_year(today, year_start_month)
    return DateRange(max(started), today)


def custom(start: date, end: date) -> DateRange:
    return DateRange(start, end)


def parse_date(text: str) -> date:
    """A date the teacher typed as year-month-day, or a ValueError saying what to type."""
    cleaned = str(text).strip()
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        if not cleaned:
            raise ValueError(Sentence(
                "An empty box is not a date: write it as year-month-day, for example 2026-03-14."))
        raise ValueError(Sentence(
            '"{typed}" is not a date: write it as year-month-day, for example 2026-03-14.', typed=cleaned))
    year, month, day = (int(p) for p in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(Sentence('"{typed}" is not a day on the calendar: check the month and the day.',
                                  typed=cleaned)) from None


#: The window's range buttons, by the names the command line uses too.
PRESETS = ("week", "4weeks", "term", "year")


def settings_term_starts(settings: Mapping[str, object]) -> list[date]:
    """The term start dates the teacher set (in the class's settings record), skipping unreadable ones."""
    found = []
    starts = settings.get("term_starts")
    for text in starts if isinstance(starts, list) else []:
        try:
            found.append(parse_date(str(text)))
        except ValueError:
            continue
    return found


def preset(name: str, today: date, term_starts: Sequence[date] = ()) -> DateRange:
    """A range button: "week", "4weeks", "term" (from the class's term dates) or "year"."""
    if name == "week":
        return this_week(today)
    if name == "4weeks":
        return last_weeks(today, 4)
    if name == "term":
        return this_term(today, list(term_starts))
    if name == "year":
        return school_year(today)
    raise ValueError(f"{name!r} is not a range: use one of {', '.join(PRESETS)}.")


def range_with_data(
    rng: DateRange, kind: str, last_day: date | None, term_starts: Sequence[date] = ()
) -> DateRange | None:
    """The range to offer when ``rng`` begins after the last day with choices (a folder months old).

    The same kind of range, as it was on that last day: "4weeks" the four weeks up to
    it, "week" its week, "term" and "year" the term and school year holding it; a
    range of chosen dates (``kind`` "custom") keeps its length and ends on it. None
    when ``rng`` may hold choices (or there are none at all).
    """
    if last_day is None or last_day >= rng.start:
        return None
    if kind in PRESETS:
        return preset(kind, last_day, term_starts)
    return DateRange(last_day - timedelta(days=rng.days - 1), last_day)
