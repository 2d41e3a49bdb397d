"""The demo year lands on today: choices up to the school day before it, and terms that are not the year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.laptop.demo import fill_demo_year
from kiosk.laptop.review.ranges import parse_date, school_year, this_term
from kiosk.laptop.review.sample_year import last_school_day_before
from kiosk.laptop.store import LaptopStore


@pytest.mark.parametrize(("today", "last"), [
    (date(2026, 11, 25), date(2026, 11, 24)),  # a Wednesday: the Tuesday
    (date(2026, 3, 16), date(2026, 3, 13)),    # a Monday: the Friday before
    (date(2026, 1, 5), date(2025, 12, 19)),    # after the winter break: its last school day
])
def test_the_last_school_day_before_today(today, last):
    assert last_school_day_before(today) == last


def test_the_demo_ends_on_the_school_day_before_a_fixed_today_with_terms(tmp_path: Path) -> None:
    today = date(2026, 3, 18)
    with LaptopStore(tmp_path / "laptop") as store:
        assert fill_demo_year(store, today)
        days = sorted({e.day for e in store.choices.events()})
        settings = store.setup.records("settings")[0]
    assert days[-1] == "2026-03-17"
    assert "2026-03-16" in days and "2026-03-13" in days  # every school day is there, not a thin end
    terms = [parse_date(t) for t in settings["term_starts"]]
    assert this_term(today, terms) != school_year(today)
    assert this_term(today, terms).start == date(2026, 2, 2)
