"""Nothing hidden, nothing stale, in the real review window: Worth a look's whole list, an old
folder's ranges, Today's short stays and names, every word after a language change, the notice bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.laptop.review.worth_a_look import PAGE, worth_a_look
from kiosk.laptop.store import LaptopStore
from tests.gui.review_harness import YEAR_TODAY, ReviewDriver, fill_year
from tests.laptop.review.helpers import Log, wall

MONTHS_LATER = date(2026, 12, 7)  # the generated year's last choice is on 22 June 2026
STAMP = {"rev": 1, "edited_at": "2026-01-01T00:00:00+00:00", "edited_by": "laptop"}


def _texts(box) -> list[str]:
    return [w.text for w in reversed(box.children)]


def test_worth_a_look_says_how_many_more_and_opens_the_whole_list(tmp_path, shots):
    fill_year(tmp_path / "laptop")
    review = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports")
    try:
        snap = review.app.snapshot
        every = [review.app.tr(o.text) for o in worth_a_look(snap.choices, snap.info, YEAR_TODAY)]
        assert len(every) > PAGE + 10
        review.press("Worth a look")
        notes = review.app.manager.get_screen("worth").ids.notes
        shown = _texts(notes)
        more = f"Show all {len(every):,} ({len(every) - PAGE:,} more)"
        assert shown == [*every[:PAGE], more]
        review.screenshot("review-worth-page", shots)
        review.press(more)
        review.pump(0.3)
        assert _texts(notes) == [*every, f"All {len(every):,} observations are shown."]
        review.press("Exports & privacy")
        review.press("Save choices + summary (CSV) and the printable report")
        review.wait_until(lambda: review.app.status.startswith("Saved for the class"), timeout=60)
        worth_file = next((tmp_path / "exports").glob("worth-a-look-*.csv")).read_text(encoding="utf-8-sig")
        assert [line.split(",")[0] for line in worth_file.splitlines()[1:]] == every  # the same list, whole
        review.screenshot("review-notice-files", shots)
        bar = review.find(review.app.root, lambda w: getattr(w, "text", "").startswith("Saved for the class"))
        assert bar.texture_size[0] <= bar.width and bar.texture_size[1] >= 4 * bar.font_size  # wrapped, not cut
    finally:
        review.close()


def test_a_folder_months_old_says_so_and_offers_the_range_with_data(tmp_path, shots):
    from kiosk.laptop.demo import load_year
    from kiosk.laptop.review.sample_year import generate_school_year

    with LaptopStore(tmp_path / "laptop") as store:  # kept until 2099: nothing is purged meanwhile
        load_year(store, *generate_school_year(), retention_until="2099-07-31")
    review = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports", today=MONTHS_LATER)
    try:
        review.press("Patterns")
        patterns = review.app.manager.get_screen("patterns")
        bar = patterns.ids.ranges
        review.pump(0.3)
        assert patterns.ids.heat.drawn and all(text == "·" for text in patterns.ids.heat.drawn.values())
        assert bar.stale == "No choices from 10 Nov 2026 to 07 Dec 2026: the last choice on this laptop is from " \
                            "22 Jun 2026."
        assert bar.offer_text == "Show 26 May 2026 to 22 Jun 2026"
        review.screenshot("review-stale-range", shots)
        review.press(bar.offer_text, bar)
        review.pump(0.3)
        assert (review.app.rng.start, review.app.rng.end) == (date(2026, 5, 26), date(2026, 6, 22))
        assert sum(int(t) for t in patterns.ids.heat.drawn.values() if t != "·") > 1000 and bar.stale == ""
        review.press("The year")
        review.pump(0.3)
        assert bar.offer_text == "Show 01 Aug 2025 to 22 Jun 2026"  # the school year that holds the last choice
        review.press("Worth a look")
        notes = _texts(review.app.manager.get_screen("worth").ids.notes)
        assert notes[0] == ("The last choices on this laptop are from 22 June 2026: these observations are as of "
                            "that day.")
        assert any("has not tried" in text for text in notes)
    finally:
        review.close()


def _hand_made(folder: Path) -> None:
    """A day with short stays, a name with a comma who made no choice, and a class setting to change."""
    log = Log()
    day = "2026-03-03"
    log.add("ann", "lego", wall(day, "09:00"))
    log.add("ann", "paint", wall(day, "09:01"))  # a minute at Lego: a short stay
    log.add("ben", "lego", wall(day, "09:02"))
    log.add("ben", "lego", wall(day, "10:30"))
    with LaptopStore(folder) as store:
        store.exchange.take_events("A", log.events, max(e.seq for e in log.events))
        store.setup.replace("centers", [{"id": c, "name": n, "seats": 4, "colour": "#3b7dd8", "picture": "x.png",
                                           "purpose": "", **STAMP} for c, n in (("lego", "Lego"), ("paint", "Paint"))])
        store.setup.replace("children", [{"id": k, "first_name": n, "picture": "a.png", **STAMP}
                                           for k, n in (("ann", "Annabelle Zoë"), ("ben", "Ben"),
                                                        ("jm", "José, María"), ("cy", "Cy"))])
        store.setup.replace("settings", [{"id": "class", "language": "en", "retention_until": "2099-07-31",
                                            **STAMP}])


def test_today_names_short_stays_lists_names_apart_and_follows_a_language_change(tmp_path, shots):
    _hand_made(tmp_path / "laptop")
    review = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports", today=date(2026, 3, 5))
    try:
        today = review.app.manager.get_screen("today")
        review.wait_until(lambda: today.has_data, timeout=30)
        assert today.note == "No choices yet today: this is the last day with choices, Tuesday 03 March."
        rows = [w for w in today.ids.centers.children if hasattr(w, "shown")]
        lego = next(row for row in rows if {"Annabelle Zoë", "Ben"} <= set(row.texts()))
        short = lego.texts().index("Annabelle Zoë")
        assert lego.shown()[short] == "AZ"  # a minute's stay: initials, never "…"
        review.touch_at(*lego.to_window(*lego.block_center(short)))
        review.pump(0.1)
        assert "Annabelle Zoë at Lego, 09:00–09:01" in today.picked
        names = [w.text for w in today.ids.children.walk() if type(w).__name__ == "Note"]
        assert "José, María" in names and "Cy" in names  # a label each, never "José, María, Cy"
        review.screenshot("review-today-short-stays", shots)

        def class_language(code: str) -> None:
            review.app.change(lambda store: store.setup.edit(
                "settings", {**next(iter(store.setup.records("settings"))), "language": code}), "")
            review.wait_until(lambda: review.app.language == code, timeout=30)
            review.pump(0.5)

        class_language("es")  # what is on the screen turns at once, the note included
        assert today.note == "Todavía no hay elecciones hoy: este es el último día con elecciones, martes 3 de marzo."
        assert today.day_text.startswith("martes")
        today.ids.picker.text = "2026-02-30"
        review.press("Ir")
        problem = '"2026-02-30" no es un día del calendario: revise el mes y el día.'
        assert review.find(today, lambda w: type(w).__name__ == "Note" and w.text == problem)
        class_language("en")
        assert review.find(today, lambda w: type(w).__name__ == "Note" and w.text.startswith(
            '"2026-02-30" is not a day on the calendar'))
    finally:
        review.close()
