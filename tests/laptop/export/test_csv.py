"""The spreadsheet exports parse back with the csv module exactly as written."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections import Counter
from datetime import date

import pytest

from kiosk.bench.sqlite_check import sqlite_switches
from kiosk.laptop.review.choices import CHOICE_TIME_GAP, class_info, review_choices
from kiosk.laptop.review.export_csv import (
    CHOICE_HEADERS,
    choices_csv,
    neutralise,
    read_choices_csv,
    summary_csv,
    write_csv,
)
from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild
from kiosk.laptop.review.ranges import DateRange, last_weeks
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.errors import StorageError

from ..review.helpers import Log, wall
from . import TRICKY_NAMES, small_choices, small_class

WEEK = DateRange(date(2026, 9, 3), date(2026, 9, 7))


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_headers_come_first_in_the_documented_order():
    rows = _rows(choices_csv(small_choices(), small_class()))
    assert rows[0][:6] == ["date", "time", "child", "center", "how", "kiosk"]
    assert tuple(rows[0]) == CHOICE_HEADERS


def test_one_row_per_choice_inside_the_range_only():
    choices = small_choices()
    rows = _rows(choices_csv(choices, small_class(), WEEK))
    inside = [c for c in choices if WEEK.start <= c.day <= WEEK.end]
    assert len(rows) - 1 == len(inside) == 5 * 7
    assert {r[0] for r in rows[1:]} == {f"2026-09-0{d}" for d in range(3, 8)}


def test_no_range_means_every_choice():
    choices = small_choices()
    assert len(_rows(choices_csv(choices, small_class()))) - 1 == len(choices)


def test_lines_end_with_crlf_and_tricky_names_are_quoted():
    text = choices_csv(small_choices(1), small_class())
    assert text.endswith("\r\n")
    assert '"Nuñez, Ana"' in text
    assert '"Bo ""Bear"""' in text
    assert '"Line\nBreak"' in text


def test_names_with_commas_quotes_newlines_and_accents_read_back_whole():
    rows = read_choices_csv(choices_csv(small_choices(), small_class()))
    assert {r["child"] for r in rows} == set(TRICKY_NAMES.values()) - {"-Lee"}
    assert {r["center"] for r in rows} >= {"Mystery Plate", "+Art & Paint"}


def test_formula_names_are_written_as_text():
    rows = _rows(choices_csv(small_choices(), small_class()))
    children = {r[2] for r in rows[1:]}
    centers = {r[3] for r in rows[1:]}
    assert "'=1+2" in children and "'@Sam" in children
    assert "'+Art & Paint" in centers
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_a_quote_to_anything_a_sheet_would_evaluate(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Zoë", "O'Brien", "a=b", "2026-09-01", ""])
def test_neutralise_leaves_ordinary_text_alone(text):
    assert neutralise(text) == text


def test_summary_has_a_row_per_child_a_column_per_center_and_a_total():
    rows = _rows(summary_csv(small_choices(), small_class(), WEEK))
    header = rows[0]
    assert header[0] == "child" and header[-1] == "total"
    assert sorted(header[1:-1]) == sorted(["'+Art & Paint", "Blocks", "Library", "Mystery Plate"])
    assert len(rows) - 1 == len(TRICKY_NAMES)


def test_summary_counts_and_totals_equal_the_choices():
    choices = small_choices()
    info = small_class()
    inside = [c for c in choices if WEEK.start <= c.day <= WEEK.end]
    expected = Counter((info.child_name(c.child_id), info.center_name(c.center_id)) for c in inside)
    rows = _rows(summary_csv(choices, info, WEEK))
    centers = [name.removeprefix("'") for name in rows[0][1:-1]]
    grand = 0
    for row in rows[1:]:
        child = row[0].removeprefix("'")
        counts = [int(x) for x in row[1:-1]]
        assert counts == [expected[(child, center)] for center in centers]
        assert int(row[-1]) == sum(counts)
        grand += int(row[-1])
    assert grand == len(inside)
    zoe = next(r for r in rows if r[0] == "Zoë")
    assert zoe[1 + centers.index("Blocks")] == "5" and zoe[-1] == "5"
    lee = next(r for r in rows if r[0] == "'-Lee")
    assert lee[-1] == "0"


def test_summary_rows_follow_names_not_counts():
    rows = _rows(summary_csv(small_choices(), small_class(), WEEK))
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names, key=lambda n: n.removeprefix("'").casefold())


def test_write_csv_adds_a_bom_and_is_owner_only(tmp_path):
    text = choices_csv(small_choices(), small_class())
    path = write_csv(tmp_path / "choices.csv", text)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8") == text
    assert "Zoë".encode() in raw
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert raw.decode("utf-8-sig") == text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_bom_file_reads_back_with_every_row(tmp_path):
    choices = small_choices()
    path = write_csv(tmp_path / "c.csv", choices_csv(choices, small_class()))
    rows = read_choices_csv(path.read_bytes().decode("utf-8"))
    assert len(rows) == len(choices)
    assert "date" in rows[0] and "\ufeffdate" not in rows[0]
    first = rows[0]
    assert first["child_id"] in TRICKY_NAMES and first["clock"] == "anchored"
    assert first["how"] in {"tap", "badge", "teacher"} and first["kiosk"] == "kiosk-1"


