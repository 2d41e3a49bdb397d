"""The kept choices by day, so a view reads only the days it shows.

A laptop may hold five school years (150,000 choices); a day on Today, a week or
a term on Patterns or a page only ever needs its own days. The index is built once
per snapshot (on the store's thread) and read by every view; the figures are still
computed by the same pure functions, over fewer choices.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date

from kiosk.laptop.review.model import ReviewChoice
from kiosk.laptop.review.ranges import DateRange

__all__ = ["DayIndex"]


class DayIndex:
    """Choices grouped by their (trusted) day, days in order."""

    def __init__(self, choices: Iterable[ReviewChoice]) -> None:
        by_day: dict[date, list[ReviewChoice]] = {}
        for choice in choices:
            by_day.setdefault(choice.day, []).append(choice)
        self._by_day = by_day
        self.days: list[date] = sorted(by_day)

    def on(self, day: date) -> list[ReviewChoice]:
        return self._by_day.get(day, [])

    def between(self, rng: DateRange) -> list[ReviewChoice]:
        """The choices of the days in ``rng``, day by day in order."""
        found: list[ReviewChoice] = []
        for day in self.days[bisect_left(self.days, rng.start) : bisect_right(self.days, rng.end)]:
            found.extend(self._by_day[day])
        return found

    def last_day(self, on_or_before: date) -> date | None:
        """The latest day with choices on or before the given day."""
        at = bisect_right(self.days, on_or_before)
        return self.days[at - 1] if at else None

    def next_day(self, after: date, step: int) -> date | None:
        """The nearest day with choices after (``step`` 1) or before (``step`` -1) the given day."""
        if step > 0:
            at = bisect_right(self.days, after)
            return self.days[at] if at < len(self.days) else None
        at = bisect_left(self.days, after)
        return self.days[at - 1] if at else None
