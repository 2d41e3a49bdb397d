"""A retention date that deletes choices does nothing until the teacher confirmed, by real touches."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.laptop.confirm_popup import ConfirmPopup
from tests.gui.review_harness import ReviewDriver, fill_year


@pytest.fixture
def review(tmp_path: Path):
    fill_year(tmp_path / "laptop")
    driver = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports")
    yield driver
    driver.close()


def _held(review: ReviewDriver) -> list[dict]:
    """The choices in the laptop's files, read by the store's own thread."""
    return review.app.session.call(lambda store: [e for e in store.choices.events() if e.kind in ("chose", "moved")])


def _type_retention(review: ReviewDriver, day: str) -> None:
    review.press("Class")
    review.press("Change the settings")
    form = review.app.root_window.children[0]
    form.set_value("retention_until", day)
    review.press("Save", form)
    review.wait_until(lambda: isinstance(review.app.root_window.children[0], ConfirmPopup), timeout=60)


def test_a_retention_date_deletes_nothing_until_confirmed_twice_and_then_exactly_the_count(review, shots):
    """It counts the choices Patterns shows for those days, names the undone ones apart, and the purge then
    deletes both from the files."""
    before = _held(review)
    undone = review.app.session.call(lambda store: {e.ref for e in store.choices.events() if e.kind == "undone"})
    doomed = [e for e in before if e.day <= "2025-12-31"]
    expected = sum(1 for e in doomed if e.id not in undone)
    undone_too = len(doomed) - expected
    assert expected == sum(1 for c in review.app.snapshot.choices if c.day.isoformat() <= "2025-12-31")
    _type_retention(review, "2025-12-31")
    popup = review.app.root_window.children[0]
    assert f"This deletes {expected:,} choices (from 01 September 2025 to 19 December 2025)" in popup.text
    assert f"It also deletes {undone_too:,} choices the teacher undid (not counted above)." in popup.text
    assert "on every kiosk at its next sync" in popup.text
    review.screenshot("review-retention-confirm", shots)
    review.press("Keep the choices", popup)
    review.pump(0.5)
    assert "Nothing was saved" in review.app.status and len(_held(review)) == len(before)
    assert review.app.snapshot.settings.get("retention_until") != "2025-12-31"

    _type_retention(review, "2025-12-31")
    review.press(f"Delete {expected:,} choices", review.app.root_window.children[0])
    review.wait_until(lambda: isinstance(review.app.root_window.children[0], ConfirmPopup), timeout=10)
    again = review.app.root_window.children[0]
    assert again.title == "Are you sure?" and f"This deletes {expected:,} choices" in again.text
    assert "choices of the current term" in again.text  # no term dates: the school year is the term
    assert len(_held(review)) == len(before)  # one confirmation is not enough for this one
    review.press(f"Yes, delete {expected:,} choices", again)
    review.wait_until(lambda: review.app.status.startswith("Saved the class settings"), timeout=60)
    review.wait_until(lambda: review.app.snapshot.settings.get("retention_until") == "2025-12-31", timeout=60)
    assert len(before) - len(_held(review)) == expected + undone_too


def test_a_date_that_deletes_nothing_now_is_saved_without_a_question(review):
    _held_before = len(_held(review))
    review.press("Class")
    review.press("Change the settings")
    form = review.app.root_window.children[0]
    form.set_value("retention_until", "2027-07-31")
    review.press("Save", form)
    review.wait_until(lambda: review.app.snapshot.settings.get("retention_until") == "2027-07-31", timeout=60)
    assert not any(isinstance(w, ConfirmPopup) for w in review.app.root_window.children)
    assert len(_held(review)) == _held_before
