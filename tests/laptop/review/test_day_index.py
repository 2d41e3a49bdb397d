"""The choices by day: a range reads exactly the choices in_range reads, in day order."""

from __future__ import annotations

from datetime import date

from kiosk.laptop.review.day_index import DayIndex
from kiosk.laptop.review.patterns import in_range
from kiosk.laptop.review.ranges import DateRange

from .helpers import choice

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 9)


def test_between_on_and_the_days_around_a_day():
    choices = [choice("ann", "lego", D3, "09:00"), choice("ben", "paint", D1, "09:10"), choice("ann", "sand", D2, "09:20"),
               choice("cy", "lego", D1, "09:30")]
    index = DayIndex(choices)
    for rng in (DateRange(D1, D3), DateRange(D2, D2), DateRange(date(2026, 3, 5), date(2026, 3, 8))):
        assert sorted(index.between(rng), key=id) == sorted(in_range(choices, rng), key=id)
    assert [c.day for c in index.between(DateRange(D1, D3))] == [D1, D1, D2, D3]
    assert len(index.on(D1)) == 2 and index.on(date(2026, 3, 3)) == []
    assert (index.last_day(date(2026, 3, 8)), index.last_day(D3), index.last_day(date(2026, 3, 1))) == (D2, D3, None)
    assert (index.next_day(D1, 1), index.next_day(D3, 1), index.next_day(D2, -1), index.next_day(D1, -1)) == (D2, None, D1, None)
