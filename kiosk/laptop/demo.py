"""A demo school year on the laptop, so the review window can be tried without kiosks.

Only an empty laptop folder is filled: real choices are never mixed with made-up
ones. The year is the generated one of kiosk/laptop/review/sample_year.py, from 42 weeks
back to the last school day before today (so Today, This week and Worth a look
have something to show at once), with quarter terms (so "This term" is not "The
year") and a retention date a year ahead (the default would delete last school
year's choices as soon as the window opens). Its last six weeks' choice times were
opened and ended at the kiosk, the earlier ones not (a class that began keeping them).
"""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.laptop.review.sample_year import generate_school_year, last_school_day_before, term_starts
from kiosk.laptop.store import LaptopStore
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.sync.config_merge import LAPTOP
from kiosk.shared.sync.setup_record_types import CenterRecord, ChildRecord

__all__ = ["fill_demo_year", "load_year"]

_DEMO_WEEKS = 42


def fill_demo_year(store: LaptopStore, today: date | None = None) -> bool:
    """Fill an empty laptop store with a school year ending today; False when it holds data."""
    if store.choices.events() or store.setup.records("children"):
        return False
    today = today or date.today()
    monday = today - timedelta(days=today.weekday())
    start, end = monday - timedelta(weeks=_DEMO_WEEKS), last_school_day_before(today)
    # the last weeks' choice times were opened and ended at the kiosk; the earlier ones are told apart by quiet
    events, centers, children = generate_school_year(start=start, end=end, recorded_from=end - timedelta(weeks=6))
    load_year(store, events, centers, children, retention_until=date(today.year + 1, 7, 31).isoformat(),
              terms=[d.isoformat() for d in term_starts(start, today)])
    return True


def load_year(
    store: LaptopStore,
    events: list[ChoiceEvent],
    centers: list[CenterRecord],
    children: list[ChildRecord],
    *,
    retention_until: str = "",
    terms: list[str] | None = None,
) -> None:
    """Put a generated year into the store as if many syncs had brought it (demo, tests, benchmarks)."""
    by_kiosk: dict[str, list[ChoiceEvent]] = {}
    for event in events:
        by_kiosk.setdefault(event.kiosk_id, []).append(event)
    for kiosk_id, listed in by_kiosk.items():
        store.exchange.take_events(kiosk_id, listed, max(e.seq for e in listed))
    store.setup.replace("centers", centers)
    store.setup.replace("children", children)
    store.setup.replace("settings", [{
        "id": "class", "rev": 1, "edited_at": "2025-08-01T00:00:00+00:00", "edited_by": LAPTOP,
        "switching": {"allowed": True, "min_minutes": 10}, "idle_timeout_s": 20,
        "reflection": False, "retention_until": retention_until, "term_starts": terms or [],
    }])
