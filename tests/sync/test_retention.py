"""Which day's choices retention deletes, as plain dates; and the demo year only fills an empty laptop."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.laptop.demo import fill_demo_year
from kiosk.laptop.retention import retention_day, school_year_end
from kiosk.laptop.store import LaptopStore
from tests.sync.events import records, typed


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2026, 11, 25), date(2027, 7, 31)), (date(2027, 3, 1), date(2027, 7, 31)), (date(2027, 7, 31), date(2027, 7, 31)),
     (date(2027, 8, 1), date(2028, 7, 31))],
)
def test_the_school_year_ends_on_31_july(today, expected):
    assert school_year_end(today) == expected


@pytest.mark.parametrize(
    ("setting", "today", "expected"),
    [
        ("", date(2026, 11, 25), date(2026, 7, 31)),  # last school year's choices go
        ("", date(2027, 7, 31), date(2026, 7, 31)),  # the year still running is kept whole
        ("", date(2027, 8, 1), date(2027, 7, 31)),
        ("2027-01-15", date(2027, 1, 15), None),  # not yet past
        ("2027-01-15", date(2027, 1, 16), date(2027, 1, 15)),
        ("15/01/2027", date(2030, 1, 1), None),  # an unreadable date deletes nothing
    ],
)
def test_retention_day(setting, today, expected):
    assert retention_day(setting, today) == expected


def test_the_demo_year_fills_only_an_empty_laptop(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        assert fill_demo_year(store, date(2026, 11, 25))
        events = records(store.choices.events())
        assert 30000 < len(events) < 42000
        assert store.retention.apply(date(2026, 11, 25)) == 0  # the demo keeps its own year
        assert not fill_demo_year(store, date(2026, 11, 25))
        assert len(records(store.choices.events())) == len(events)


def test_a_purge_already_done_is_not_repeated_and_old_choices_stay_out(tmp_path: Path) -> None:
    from .events import event

    with LaptopStore(tmp_path / "laptop") as store:
        store.exchange.take_events("kA", typed([event("kA", 1, wall="2026-06-01T09:00:00+00:00"),
                               event("kA", 2, wall="2026-09-01T09:00:00+00:00")]), 2)
        assert store.retention.purge_through("2026-07-31") == 1
        assert store.retention.purge_through("2026-07-31") == 0 and store.retention.purge_through("2026-07-01") == 0
        assert store.exchange.take_events("kA", typed([event("kA", 1, wall="2026-06-01T09:00:00+00:00")]), 2) == 0  # sent again: not kept
        assert [e["day"] for e in records(store.choices.events())] == ["2026-09-01"]
