"""The snapshot the window opens on (the last weeks, from the files' ends) against the full fold.

Every view of a range the early snapshot covers must be the full fold's, figure for
figure, and SQLite's independent counts must agree with both.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.bench.sqlite_check import sqlite_counts, sqlite_switches
from kiosk.laptop.actions import Snapshot, fold, snapshot, snapshot_parts
from kiosk.laptop.demo import load_year
from kiosk.laptop.recent_snapshot import RECENT_DAYS, recent_snapshot
from kiosk.laptop.review.choices import CHOICE_TIME_GAP
from kiosk.laptop.review.patterns import center_page, child_page, heat_map
from kiosk.laptop.review.ranges import DateRange, last_weeks, this_week
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.review.today_view import today as today_view
from kiosk.laptop.store import LaptopStore


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict], date]:
    folder = tmp_path_factory.mktemp("recent") / "laptop"
    events, centers, children = generate_school_year()
    with LaptopStore(folder) as store:
        load_year(store, events, centers, children, retention_until="2099-07-31")
    return folder, events, date.fromisoformat(max(e.day for e in events)) + timedelta(days=1)


@pytest.fixture(scope="module")
def both(laptop) -> tuple[Snapshot, Snapshot]:
    folder, _events, today = laptop
    with LaptopStore(folder) as store:
        return recent_snapshot(store, today), snapshot(store, today)


def _same(one: Snapshot, other: Snapshot) -> None:
    """Equal snapshots (their day indexes by the days they hold: an index has no equality of its own)."""
    assert one.index.days == other.index.days
    assert dataclasses.replace(one, index=other.index) == other


def _recent_ranges(today: date) -> list[DateRange]:
    return [this_week(today), last_weeks(today, 4), DateRange(today - timedelta(days=1), today - timedelta(days=1))]


def test_the_early_snapshot_holds_the_last_weeks_only(both, laptop):
    early, full = both
    _folder, _events, today = laptop
    newest = max(c.day for c in full.choices)
    assert early.since == newest - timedelta(days=RECENT_DAYS) and not early.complete and full.complete
    assert early.choices and min(c.day for c in early.choices) >= early.since
    assert len(early.choices) < len(full.choices) / 4
    assert all(early.covers(rng) for rng in _recent_ranges(today))
    assert not early.covers(DateRange(date(2025, 9, 1), today)) and full.covers(DateRange(date(2025, 9, 1), today))
    assert (early.info, early.settings, early.events_changed) == (full.info, full.settings, full.events_changed)


def test_its_choices_are_the_full_folds_choice_for_choice(both):
    early, full = both
    assert early.choices == [c for c in full.choices if c.day >= early.since]
    assert early.reflections == [r for r in full.reflections if r.day >= early.since]
    assert early.index.days == [d for d in full.index.days if d >= early.since]


def test_every_view_of_a_covered_range_is_the_full_folds(both, laptop):
    early, full = both
    _folder, _events, today = laptop
    info = full.info
    for rng in _recent_ranges(today):
        mine, theirs = early.index.between(rng), full.index.between(rng)
        assert heat_map(mine, info, rng) == heat_map(theirs, info, rng)
        for child_id in info.children:
            assert child_page(mine, info, child_id, rng) == child_page(theirs, info, child_id, rng)
        for center_id in info.centers:
            assert center_page(mine, info, center_id, rng) == center_page(theirs, info, center_id, rng)
    for n in range(RECENT_DAYS):
        day = today - timedelta(days=n + 1)
        assert today_view(early.index.on(day), info, day) == today_view(full.index.on(day), info, day)


def test_sqlite_counts_and_switches_agree_with_the_early_snapshot(both, laptop):
    early, _full = both
    _folder, events, today = laptop
    rng = last_weeks(today, 4)
    counted = sqlite_counts(early.index.between(rng), rng)
    assert counted == sqlite_counts(_full.choices, rng) and sum(counted.values()) > 2000
    switches = sqlite_switches(events, rng, CHOICE_TIME_GAP.total_seconds() / 60)
    found = {kid: child_page(early.index.between(rng), early.info, kid, rng).switches for kid in early.info.children}
    assert {k: n for k, n in found.items() if n} == switches


def test_the_full_fold_in_two_steps_is_the_one_step_snapshot(both, laptop):
    folder, _events, today = laptop
    with LaptopStore(folder) as store:
        parts = snapshot_parts(store, today)
    _same(fold(parts), both[1])


def test_a_laptop_with_only_recent_weeks_opens_complete(tmp_path):
    events, centers, children = generate_school_year(events=3000)
    short = [e for e in events if e.day >= "2026-05-20"]
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, short, centers, children, retention_until="2099-07-31")
        early = recent_snapshot(store, date(2026, 6, 23))
        assert early.complete
        _same(early, snapshot(store, date(2026, 6, 23)))


def test_a_kiosk_silent_for_months_does_not_narrow_what_the_others_cover(tmp_path):
    events, centers, children = generate_school_year()
    kept = [e for e in events if e.kiosk_id != "kiosk-b" or e.day < "2026-01-15"]  # kiosk-b went away
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, kept, centers, children, retention_until="2099-07-31")
        early, full = recent_snapshot(store, date(2026, 6, 23)), snapshot(store, date(2026, 6, 23))
    newest = max(c.day for c in full.choices)
    assert early.since == newest - timedelta(days=RECENT_DAYS)
    assert early.choices == [c for c in full.choices if c.day >= early.since]


def test_a_reload_after_the_first_look_reads_every_choice_again(both, laptop):
    """A sync or an edit while the first look is shown must not keep its few weeks as the whole."""
    folder, _events, today = laptop
    early, full = both
    with LaptopStore(folder) as store:
        parts = snapshot_parts(store, today, previous=early)
        assert parts.reused is None and parts.events is not None
        assert snapshot_parts(store, today, previous=full).reused is full  # a complete one is kept
    _same(fold(parts), full)
