"""The teacher's review window, driven by real touches over a generated school year.

30 children, 12 centers, 36,000 events on two kiosks; every figure checked
against an independent count (SQLite GROUP BY) or the store itself.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from kiosk.bench.sqlite_check import sqlite_counts
from kiosk.laptop.review.choices import review_choices
from kiosk.laptop.review.ranges import last_weeks, school_year
from tests.gui.review_harness import YEAR_TODAY, ReviewDriver, fill_year
from tests.sync.test_photos import tiny_png


@pytest.fixture
def year(tmp_path: Path):
    return fill_year(tmp_path / "laptop")


@pytest.fixture
def review(tmp_path: Path, year):
    driver = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports")
    yield driver
    driver.close()


def _cells(driver: ReviewDriver) -> dict[tuple[str, str], int]:
    """The heat map as drawn: (child name, center name) → the number in the cell."""
    heat = driver.app.manager.get_screen("patterns").ids.heat
    return {key: 0 if text == "·" else int(text) for key, text in heat.drawn.items()}


def _rows(driver: ReviewDriver) -> list[str]:
    return list(driver.app.manager.get_screen("patterns").ids.heat.row_names)


def test_every_view_opens_by_touch_and_is_photographed(review, shots):
    assert review.screen == "today"
    today = review.app.manager.get_screen("today")
    assert "Friday 19 June 2026" in today.day_text and len(today.ids.centers.children) > 10
    review.screenshot("review-today", shots)
    for tab, name, shot in (("Patterns", "patterns", "review-patterns"), ("Worth a look", "worth", "review-worth"),
                            ("Class", "class", "review-class"), ("Exports & privacy", "exports", "review-exports")):
        review.press(tab)
        assert review.screen == name
        review.screenshot(shot, shots)
    review.press("Worth a look")
    first = review.app.manager.get_screen("worth").ids.notes.children[-1]
    review.tap(first, settle=0.05)
    assert review.screen in ("child", "center")
    review.press("Patterns")
    review.tap(review.button("Ben"), settle=0.05)
    assert review.screen == "child" and review.app.manager.current_screen.title.startswith("Ben — ")
    review.screenshot("review-child", shots)
    review.press("Patterns")
    patterns = review.app.manager.get_screen("patterns")
    totals = patterns.ids.heat.totals()
    heading = review.button("Lego Stories")
    for scrolled in (1, 0.5, 0):  # the header and the totals row stay in sight wherever the rows are scrolled
        patterns.ids.scroller.scroll_y = scrolled
        review.pump(0.2)
        for sticky in (totals[0], heading):
            x, y = sticky.to_window(*sticky.center)
            assert 0 < y < review.app.root.height and sticky.get_root_window() is not None
            scroller = patterns.ids.scroller
            assert not scroller.collide_point(*scroller.parent.to_widget(x, y))  # outside the scrolling rows
    review.tap(totals[0], settle=0.05)
    assert review.screen == "center" and review.app.current_tab == ""
    review.screenshot("review-center", shots)
    review.press("< Back")
    assert review.screen == "patterns" and review.app.current_tab == "patterns"


def test_the_heat_map_matches_sqlite_for_four_weeks_and_the_year(review, year):
    events, _, _ = year
    choices = review_choices(events)
    info = review.app.snapshot.info
    for button, rng in (("Last 4 weeks", last_weeks(YEAR_TODAY, 4)), ("The year", school_year(YEAR_TODAY))):
        review.press("Patterns")
        review.press(button)
        assert review.app.rng == rng
        expected = {(info.child_name(c), info.center_name(k)): n for (c, k), n in sqlite_counts(choices, rng).items()}
        drawn = _cells(review)
        assert {key: n for key, n in drawn.items() if n} == expected
        assert sum(drawn.values()) > 1000


def test_sorting_by_a_center_puts_its_keenest_children_first(review):
    review.press("Patterns")
    review.press("Lego Stories")
    drawn = _cells(review)
    counts = [drawn[(name, "Lego Stories")] for name in _rows(review)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    review.press("Child")
    assert _rows(review) == sorted(_rows(review), key=str.casefold) and len(_rows(review)) == 30


def test_a_bad_custom_date_is_explained_and_the_range_kept(review):
    review.press("Patterns")
    bar = review.app.manager.get_screen("patterns").ids.ranges
    before = review.app.rng
    bar.ids.start.text = "31/05/2026"
    review.press("Show", bar)
    assert "year-month-day" in bar.problem and review.app.rng == before
    bar.ids.start.text, bar.ids.end.text = "2026-06-01", "2026-06-05"
    review.press("Show", bar)
    assert (review.app.rng.start, review.app.rng.end) == (date(2026, 6, 1), date(2026, 6, 5)) and bar.problem == ""


def test_adding_a_child_checks_the_form_and_saves_for_the_kiosks(review, tmp_path):
    from kiosk.laptop.store import LaptopStore

    review.press("Class")
    review.press("Add a child")
    popup = review.app.root_window.children[0]
    review.press("Save", popup)
    assert "Please type the first name." in popup.message
    popup.set_value("first_name", "Nuñez")
    (tmp_path / "notes.txt").write_text("not a photo")
    popup.set_value("photo", str(tmp_path / "notes.txt"))
    review.press("Save", popup)
    assert "not a PNG or JPEG" in popup.message
    (tmp_path / "nunez.png").write_bytes(tiny_png())
    popup.set_value("photo", str(tmp_path / "nunez.png"))
    review.press("Save", popup)
    review.wait_until(lambda: "Saved Nuñez" in review.app.status, timeout=30)
    review.wait_until(lambda: any("Nuñez" in w.text for w in review.app.manager.get_screen("class").ids.children.walk()
                                  if hasattr(w, "text")))
    review.close()
    with LaptopStore(tmp_path / "laptop") as store:
        saved = [r for r in store.setup.records("children") if r.get("first_name") == "Nuñez"]
        assert store.photos.read(saved[0]["picture"]) == tiny_png()
    assert len(saved) == 1 and saved[0]["edited_by"] == "laptop" and saved[0]["rev"] == 1


def test_a_picture_is_picked_by_its_name_and_saved_as_its_file(review, tmp_path, shots):
    from kiosk.laptop.store import LaptopStore

    review.press("Class")
    review.press("Add a child")
    popup = review.app.root_window.children[0]
    spinner = popup._inputs["picture"]
    assert spinner.values and all("/" not in v and not v.endswith(".png") for v in spinner.values), spinner.values
    assert "/" not in spinner.text and not spinner.text.endswith(".png")
    spinner.text = "fox"
    review.pump(0.2)
    image = next(w for w in popup.walk() if type(w).__name__ == "Image")
    assert image.source.endswith("avatars/fox.png")
    review.screenshot("review-class-picture-names", shots)
    popup.set_value("first_name", "Pia")
    review.press("Save", popup)
    review.wait_until(lambda: "Saved Pia" in review.app.status, timeout=30)
    review.close()
    with LaptopStore(tmp_path / "laptop") as store:
        saved = [r for r in store.setup.records("children") if r.get("first_name") == "Pia"]
    assert [r["picture"] for r in saved] == ["avatars/fox.png"]


def test_exports_write_csv_that_parses_back_and_the_report(review, tmp_path, year):
    review.press("Exports & privacy")
    review.press("Save choices + summary (CSV) and the printable report")
    review.wait_until(lambda: review.app.status.startswith("Saved for the class"), timeout=30)
    folder = tmp_path / "exports"
    rng = last_weeks(YEAR_TODAY, 4)
    text = (folder / f"choices-{rng.start}_to_{rng.end}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [c for c in review_choices(year[0]) if c.day in rng]
    assert len(rows) == len(expected) and set(rows[0]) >= {"date", "time", "child", "center", "how", "kiosk"}
    assert (folder / f"class-report-{rng.start}_to_{rng.end}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct((folder / f"summary-{rng.start}_to_{rng.end}.csv").stat().st_mode & 0o777) == "0o600"


def test_deleting_a_child_everywhere_removes_their_choices_from_the_files(review, tmp_path):
    screen = review.app.manager.get_screen("exports")
    info = review.app.snapshot.info
    child_id = next(cid for cid, child in info.children.items() if child.first_name == "Zoë")
    review.press("Exports & privacy")
    screen.ids.child.text = "Zoë"
    review.press("Export everything about this child")
    review.wait_until(lambda: review.app.status.startswith("Everything held about Zoë"), timeout=30)
    for part in ("choices.csv", "every-entry.csv", "record.txt", "README.txt", "report.html"):
        assert (tmp_path / "exports" / f"Zoë-{part}").is_file()
    review.press("Delete this child everywhere…")
    popup = review.app.root_window.children[0]
    assert "choices Zoë made?" in popup.text
    review.press("Delete Zoë", popup)
    review.wait_until(lambda: review.app.status.startswith("Deleted Zoë"), timeout=60)
    assert "printed reports" in review.app.status
    review.wait_until(lambda: review.app.root_window.children[0].title == "Earlier exports of Zoë", timeout=30)
    review.press("Delete these files", review.app.root_window.children[0])
    assert not list((tmp_path / "exports").glob("Zoë-*"))
    review.wait_until(lambda: child_id not in review.app.snapshot.info.children, timeout=60)
    assert all(c.child_id != child_id for c in review.app.snapshot.choices)
    files = list((tmp_path / "laptop" / "events").glob("*.choices"))
    assert files, "the laptop keeps each kiosk's choices in events/<kiosk>.choices"
    for choices in files:
        assert child_id.encode() not in choices.read_bytes()
