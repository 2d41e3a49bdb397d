"""The retention preview counts exactly what the purge then deletes, and asks twice when it should."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.laptop.demo import load_year
from kiosk.laptop.retention_preview import RetentionPreview, preview_retention, retention_preview
from kiosk.laptop.review.choices import read_store
from kiosk.laptop.review.patterns import heat_map
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.store import LaptopStore
from tests.sync.events import records, typed

from .events import event

TODAY = date(2025, 11, 20)


def _choices_in_files(store: LaptopStore) -> list[dict]:
    return [e for e in records(store.choices.events()) if e["kind"] in ("chose", "moved")]


def test_the_preview_names_what_the_purge_deletes_from_the_files(tmp_path: Path) -> None:
    """It counts the choices Patterns shows for the same days, and the undone ones apart; together they are
    the choice entries the purge then takes from the files."""
    events, centers, children = generate_school_year(events=4000)
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, events, centers, children)
        before = _choices_in_files(store)
        preview = preview_retention(store, "2025-09-30", TODAY)
        assert _choices_in_files(store) == before  # a preview deletes nothing
        choices, _, info = read_store(store)
        shown = heat_map(choices, info, DateRange(date(2000, 1, 1), date(2025, 9, 30))).total  # Patterns' count
        undone = {e["ref"] for e in records(store.choices.events()) if e["kind"] == "undone"}
        expected = [e for e in before if e["day"] <= "2025-09-30"]
        undone_gone = sum(1 for e in expected if e["id"] in undone)
        assert preview.choices == shown == len(expected) - undone_gone > 0 and undone_gone > 0
        assert (preview.undone, preview.held) == (undone_gone, len(choices))
        assert (preview.first, preview.last) == (date(2025, 9, 1), max(date.fromisoformat(e["day"]) for e in expected))
        assert "on this laptop now and on every kiosk at its next sync" in preview.message()
        assert f"This deletes {shown:,} choices (from 01 September 2025 to" in preview.message()
        assert f"It also deletes {undone_gone:,} choices the teacher undid (not counted above)." in preview.message()
        store.retention.purge_through("2025-09-30")
        assert len(before) - len(_choices_in_files(store)) == preview.choices + preview.undone


def test_a_date_not_yet_passed_deletes_nothing_now(tmp_path: Path) -> None:
    events, centers, children = generate_school_year(events=600)
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, events, centers, children)
        preview = preview_retention(store, "2026-07-31", TODAY)
    assert (preview.choices, preview.through, preview.ask_again) == (0, None, False)
    assert preview.message() == "This date deletes no choices now."


def test_choices_whose_clock_was_wrong_are_not_counted_but_said() -> None:
    lost = event("k", 1, wall="1970-01-03T09:00:00+00:00", boot="b-lost", mono=5.0)
    old = event("k", 2, wall="2025-09-02T09:00:00+00:00", boot="b-sept", mono=5.0)
    preview = retention_preview({"k": (typed([lost, old]), [])}, "2025-09-30", TODAY)
    assert (preview.choices, preview.doubtful, preview.held) == (1, 1, 2)
    assert "1 choice recorded while a kiosk's clock was wrong stay" in preview.message()
    assert "This deletes 1 choice (from 02 September 2025 to 02 September 2025)" in preview.message()


def test_the_current_term_or_a_large_share_is_asked_about_twice() -> None:
    def preview(last: date, choices: int, held: int) -> RetentionPreview:
        return RetentionPreview("x", last, choices, held, date(2025, 9, 1), last, 0, date(2025, 11, 3))

    assert not preview(date(2025, 10, 31), 10, 100).ask_again
    reaching = preview(date(2025, 11, 5), 10, 100)
    assert reaching.ask_again and "choices of the current term (since 03 November 2025)" in reaching.second_message()
    large = preview(date(2025, 10, 31), 30, 100)
    assert large.ask_again and "30 % of all the choices on this laptop" in large.second_message()
    assert "This deletes 30 choices" in large.second_message()
    assert not preview(date(2025, 11, 5), 0, 100).ask_again


def test_both_questions_in_the_classs_language() -> None:
    """A Spanish class is asked in Spanish, dates from Babel, counts with their plural, both reasons joined."""
    from kiosk.laptop.language import locale_dir
    from kiosk.shared.text.i18n import Translator

    spanish = Translator("es", locale_dir())
    both = RetentionPreview("x", date(2025, 11, 5), 30, 100, date(2025, 9, 1), date(2025, 11, 5), 1, date(2025, 11, 3))
    assert both.message(spanish) == (
        "Esto borra 30 elecciones (del 1 de septiembre de 2025 al 5 de noviembre de 2025) en esta portátil ahora y "
        "en cada quiosco en su próxima sincronización. No se puede deshacer. Se conserva 1 elección registrada "
        "mientras el reloj de un quiosco estaba mal.")
    assert both.second_message(spanish) == (
        "¿Está seguro? Esto borra 30 elecciones, incluidas elecciones del período actual (desde el 3 de noviembre "
        "de 2025) y el 30 % de todas las elecciones de esta portátil. Revise el año de la fecha que escribió.")
    assert RetentionPreview("x", None, 0, 100).message(spanish) == "Esta fecha no borra ninguna elección por ahora."
    assert "including choices of the current term (since 03 November 2025) and 30 %" in both.second_message()
