"""The printable report is one well-formed, self-contained, escaped HTML file."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import date, datetime
from html import escape
from html.parser import HTMLParser

import pytest

from kiosk.laptop.review.model import ClassInfo
from kiosk.laptop.review.privacy_export import export_child, safe_file_name
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_html import child_report, class_report, write_report

from . import TRICKY_NAMES, small_choices, small_class

SEPT = DateRange(date(2026, 9, 1), date(2026, 9, 30))
STAMP = datetime(2026, 9, 30, 15, 30)
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
SVG_LEAVES = {"rect", "text", "line", "path", "circle"}


class _Checker(HTMLParser):
    """Balanced tags, all visible text, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, checker.stack
    return checker


@pytest.fixture(scope="module")
def class_html() -> str:
    return class_report(small_choices(), small_class(), SEPT, generated_at=STAMP)


@pytest.fixture(scope="module")
def child_html() -> str:
    return child_report(small_choices(), small_class(), "c1", SEPT, generated_at=STAMP)


def test_class_report_is_well_formed_and_names_every_child(class_html):
    checker = _parse(class_html)
    assert class_html.startswith("<!DOCTYPE html>")
    for name in TRICKY_NAMES.values():
        assert name in checker.text  # a text of its own, as typed
    assert "table" in checker.tags


def test_markup_in_a_name_is_escaped_never_run(class_html, child_html):
    for html in (class_html, child_html):
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "script" not in _parse(html).tags


def test_reports_are_self_contained(class_html, child_html):
    for html in (class_html, child_html):
        assert "http" not in html
        assert "url(" not in html and "@import" not in html
        assert not {"script", "link", "img", "iframe"} & set(_parse(html).tags)
        assert "<style>" in html
    assert "<svg" in child_html  # the day-by-day strip


def test_print_styles_fit_a4_and_letter(class_html):
    assert "@page { size: auto; margin: 15mm; }" in class_html
    assert "max-width: 180mm" in class_html
    assert "@media print" in class_html


def test_the_heat_map_shows_counts_in_the_centers_colours(class_html):
    assert "--c:#e07a2f" in class_html and "--c:#3b7dd8" in class_html
    assert ">10</td>" in class_html
    assert "background:#e07a2f;color:#111111\">10<" in class_html
    lead = class_html.index("Children with no choices:</b>")
    assert class_html.index("<li>-Lee</li>", lead) > lead  # each name an item of its own, never comma-joined


def test_rows_follow_names_not_counts(class_html):
    text = "".join(_parse(class_html).text)
    positions = [text.index(name) for name in sorted(TRICKY_NAMES.values(), key=str.casefold)]
    assert positions == sorted(positions)


def test_a_colour_that_is_not_a_colour_never_reaches_the_css():
    info = small_class()
    bad = replace(info.centers["blocks"], colour="red;background:url(x)")
    short = replace(info.centers["library"], colour="#abc")
    info = ClassInfo(centers={**info.centers, "blocks": bad, "library": short}, children=info.children)
    html = class_report(small_choices(), info, SEPT, generated_at=STAMP)
    assert "url(" not in html and "red;" not in html
    assert "--c:#888888" in html and "--c:#aabbcc" in html


def test_child_report_lists_tried_untried_run_and_friends(child_html):
    text = " ".join(_parse(child_html).text)
    assert "Zoë: choice time" in text
    assert "Blocks" in text and "× 10" in text
    for center in ("Library", "Mystery Plate", "+Art & Paint"):
        assert center in text.split("Not tried in this range")[1]
    assert "10 choice days in a row" in text and "1 Sep 2026 – 10 Sep 2026" in text
    assert "Often at the same center at the same time" in text


def test_reports_make_no_rankings_or_recommendations(class_html, child_html):
    for html in (class_html, child_html):
        body = html.split("<p class=\"note\">")[0].lower()
        for word in ("rank", "score", "best", "worst", "should", "recommend", "top ", "most popular"):
            assert word not in body, word


def test_a_child_with_no_choices_gets_a_calm_page():
    html = child_report(small_choices(), small_class(), "c8", SEPT, generated_at=STAMP)
    text = " ".join(_parse(html).text)
    assert "No choices in this range." in text
    assert "0 of 4" in text


def test_friends_can_be_left_out():
    html = child_report(small_choices(), small_class(), "c1", SEPT, show_friends=False, generated_at=STAMP)
    assert "Often at the same center" not in html
    for other, name in TRICKY_NAMES.items():
        if other != "c1":
            assert escape(name) not in html


def test_write_report_is_atomic_utf8_and_owner_only(tmp_path, class_html):
    path = write_report(tmp_path / "class.html", class_html)
    assert path.read_bytes().decode("utf-8") == class_html
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["class.html"]


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Zoë", "Zoë"), ("../x", "x"), ("..", "child"), ("a/b\\c", "a_b_c"), ("CON", "_CON"), ("", "child")],
)
def test_file_names_from_names_stay_in_their_folder(name, stem):
    assert safe_file_name(name) == stem


def test_a_parents_copy_has_only_that_child(tmp_path):
    info = small_class()
    info.children["c2"] = replace(info.children["c2"], first_name="../x")
    folder = tmp_path / "request"
    paths = export_child(folder, small_choices(), info, "c2", SEPT, generated_at=STAMP)
    assert [p.name for p in paths] == ["x-choices.csv", "x-report.html"]
    assert all(p.parent == folder for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["request"]
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in paths)
    csv_text = paths[0].read_bytes().decode("utf-8-sig")
    assert csv_text.count("\r\n") == 1 + 10
    html = paths[1].read_text(encoding="utf-8")
    for other, name in TRICKY_NAMES.items():
        if other != "c2":
            assert escape(name) not in html and name not in csv_text


def test_times_from_a_doubtful_clock_are_pointed_out():
    choices = small_choices()
    choices[0] = replace(choices[0], clock_flag="clock_suspect")
    html = class_report(choices, small_class(), SEPT, generated_at=STAMP)
    assert "1 choice has a time the kiosk's clock may have had wrong." in _parse(html).text
    assert "clock may have" not in class_report(small_choices(), small_class(), SEPT, generated_at=STAMP)


def test_a_spanish_class_gets_its_report_in_spanish():
    """Headings, labels, dates, weekday names and the lang attribute follow the class's language."""
    from kiosk.laptop.language import locale_dir
    from kiosk.shared.text.i18n import Translator

    spanish = Translator("es", locale_dir())
    info = small_class()
    page = class_report(small_choices(), info, SEPT, generated_at=STAMP, words=spanish)
    assert '<html lang="es">' in page
    assert "Tiempo de elección: patrones de la clase" in page and "Quién eligió cada centro" in page
    assert "Todos los niños" in page and "sept 2026" in page
    for english in ("Who chose which center", "Choices per center", "All children", "made ", "Sep 2026"):
        assert english not in page
    child = next(iter(info.children))
    page = child_report(small_choices(), info, child, SEPT, generated_at=STAMP, words=spanish)
    assert '<html lang="es">' in page and "Día a día" in page and "Racha más larga" in page
    assert ">lun<" in page or ">lun.<" in page  # the day-by-day strip's weekday names
    assert "Day by day" not in page and ">Mon<" not in page
    assert '<html lang="en">' in class_report(small_choices(), info, SEPT, generated_at=STAMP)
