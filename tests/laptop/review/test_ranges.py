"""Date ranges and the dates a teacher types."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.laptop.review.ranges import (
    DateRange,
    custom,
    last_weeks,
    parse_date,
    school_year,
    this_term,
    this_week,
)

WEDNESDAY = date(2026, 3, 4)


def test_this_week_is_monday_to_sunday_holding_today():
    assert this_week(WEDNESDAY) == DateRange(date(2026, 3, 2), date(2026, 3, 8))
    assert this_week(date(2026, 3, 8)).start == date(2026, 3, 2)


def test_last_weeks_are_the_days_ending_today():
    rng = last_weeks(WEDNESDAY, 4)
    assert rng == DateRange(date(2026, 2, 5), WEDNESDAY)
    assert rng.days == 28


def test_the_school_year_starts_on_the_first_of_august_by_default():
    assert school_year(WEDNESDAY) == DateRange(date(2025, 8, 1), WEDNESDAY)
    assert school_year(date(2025, 8, 1)).start == date(2025, 8, 1)
    assert school_year(date(2025, 7, 31)).start == date(2024, 8, 1)
    assert school_year(WEDNESDAY, year_start_month=9).start == date(2025, 9, 1)


def test_this_term_starts_at_the_latest_term_start_or_falls_back_to_the_year():
    starts = [date(2025, 9, 1), date(2026, 1, 5), date(2026, 4, 13)]
    assert this_term(WEDNESDAY, starts) == DateRange(date(2026, 1, 5), WEDNESDAY)
    assert this_term(WEDNESDAY, []) == school_year(WEDNESDAY)


def test_a_range_ending_before_it_starts_is_refused_clearly():
    with pytest.raises(ValueError, match="starts on 2026-03-04, after its end on 2026-03-01"):
        custom(WEDNESDAY, date(2026, 3, 1))


def test_a_range_holds_its_own_ends():
    rng = custom(date(2026, 3, 1), WEDNESDAY)
    assert date(2026, 3, 1) in rng and WEDNESDAY in rng and date(2026, 3, 5) not in rng
    assert list(custom(WEDNESDAY, WEDNESDAY).each_day()) == [WEDNESDAY]


def test_parse_date_reads_year_month_day():
    assert parse_date(" 2026-03-04 ") == WEDNESDAY


@pytest.mark.parametrize("text", ["03/04/2026", "4 March", "26-03-04", "2026-3", "2026-03-04x"])
def test_parse_date_says_how_to_write_a_date(text):
    with pytest.raises(ValueError, match="year-month-day, for example 2026-03-14"):
        parse_date(text)


def test_parse_date_explains_an_empty_box_and_a_day_not_on_the_calendar():
    with pytest.raises(ValueError, match="An empty box is not a date"):
        parse_date("  ")
    with pytest.raises(ValueError, match='"2026-02-30" is not a day on the calendar'):
        parse_date("2026-02-30")


def test_a_range_reads_as_the_window_titles_show_it():
    assert DateRange(date(2026, 11, 4), date(2026, 11, 25)).label == "04 Nov 2026 to 25 Nov 2026"