def test_reading_something_else_is_refused():
    with pytest.raises(ValueError):
        read_choices_csv("name,age\r\nx,1\r\n")


class _FailingFsync(FileOps):
    def fsync(self, fd: int) -> None:
        raise OSError(5, "I/O error")


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    path = write_csv(tmp_path / "c.csv", "old\r\n")
    with pytest.raises(StorageError):
        write_csv(path, "new\r\n", ops=_FailingFsync())
    assert path.read_bytes().decode("utf-8-sig") == "old\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["c.csv"]


def test_headers_are_in_the_classs_language_and_read_back_in_either():
    """A Spanish class's file has Spanish headers (codes and ids as they are); reading it gives the English keys."""
    from kiosk.laptop.language import locale_dir
    from kiosk.laptop.review.export_csv import CHOICE_COLUMNS, REFLECTION_HEADERS, headers
    from kiosk.shared.text.i18n import Translator

    spanish = Translator("es", locale_dir())
    text = choices_csv(small_choices(), small_class(), words=spanish)
    rows = _rows(text)
    assert rows[0] == ["fecha", "hora", "niño", "centro", "cómo", "quiosco", "id_niño", "id_centro", "reloj", "cambió",
                       "tiempo_de_elección"]
    assert all(len(row) == len(CHOICE_COLUMNS) for row in rows)
    assert len(set(headers(CHOICE_COLUMNS, spanish))) == len(CHOICE_COLUMNS)  # no two columns read back alike
    assert set(headers(CHOICE_COLUMNS, spanish)).isdisjoint(CHOICE_HEADERS)
    assert read_choices_csv(text) == read_choices_csv(choices_csv(small_choices(), small_class()))
    assert set(read_choices_csv(text)[0]) == set(CHOICE_HEADERS)
    summary = _rows(summary_csv(small_choices(), small_class(), WEEK, spanish))
    assert summary[0][0] == "niño" and summary[0][-1] == "total"
    assert "sentimiento" in [spanish(h) for h in REFLECTION_HEADERS]


def test_a_column_added_by_a_newer_version_is_kept_when_read():
    text = "date,time,child,center,how,kiosk,child_id,center_id,clock,switched,mood\r\n" \
           "2026-09-03,09:00,Ann,Lego,tap,k1,ann,lego,anchored,0,calm\r\n"
    assert read_choices_csv(text)[0]["mood"] == "calm"


def _switched_by_child(text: str) -> dict[str, int]:
    found: Counter[str] = Counter()
    for row in read_choices_csv(text):
        assert row["switched"] in ("0", "1")
        found[row["child_id"]] += int(row["switched"])
    return {child: n for child, n in found.items() if n}


def test_switched_is_one_only_for_a_change_to_another_center_in_the_same_choice_time():
    log = Log()
    log.add("ann", "lego", wall("2026-03-03", "09:00"))
    log.add("ann", "lego", wall("2026-03-03", "09:10"))  # the same center again
    log.add("ann", "paint", wall("2026-03-03", "09:20"))  # a switch
    wrong = log.add("ann", "sand", wall("2026-03-03", "09:25"))
    log.add("ann", None, wall("2026-03-03", "09:26"), "undone", ref=wrong, method="teacher")
    log.add("ann", "lego", wall("2026-03-03", "09:30"))  # back from paint: a switch
    log.add("ann", "sand", wall("2026-03-03", "09:35"), "moved", method="teacher")  # the teacher's move
    log.add("ann", "paint", wall("2026-03-03", "11:00"))  # a later choice time
    choices = review_choices(log.events, {})
    info = ClassInfo(centers={c: ReviewCenter(c, c.title(), "") for c in ("lego", "paint", "sand")},
                     children={"ann": ReviewChild("ann", "Ann")})
    rows = read_choices_csv(choices_csv(choices, info))
    assert [(r["center_id"], r["how"], r["switched"]) for r in rows] == [
        ("lego", "tap", "0"), ("lego", "tap", "0"), ("paint", "tap", "1"), ("lego", "tap", "1"),
        ("sand", "teacher", "0"), ("paint", "tap", "0"),
    ]


def test_switched_column_sums_to_sqlite_s_switches_from_the_raw_entries_over_a_year():
    events, centers, children = generate_school_year()
    choices, info = review_choices(events, {}), class_info(centers, children)
    last_day = max(c.day for c in choices)
    gap = CHOICE_TIME_GAP.total_seconds() / 60
    for rng in (DateRange(min(c.day for c in choices), last_day), last_weeks(last_day, 4)):
        expected = sqlite_switches(events, rng, gap)
        assert sum(expected.values()) > 20
        assert _switched_by_child(choices_csv(choices, info, rng)) == expected
