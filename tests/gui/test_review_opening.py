"""The window opens on the last weeks (read from the files' ends) and fills in older choices by itself.

Three school years on six kiosks, so the full fold takes seconds while the first
snapshot takes a fraction of one: the early state is there to be looked at.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from kiosk.bench.sqlite_check import sqlite_counts
from kiosk.laptop.demo import load_year
from kiosk.laptop.review.choices import review_choices
from kiosk.laptop.review.ranges import last_weeks
from kiosk.laptop.review.sample_year import generate_years
from kiosk.laptop.store import LaptopStore
from tests.gui.review_harness import ReviewDriver

STILL_READING = "Still reading older choices"


def _cells(driver: ReviewDriver) -> dict[tuple[str, str], int]:
    heat = driver.app.manager.get_screen("patterns").ids.heat
    return {key: int(text) for key, text in heat.drawn.items() if text != "·"}


def test_the_window_opens_on_the_last_weeks_and_fills_in_the_rest_by_itself(tmp_path: Path, shots: Path):
    events, centers, children = generate_years(3, 36000)
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, events, centers, children, retention_until="2099-07-31")
    last = max(date.fromisoformat(e.day) for e in events)
    today = last + timedelta(days=1)
    driver = ReviewDriver(tmp_path / "laptop", today=today, export_dir=tmp_path / "exports", wait_for_all=False)
    try:
        first = driver.app.snapshot
        assert not first.complete and last - timedelta(days=50) < first.since < last - timedelta(days=30)
        today_screen = driver.app.manager.get_screen("today")
        driver.wait_until(lambda: today_screen.has_data, timeout=10)
        assert today_screen.day == last  # Today: the last day with choices, at once

        today_screen.go_to(first.since - timedelta(days=3))  # a day the first look does not hold
        driver.pump(0.15)
        assert [w.text for w in today_screen.ids.centers.children][-1].startswith(STILL_READING)
        assert not today_screen.has_data
        driver.press("Patterns")
        driver.press("The year")
        patterns = driver.app.manager.get_screen("patterns")
        assert not driver.app.snapshot.complete, "three years fold in seconds: still under way here"
        assert patterns.summary.startswith(STILL_READING) and patterns.ids.heat.opacity == 0
        driver.screenshot("review-still-reading", shots)
        driver.press("Worth a look")
        notes = driver.app.manager.get_screen("worth").ids.notes.children
        assert len(notes) == 1 and notes[0].text.startswith(STILL_READING)
        driver.press("Exports & privacy")
        driver.press("Save choices + summary (CSV) and the printable report")
        assert driver.app.status.startswith(STILL_READING) and not (tmp_path / "exports").exists()
        assert not driver.app.snapshot.complete
        began = driver.app.serial

        driver.wait_until(lambda: driver.app.snapshot.complete, timeout=120)
        driver.pump(0.3)
        full = driver.app.snapshot
        assert full.since is None and driver.app.serial == began + 1  # one more snapshot: the full one
        # The early snapshot's days are the full fold's, choice for choice.
        assert first.choices == [c for c in full.choices if c.day >= first.since]
        assert first.reflections == [r for r in full.reflections if r.day >= first.since]
        # The screens filled in by themselves, and the counts are SQLite's over every choice.
        driver.press("Worth a look")  # a screen not on show is drawn anew when it is shown
        notes = driver.app.manager.get_screen("worth").ids.notes.children
        assert notes and not any(n.text.startswith(STILL_READING) for n in notes)
        driver.press("Exports & privacy")
        driver.press("Save choices + summary (CSV) and the printable report")
        driver.wait_until(lambda: driver.app.status.startswith("Saved for the class"), timeout=60)
        driver.press("Patterns")
        assert not patterns.summary.startswith(STILL_READING) and patterns.ids.heat.opacity == 1
        rng = driver.app.rng
        info = full.info
        expected = {(info.child_name(c), info.center_name(k)): n
                    for (c, k), n in sqlite_counts(review_choices(events), rng).items()}
        assert _cells(driver) == expected and sum(expected.values()) > 5000
        recent = last_weeks(today, 4)
        assert sqlite_counts(first.index.between(recent), recent) == sqlite_counts(full.choices, recent)
        assert first.covers(recent) and not first.covers(rng) and not first.covers_day(first.since - timedelta(days=1))
    finally:
        driver.close()
