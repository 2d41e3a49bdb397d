"""Heat map, open centers, a child's page, a center's page and the day view, by hand."""

from __future__ import annotations

from datetime import date, time

from kiosk.laptop.review.patterns import center_page, child_page, heat_map, open_centers
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.today_view import today

from .helpers import at, choice, small_class

D1, D2, D3, D4, D5 = (date(2026, 3, d) for d in (2, 3, 4, 5, 6))
WEEK = DateRange(D1, date(2026, 3, 8))


def test_heat_map_counts_every_live_child_and_center_in_the_range():
    choices = [
        choice("ann", "lego", D1),
        choice("ann", "lego", D2),
        choice("ann", "paint", D2, "10:00"),
        choice("ben", "lego", D1),
        choice("gone", "lego", D1),
        choice("ann", "lego", date(2026, 3, 9)),
    ]
    hm = heat_map(choices, small_class(), WEEK)
    assert hm.child_ids == ("ann", "ben", "cy")
    assert hm.center_ids == ("lego", "paint", "puppets", "sand")
    assert (hm.count("ann", "lego"), hm.count("ann", "paint"), hm.count("cy", "sand")) == (2, 1, 0)
    assert hm.row_totals == {"ann": 3, "ben": 1, "cy": 0}
    assert hm.column_totals == {"lego": 3, "paint": 1, "puppets": 0, "sand": 0}
    assert (hm.total, hm.max_count) == (4, 2)
    assert hm.rows()[1] == ("ben", [1, 0, 0, 0])


def test_heat_map_sorts_rows_by_a_center_and_columns_by_total():
    choices = [choice("ben", "paint", D1), choice("ben", "paint", D2), choice("cy", "paint", D1)]
    choices += [choice("ann", "lego", D1)]
    hm = heat_map(choices, small_class(), WEEK)
    assert hm.sorted_by_center("paint").child_ids == ("ben", "cy", "ann")
    assert hm.sorted_by_center("paint").sorted_by_child().child_ids == ("ann", "ben", "cy")
    assert hm.sorted_by_total().center_ids == ("paint", "lego", "puppets", "sand")
    assert hm.sorted_by_total().sorted_by_center_name().center_ids == hm.center_ids


def test_an_empty_heat_map_still_lists_everyone_with_a_zero_scale():
    hm = heat_map([], small_class(), WEEK)
    assert (len(hm.child_ids), len(hm.center_ids), hm.max_count, hm.total) == (3, 4, 0, 0)


def test_open_centers_are_those_chosen_in_the_range_or_open_today():
    info = small_class()
    assert open_centers([], info, WEEK) == ["lego", "paint", "puppets"]
    assert open_centers([choice("ann", "sand", D1)], info, WEEK) == ["lego", "paint", "puppets", "sand"]
    assert open_centers([choice("ann", "sand", date(2026, 2, 1))], info, WEEK) == ["lego", "paint", "puppets"]


def test_child_page_counts_runs_over_choice_days_and_friends_within_five_minutes():
    choices = [
        choice("ann", "lego", D1, "09:00", "09:30"),
        choice("ann", "paint", D1, "09:30", switched=True),
        choice("ann", "lego", D2, "09:00"),
        choice("ann", "lego", D4, "09:00"),
        choice("ann", "paint", D5, "09:00"),
        choice("ben", "lego", D1, "09:04"),
        choice("ben", "lego", D1, "09:05", event_id="ben-again"),
        choice("ben", "lego", D2, "08:56"),
        choice("cy", "lego", D1, "09:06"),
        choice("cy", "paint", D1, "09:33"),
        choice("ben", "paint", D5, "09:20"),
    ]
    page = child_page(choices, small_class(), "ann", WEEK)
    assert page.counts == (("lego", 3), ("paint", 2))
    assert page.tried == ("lego", "paint")
    assert page.never_tried == ("puppets",)
    run = page.longest_run
    assert (run.center_id, run.length, run.first_day, run.last_day) == ("lego", 3, D1, D4)
    assert page.friends == (("ben", 2), ("cy", 1))
    assert (page.days_present, page.switches, page.total) == (4, 1, 5)


def test_child_page_of_a_child_with_no_choices():
    page = child_page([choice("ben", "lego", D1)], small_class(), "cy", WEEK)
    assert (page.total, page.longest_run, page.friends, page.days_present) == (0, None, (), 0)
    assert page.never_tried == ("lego", "paint", "puppets")


def test_center_page_counts_by_week_day_and_half_hour_and_finds_full_days():
    choices = [
        choice("ann", "paint", D1, "09:00", "09:20"),
        choice("ben", "paint", D1, "09:10"),
        choice("ann", "paint", D2, "09:00", "09:10"),
        choice("ben", "paint", D2, "09:10", "09:45"),
        choice("cy", "lego", D3, "13:40"),
        choice("cy", "paint", date(2026, 3, 9), "09:29"),
    ]
    page = center_page(choices, small_class(paint=2), "paint", DateRange(D1, date(2026, 3, 13)))
    assert (page.total, page.seats, page.name) == (5, 2, "Painting")
    assert page.per_week == ((D1, 4), (date(2026, 3, 9), 1))
    assert page.per_day == ((D1, 2), (D2, 2), (D3, 0), (date(2026, 3, 9), 1))
    assert page.by_slot == ((time(9, 0), 5),)
    assert page.full_days == (D1,) and page.times_full == 1
    assert page.children == (("ann", 2), ("ben", 2), ("cy", 1))


def test_a_center_without_seats_is_never_full():
    choices = [choice("ann", "paint", D1), choice("ben", "paint", D1, "09:01")]
    assert center_page(choices, small_class(paint=0), "paint", WEEK).full_days == ()


def test_today_lists_each_center_and_child_in_time_order_and_who_made_no_choice():
    choices = [
        choice("ben", "lego", D1, "09:05", "09:40"),
        choice("ann", "lego", D1, "09:00", "09:30"),
        choice("ann", "paint", D1, "09:30", switched=True, flag="clock_suspect"),
        choice("ann", "puppets", D2, "09:00"),
    ]
    view = today(choices, small_class(), D1)
    centers = dict(view.centers)
    assert list(centers) == ["lego", "paint", "puppets"]
    assert [e.child_id for e in centers["lego"]] == ["ann", "ben"]
    assert centers["puppets"] == ()
    [(_child, entries)] = [c for c in view.children if c[0] == "ann"]
    assert [(e.center_id, e.switched, e.clock_flag) for e in entries] == [
        ("lego", False, "as_recorded"),
        ("paint", True, "clock_suspect"),
    ]
    assert [c for c, _ in view.children] == ["ann", "ben"]
    assert view.no_choice == ("cy",)
    assert (view.start, view.end) == (at(D1, "09:00"), at(D1, "09:40"))


def test_today_on_a_day_without_choices():
    view = today([], small_class(), D1)
    assert (view.start, view.end, view.children) == (None, None, ())
    assert view.no_choice == ("ann", "ben", "cy")
