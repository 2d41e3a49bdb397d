"""Today's date controls, context that follows the teacher, a newer click winning, Sync now never silent."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.laptop.review.ranges import DateRange
from screens.laptop.text_textures import initials
from tests.gui.review_harness import ReviewDriver, fill_year

AFTER_THE_YEAR = date(2026, 6, 27)


def _touches_before_the_next_frame(button, times: int) -> None:
    """Real touches on ``button``, all delivered before the window draws again (as a fast hand's are)."""
    from kivy.tests.common import UnitTestTouch

    x, y = button.to_window(*button.center)
    for _ in range(times):
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()  # a Saturday after the generated year's last day (Monday 22 June)


@pytest.fixture
def review(tmp_path: Path):
    fill_year(tmp_path / "laptop")
    driver = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports", today=AFTER_THE_YEAR)
    yield driver
    driver.close()


def test_today_lands_on_the_last_day_with_choices_and_has_a_date_box(review, shots):
    today = review.app.manager.get_screen("today")
    review.wait_until(lambda: today.has_data, timeout=30)
    assert today.day == date(2026, 6, 22) and "last day with choices" in today.note
    today.ids.picker.text = "2025-09-08"
    review.press("Go")
    review.wait_until(lambda: today.day_text == "Monday 08 September 2025" and today.has_data)
    today.ids.picker.text = "2025-09-31"
    review.press("Go")
    assert "not a day on the calendar" in today.problem and today.day == date(2025, 9, 8)
    review.press("Today", today)  # the screen's button, not the tab
    review.wait_until(lambda: today.day == AFTER_THE_YEAR and not today.has_data)
    review.press("Last day with choices")
    review.wait_until(lambda: today.day == date(2026, 6, 22) and today.has_data)
    review.screenshot("review-today-controls", shots)
    rows = [w for w in today.ids.centers.children if hasattr(w, "shown")]
    shown = [text for row in rows for text in row.shown()]
    names = {text for row in rows for text in row.texts()}
    short = {initials(name.removesuffix("?")) + ("?" if name.endswith("?") else "") for name in names}
    assert shown and all(text in names | short | {"…"} for text in shown)  # whole names, initials, never cut
    assert any(text in short for text in shown)  # the short stays are named by their initials
    lines = [w for w in today.lines.children if hasattr(w, "texture_size") and ":" in w.text]
    assert lines and all(not w.shorten and w.height >= w.texture_size[1] for w in lines)  # wrapped, not cut


def test_fast_day_clicks_draw_once_for_the_newest_day(review):
    today = review.app.manager.get_screen("today")
    review.wait_until(lambda: today.has_data, timeout=30)
    drawn = []
    original = today.draw
    today.draw = lambda: (drawn.append(today.day), original())
    review.pump(0.4)
    _touches_before_the_next_frame(review.button("<  Day before"), 8)
    review.pump(0.5)
    assert today.day == date(2026, 6, 22) - timedelta(days=8)
    assert drawn == [today.day]


def test_a_child_opened_from_today_shows_that_day_at_the_top(review):
    today = review.app.manager.get_screen("today")
    review.wait_until(lambda: today.has_data, timeout=30)
    child = review.app.manager.get_screen("child")
    child.ids.scroll.scroll_y = 0
    line = today.lines.children[-1]  # the first child's line (kept between days: today.lines)
    review.tap(line, settle=0.05)
    review.pump(0.3)
    assert review.screen == "child" and review.app.rng == DateRange(date(2026, 6, 22), date(2026, 6, 22))
    assert child.ids.scroll.scroll_y == 1 and "22 Jun 2026 to 22 Jun 2026" in child.title


def test_sync_now_while_busy_says_so_and_runs_when_free(review):
    said: list[str] = []
    review.app.bind(status=lambda _app, text: said.append(text))
    review.pump(0.4)
    _touches_before_the_next_frame(review.button("Sync now"), 2)
    assert said[:2] == ["Syncing…", "A sync is still running: Sync now runs as soon as it ends."]
    review.wait_until(lambda: said.count("No kiosk is paired yet: use Pair a kiosk.") == 2, timeout=30)


def test_the_picture_field_shows_the_picture(review, shots):
    from kivy.uix.image import Image

    review.press("Class")
    review.press("Add a center")
    form = review.app.root_window.children[0]
    form.set_value("picture", "centers/shop.png")
    review.pump(0.2)
    image = review.find(form, lambda w: isinstance(w, Image) and w.source.endswith("shop.png"))
    assert Path(image.source).is_file() and image.texture is not None
    review.screenshot("review-class-edit", shots)
