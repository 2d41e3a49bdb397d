"""``choice-kiosk export``: the window's export files from the command line, and its refusals."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.laptop.demo import load_year
from kiosk.laptop.review.choices import read_store
from kiosk.laptop.review.export_csv import read_choices_csv
from kiosk.laptop.review.privacy_export import export_class
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.store import LaptopStore

TODAY = "2025-10-20"


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    events, centers, children = generate_school_year(events=3000)
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, events, centers, children, retention_until="2099-07-31")
    return tmp_path / "laptop"


def test_the_files_are_the_window_s_files_for_the_same_range(laptop, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "--laptop-dir", str(laptop), "--out", str(out), "--from", "2025-09-08",
                 "--to", "2025-09-19", "--today", TODAY]) == 0
    rng = DateRange(date(2025, 9, 8), date(2025, 9, 19))
    with LaptopStore(laptop) as store:
        choices, _, info = read_store(store)
    window = export_class(tmp_path / "window", choices, info, rng)  # what the Exports tab writes
    for theirs in window:
        ours = out / theirs.name
        if theirs.suffix == ".csv":
            assert ours.read_bytes() == theirs.read_bytes()
        else:
            assert ours.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    expected = sum(1 for c in choices if c.day in rng)
    assert f"{expected} choices from 08 Sep 2025 to 19 Sep 2025" in capsys.readouterr().out
    assert len(read_choices_csv((out / "choices-2025-09-08_to_2025-09-19.csv").read_text(encoding="utf-8-sig"))) == expected


def test_a_preset_range_and_the_real_program(laptop, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "export", "--laptop-dir", str(laptop), "--out", str(out),
                           "--range", "week", "--today", TODAY], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = (out / "summary-2025-10-20_to_2025-10-26.csv").read_text(encoding="utf-8-sig")
    assert next(csv.reader(io.StringIO(summary)))[0] == "child"


def test_demo_fills_a_new_folder_that_ends_the_school_day_before_today(tmp_path, capsys):
    assert main(["export", "--demo", "--laptop-dir", str(tmp_path / "new"), "--out", str(tmp_path / "out"),
                 "--range", "week", "--today", "2026-03-18"]) == 0
    rows = read_choices_csv((tmp_path / "out" / "choices-2026-03-16_to_2026-03-22.csv").read_text(encoding="utf-8-sig"))
    assert max(r["date"] for r in rows) == "2026-03-17"


@pytest.mark.parametrize(("argv", "message"), [
    (["--from", "2025-09-31", "--to", "2025-10-01"], "is not a day on the calendar"),
    (["--from", "2025-10-02", "--to", "2025-10-01"], "after its end"),
    (["--from", "2025-10-01"], "give both --from and --to"),
    (["--today", "yesterday"], "is not a date"),
])
def test_bad_input_is_said_and_exits_2(laptop, tmp_path, capsys, argv, message):
    assert main(["export", "--laptop-dir", str(laptop), "--out", str(tmp_path / "out"), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_folder_without_laptop_data_is_refused_and_not_created(tmp_path, capsys):
    assert main(["export", "--laptop-dir", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "no laptop data in" in capsys.readouterr().err and not (tmp_path / "nowhere").exists()


def test_a_spanish_class_gets_its_export_and_its_messages_in_spanish(laptop, tmp_path):
    """The real program on a Spanish class's folder: what it prints and the files it writes are in Spanish."""

    with LaptopStore(laptop) as store:
        settings = next(iter(store.setup.records("settings")), {"id": "class"})
        store.setup.edit("settings", {**settings, "language": "es"})
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "export", "--laptop-dir", str(laptop), "--out", str(out),
                           "--range", "week", "--today", TODAY], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert " elecciones del 20 oct 2025 al 26 oct 2025:" in done.stdout, done.stdout
    summary = (out / "summary-2025-10-20_to_2025-10-26.csv").read_text(encoding="utf-8-sig")
    assert next(csv.reader(io.StringIO(summary)))[0] == "niño"
    assert '<html lang="es">' in (out / "class-report-2025-10-20_to_2025-10-26.html").read_text(encoding="utf-8")
    for name in ("centers-2025-10-20_to_2025-10-26.csv", "worth-a-look-2025-10-20.csv"):
        assert (out / name).is_file()  # what the window shows beyond the counts, in files too


def test_while_the_window_has_the_folder_open_the_refusal_is_in_the_classs_language(laptop, tmp_path):
    """The window holds the folder (its lock): the real program says so in Spanish, and writes nothing."""
    with LaptopStore(laptop) as store:
        settings = next(iter(store.setup.records("settings")), {"id": "class"})
        store.setup.edit("settings", {**settings, "language": "es"})
        out = tmp_path / "out"
        done = subprocess.run([sys.executable, "-m", "kiosk.cli", "export", "--laptop-dir", str(laptop), "--out",
                               str(out), "--range", "week", "--today", TODAY], capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.strip() == ("choice-kiosk: Los datos de la portátil ya están abiertos en otra ventana u orden "
                                   "de Choice Kiosk. Cierre la otra e inténtelo de nuevo.")


def test_the_files_state_full_days_and_worth_a_look_as_the_window_does(laptop, tmp_path):
    from kiosk.laptop.review.patterns import center_page
    from kiosk.laptop.review.worth_a_look import worth_a_look

    out = tmp_path / "out"
    assert main(["export", "--laptop-dir", str(laptop), "--out", str(out), "--range", "year", "--today", TODAY]) == 0
    with LaptopStore(laptop) as store:
        choices, _, info = read_store(store)
    rng = DateRange(date(2025, 8, 1), date(2025, 10, 20))
    centers = list(csv.DictReader(io.StringIO((out / "centers-2025-08-01_to_2025-10-20.csv").read_text("utf-8-sig"))))
    for row in centers:
        page = center_page(choices, info, row["center_id"], rng)
        assert row["days_full"].split() == [d.isoformat() for d in page.full_days]
        assert int(row["full_choice_times"]) == len(page.full_times) and int(row["choices"]) == page.total
    assert any(row["days_full"] for row in centers)
    worth = list(csv.DictReader(io.StringIO((out / "worth-a-look-2025-10-20.csv").read_text("utf-8-sig"))))
    assert [r["observation"] for r in worth] == [o.text for o in worth_a_look(choices, info, date(2025, 10, 20))]
    from html.parser import HTMLParser

    class Items(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.texts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.texts.append(data)

    report = Items()
    report.feed((out / "class-report-2025-08-01_to_2025-10-20.html").read_text(encoding="utf-8"))
    assert all(r["observation"] in report.texts for r in worth) and worth
