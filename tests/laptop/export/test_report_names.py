"""Names reach the printable report and a parent's export as the text they are, never as markup.

A browser's own parser (Python's ``HTMLParser``, which unescapes as a browser does)
reads each page back: every name must come back whole, as one piece of text, and
the only tags are the report's own.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kiosk.laptop.parent_export import export_whole_record
from kiosk.laptop.review.choices import read_store
from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild, ReviewChoice
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_html import child_report, class_report
from kiosk.laptop.store import LaptopStore
from kiosk.shared.domain import ChoiceEvent, EventKind, Method

NAMES = {
    "k1": "<b>Bold</b>",
    "k2": "Tom & Jerry",
    "k3": "Tom &amp; Jerry",
    "k4": "Bo \"Bear\" O'Neil",
    "k5": "José, María",
    "k6": "سارة",
    "k7": "אביגיל",
    "k8": "王小明",
    "k9": "अनन्यासिद्धार्थकृष्णमूर्तिविश्वनाथन्",  # longer than any caption the old SVG bars kept
    "k10": "👩\u200d👩\u200d👧 Zoe\u0308",
    "k11": "<script>alert('x')</script>",
    "k12": "Cy",
}
CENTERS = {"lego": "Lego <Stories> & more", "science": "विज्ञान प्रयोगशाला और प्रकृति की खोज का केंद्र",
           "quote": 'The "Big" Tent'}
TAGS = {"html", "head", "meta", "title", "style", "body", "main", "div", "h1", "h2", "p", "b", "ul", "ol", "li",
        "section", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "svg", "text", "rect"}
SEPT = DateRange(date(2026, 9, 1), date(2026, 9, 30))


class _Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [value or "" for _name, value in attrs]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.texts.append(data)


def _class() -> tuple[list[ReviewChoice], ClassInfo]:
    info = ClassInfo(
        centers={cid: ReviewCenter(cid, name, colour="#3b7dd8", seats=3) for cid, name in CENTERS.items()},
        children={kid: ReviewChild(kid, name) for kid, name in NAMES.items()},
    )
    choices = []
    for n, kid in enumerate(sorted(NAMES)):
        if kid in ("k5", "k12"):
            continue  # José, María and Cy made no choice: each listed on their own
        for d in range(3):
            day = SEPT.start + timedelta(days=d)
            at = datetime(day.year, day.month, day.day, 9, n)
            center = sorted(CENTERS)[(n + d) % len(CENTERS)]
            choices.append(ReviewChoice(f"{kid}-{d}", "A", kid, center, day, at, Method.TAP, EventKind.CHOSE, False,
                                       "as_recorded"))
    return choices, info


def _check(html: str, names: list[str]) -> _Page:
    page = _Page(html)
    assert set(page.tags) <= TAGS, set(page.tags) - TAGS  # no tag made of a name
    whole = page.texts + page.attributes
    for name in names:
        assert any(name == text or name in text for text in whole), name
        cut = [text for text in whole if text[:6] == name[:6] and name not in text]
        assert not cut, cut  # wherever the name is shown, it is shown whole (a caption is never clipped)
    return page


def test_the_class_report_keeps_every_name_whole_and_as_text():
    choices, info = _class()
    page = _check(class_report(choices, info, SEPT), [*NAMES.values(), *CENTERS.values()])
    for name in [*NAMES.values(), *CENTERS.values()]:
        assert name in page.texts  # a text of its own: a table cell, a bar's caption, a list's item — never cut
    assert "José, María, Cy" not in "".join(page.texts)  # "Children with no choices": never comma-joined


@pytest.mark.parametrize("kid", sorted(NAMES))
def test_a_child_report_keeps_the_names_whole_and_as_text(kid):
    choices, info = _class()
    page = _check(child_report(choices, info, kid, SEPT), [NAMES[kid]])
    assert f"{NAMES[kid]}: choice time" in page.texts


def test_a_parents_export_keeps_the_name_whole_in_every_file(tmp_path: Path):
    stamp = {"rev": 1, "edited_at": "2026-01-01T00:00:00+00:00", "edited_by": "laptop"}
    events = []
    for n, kid in enumerate(sorted(NAMES)):
        events.append({"id": f"e{n}", "kiosk_id": "A", "seq": n + 1, "child_id": kid, "center_id": "lego",
                       "kind": "chose", "method": "tap", "wall": f"2026-09-01T09:{n:02d}:00.000-04:00",
                       "day": "2026-09-01", "boot_id": "b", "mono": float(n), "ref": None})
    events = [ChoiceEvent.from_dict(e) for e in events]
    with LaptopStore(tmp_path / "laptop") as store:
        store.exchange.take_events("A", events, len(events))
        store.setup.replace("centers", [{"id": c, "name": n, "seats": 3, "colour": "#3b7dd8", "picture": "x.png",
                                           "purpose": "", **stamp} for c, n in CENTERS.items()])
        store.setup.replace("children", [{"id": k, "first_name": n, "picture": "a.png", **stamp}
                                           for k, n in NAMES.items()])
        store.setup.replace("settings", [{"id": "class", "retention_until": "2099-07-31", **stamp}])
        for kid, name in NAMES.items():
            folder = tmp_path / kid
            paths = export_whole_record(store, folder, kid, date(2026, 9, 2))
            report = next(p for p in paths if p.suffix == ".html")
            _check(report.read_text(encoding="utf-8"), [name])
            for table in (p for p in paths if p.suffix == ".csv"):
                rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
                assert all(name not in cell or cell in (name, f"'{name}") for row in rows for cell in row)
            readme = next(p for p in paths if p.name.endswith("README.txt")).read_text(encoding="utf-8")
            assert f"holds about {name}" in readme
        choices, _, info = read_store(store)
        assert {info.child_name(c.child_id) for c in choices} == set(NAMES.values())
