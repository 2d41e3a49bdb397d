"""The generated school year, and the heat map checked against SQLite on it."""

from __future__ import annotations

from collections import Counter

import pytest

from kiosk.bench.sqlite_check import bench_patterns, sqlite_counts, sqlite_switches
from kiosk.laptop.review.choices import CHOICE_TIME_GAP, class_info, review_choices
from kiosk.laptop.review.patterns import child_page, heat_map
from kiosk.laptop.review.ranges import DateRange, last_weeks
from kiosk.laptop.review.sample_year import RARE_CENTER, generate_school_year
from kiosk.shared.domain import ChoiceEvent
from tests.bench_checks import assert_ratio, assert_times


@pytest.fixture(scope="module")
def year():
    events, centers, children = generate_school_year()
    return events, centers, children, review_choices(events, {}), class_info(centers, children)


def test_the_year_has_exactly_the_asked_size(year):
    events, centers, children, _, info = year
    assert (len(events), len(centers), len(children)) == (36000, 12, 30)
    assert len({e.id for e in events}) == 36000
    assert (len(info.centers), len(info.children)) == (12, 30)


def test_every_event_is_valid_and_each_kiosk_numbers_its_own_in_time_order(year):
    events = year[0]
    parsed = [ChoiceEvent.from_dict(e.to_dict()) for e in events]
    for kiosk in ("kiosk-a", "kiosk-b"):
        mine = [e for e in parsed if e.kiosk_id == kiosk]
        assert [e.seq for e in mine] == list(range(1, len(mine) + 1))
    ids = {e.id for e in parsed}
    assert all(e.ref in ids for e in parsed if e.kind.value == "undone")
    assert {e.day for e in parsed} and all(e.wall[:10] == e.day for e in parsed)


def test_the_year_looks_like_a_class(year):
    events, centers, children, choices, _ = year
    kinds = Counter(e.kind.value for e in events)
    assert all(kinds[k] > 100 for k in ("chose", "left", "undone", "moved"))
    assert {c.clock_flag for c in choices} == {"as_recorded"}
    assert any(c.switched for c in choices)
    chosen = Counter(c.center_id for c in choices)
    assert chosen[RARE_CENTER] < min(n for cid, n in chosen.items() if cid != RARE_CENTER) / 5
    names = " ".join(c["first_name"] for c in children) + " ".join(c["name"] for c in centers)
    assert all(name in names for name in ("Zoë", "Søren", "Nuñez"))
    assert all(set(c) >= {"id", "seats", "open_today", "rev", "edited_at", "edited_by"} for c in centers)
    assert all(set(c) >= {"id", "first_name", "picture", "badges", "rev"} for c in children)


def test_the_same_seed_gives_the_same_year():
    assert generate_school_year(seed=7, events=400) == generate_school_year(seed=7, events=400)
    assert generate_school_year(seed=7, events=400) != generate_school_year(seed=8, events=400)


def test_heat_map_equals_sqlite_for_the_year_and_for_four_weeks(year):
    *_, choices, info = year
    last_day = max(c.day for c in choices)
    for rng in (DateRange(min(c.day for c in choices), last_day), last_weeks(last_day, 4)):
        hm = heat_map(choices, info, rng)
        assert hm.counts == sqlite_counts(choices, rng)
        assert hm.total == sum(1 for c in choices if c.day in rng)


def test_switches_equal_sqlite_s_count_from_the_raw_entries(year):
    events, *_, choices, info = year
    last_day = max(c.day for c in choices)
    gap = CHOICE_TIME_GAP.total_seconds() / 60
    for rng in (DateRange(min(c.day for c in choices), last_day), last_weeks(last_day, 4)):
        expected = sqlite_switches(events, rng, gap)
        assert sum(expected.values()) > 100 or rng.days < 40
        found = {kid: child_page(choices, info, kid, rng).switches for kid in info.children}
        assert {k: n for k, n in found.items() if n} == expected


def test_bench_patterns_reports_both_timings(year):
    *_, choices, info = year
    figures = bench_patterns(repeats=1, choices=choices, info=info)
    assert figures["patterns_ms"] > 0 and figures["sqlite_ms"] > 0
    assert figures["patterns_vs_sqlite"] == pytest.approx(figures["patterns_ms"] / figures["sqlite_ms"])
    assert_times(figures["heat_map_ms"], figures["heat_map_4_weeks_ms"])
    assert_ratio(figures["patterns_vs_sqlite"])
    assert figures["choices"] == len(choices)


def test_switches_and_full_equal_sqlite_on_a_year_half_of_whose_choice_times_were_recorded():
    """From 1 February the teacher opens and ends each choice time at a kiosk: both definitions of a choice
    time at once, two kiosks, undos and moves, each figure recomputed by SQL from the raw entries."""
    from datetime import date

    from kiosk.bench.sqlite_check import sqlite_full
    from kiosk.laptop.review.patterns import center_page

    events, centers, children = generate_school_year(events=9000, recorded_from=date(2026, 2, 1))
    assert sum(1 for e in events if e.choice_time) > 50
    choices, info = review_choices(events, {}), class_info(centers, children)
    assert {c.recorded_time for c in choices} == {False, True}
    rng = DateRange(min(c.day for c in choices), max(c.day for c in choices))
    found = {kid: child_page(choices, info, kid, rng).switches for kid in info.children}
    assert {k: n for k, n in found.items() if n} == sqlite_switches(events, rng) and sum(found.values()) > 100
    seats = {cid: center.seats for cid, center in info.centers.items()}
    full = sqlite_full(events, seats, rng)
    for cid in info.centers:
        page = center_page(choices, info, cid, rng)
        assert {(d.isoformat(), n) for d, n in page.full_times} == full.get(cid, set()), cid
    assert sum(len(times) for times in full.values()) > 50
