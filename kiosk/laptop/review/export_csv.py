"""Spreadsheet exports of the review: every choice, and a child × center summary.

The teacher opens these in Excel, LibreOffice or Google Sheets, so the text is
RFC 4180 (``csv`` module, ``\\r\\n`` line ends, quoting where needed) and the file
is UTF-8 with a byte-order mark: Excel only reads "Zoë" and "Nuñez" correctly
when the BOM is there, and Sheets ignores it.

Names are typed by people, so a name such as ``=HYPERLINK(...)`` would run as a
formula when the file is opened. Every text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading single quote
(the spreadsheet convention for "this is text"); :func:`read_choices_csv` takes
that quote off again.

The choices file has the columns a teacher reads first —
``date,time,child,center,how,kiosk`` — then ``child_id,center_id,clock`` so the
file can be read back without guessing from names (two children may share a
first name, and names change). ``clock`` is how the time was placed:
``anchored``, ``as_recorded`` or ``clock_suspect``.

Headers are in the class's language (``words``), the cells' codes are not; each
file's columns are one table of ``Column`` (a header and how its cell is read),
so adding a column is one line. :func:`read_choices_csv` knows the headers in
every language with a catalogue, and gives rows keyed by the English ones.
The column ``switched`` is 1 when the choice was a switch by the one
definition (``definitions.is_switch``, README "Choice times, switches and full"),
else 0: a column a spreadsheet can sum; ``choice_time`` is the number of the day's
choice time the choice was made in (1 is the first), so a script can count per
choice time as the window does.

Two more files carry what the window shows beyond the counts: :func:`centers_csv`
each center's full choice times and days (``definitions.full_choice_times``), and
:func:`worth_csv` Worth a look's whole list as of its day.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from kiosk.laptop.review.model import ClassInfo, ReviewChoice, ReviewReflection
from kiosk.laptop.review.patterns import heat_map
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_html import centers_full
from kiosk.laptop.review.worth_a_look import Observation
from kiosk.shared.assets import LOCALE_DIR
from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.text.i18n import LANGUAGES, N_, Translator

__all__ = [
    "CHOICE_COLUMNS",
    "CHOICE_HEADERS",
    "REFLECTION_COLUMNS",
    "REFLECTION_HEADERS",
    "Column",
    "centers_csv",
    "choices_csv",
    "choices_in_range",
    "csv_text",
    "headers",
    "neutralise",
    "read_choices_csv",
    "reflections_csv",
    "summary_csv",
    "worth_csv",
    "write_csv",
]

Row = TypeVar("Row")
Words = Callable[[str], str]


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its English header (the key a reader gets back) and the cell for a row."""

    header: str
    cell: Callable[[Row, ClassInfo], object]


# Columns every file about choices or reflections shares: when and who first, the ids and clock last.
_WHEN_WHO: tuple[Column[Any], ...] = (
    Column(N_("date"), lambda r, _i: r.day.isoformat()),
    Column(N_("time"), lambda r, _i: r.at.strftime("%H:%M")),
    Column(N_("child"), lambda r, info: info.child_name(r.child_id)),
    Column(N_("center"), lambda r, info: info.center_name(r.center_id)),
)
_IDS: tuple[Column[Any], ...] = (
    Column(N_("child_id"), lambda r, _i: r.child_id),
    Column(N_("center_id"), lambda r, _i: r.center_id),
    Column(N_("clock"), lambda r, _i: r.clock_flag),
)
CHOICE_COLUMNS: tuple[Column[ReviewChoice], ...] = (
    *_WHEN_WHO,
    Column(N_("how"), lambda c, _i: c.method.value),
    Column(N_("kiosk"), lambda c, _i: c.kiosk_id),
    *_IDS,
    Column(N_("switched"), lambda c, _i: 1 if c.switched else 0),
    Column(N_("choice_time"), lambda c, _i: c.choice_time + 1),
)
CHOICE_HEADERS = tuple(column.header for column in CHOICE_COLUMNS)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"


def neutralise(text: str) -> str:
    """Make a cell a spreadsheet shows as text, never evaluates as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _restore(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def _in_range(rng: DateRange | None, day: date) -> bool:
    """True when ``day`` is inside ``rng`` (both ends included), or there is no range."""
    return rng is None or rng.start <= day <= rng.end


def choices_in_range(choices: Iterable[ReviewChoice], rng: DateRange | None = None) -> list[ReviewChoice]:
    """The choices on days inside ``rng`` (all when ``None``), oldest first."""
    kept = [c for c in choices if _in_range(rng, c.day)]
    kept.sort(key=lambda c: (c.day, c.at, c.child_id, c.event_id))
    return kept


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text the way every export writes it: CRLF lines, and a cell a spreadsheet would
    run as a formula (=, +, -, @) kept as text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    return buffer.getvalue()


def _english(text: str) -> str:
    return text


def headers(columns: Sequence[Column[Row]], words: Words = _english) -> list[str]:
    """The header line in the class's language (``words`` translates one header)."""
    return [words(column.header) for column in columns]


def _table(columns: Sequence[Column[Row]], rows: Iterable[Row], info: ClassInfo, words: Words) -> str:
    return csv_text([headers(columns, words), *([column.cell(row, info) for column in columns] for row in rows)])


def choices_csv(
    choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange | None = None, words: Words = _english
) -> str:
    """One row per choice in ``rng``, in time order, with the headers first."""
    return _table(CHOICE_COLUMNS, choices_in_range(choices, rng), info, words)


REFLECTION_COLUMNS: tuple[Column[ReviewReflection], ...] = (
    *_WHEN_WHO,
    Column(N_("feeling"), lambda r, _i: r.feeling),
    *_IDS,
)
REFLECTION_HEADERS = tuple(column.header for column in REFLECTION_COLUMNS)


def reflections_csv(
    reflections: Iterable[ReviewReflection], info: ClassInfo, rng: DateRange | None = None, words: Words = _english
) -> str:
    """One row per reflection in ``rng`` (happy, okay or sad about a center), in time order."""
    kept = [r for r in sorted(reflections, key=lambda r: (r.day, r.at)) if rng is None or r.day in rng]
    return _table(REFLECTION_COLUMNS, kept, info, words)


def summary_csv(
    choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange, words: Words = _english
) -> str:
    """How often each child chose each center in ``rng``: one row per child.

    The counts are the review's heat map (``patterns.heat_map``), so the file
    matches the screen: rows follow the children's names and columns the
    centers' names — never the counts, so it reads as a record, not a ranking —
    and choices of children or centers since removed from the class are left out.
    """
    heat = heat_map(choices, info, rng)
    centers = [info.center_name(c) for c in heat.center_ids]
    rows: list[list[object]] = [[words(N_("child")), *centers, words(N_("total"))]]
    for child_id, counts in heat.rows():
        rows.append([info.child_name(child_id), *counts, sum(counts)])
    return csv_text(rows)


def centers_csv(
    choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange, words: Words = _english
) -> str:
    """One row per center: its seats, choices, and the choice times and days it was full in ``rng``.

    ``full_days`` lists the days as year-month-day separated by spaces (one cell).
    """
    rows: list[list[object]] = [[words(h) for h in (N_("center"), N_("center_id"), N_("seats"), N_("choices"),
                                                      N_("full_choice_times"), N_("full_days"), N_("days_full"))]]
    for full in centers_full(choices, info, rng):
        rows.append([info.center_name(full.center_id), full.center_id, full.seats, full.choices, full.times,
                     len(full.days), " ".join(d.isoformat() for d in full.days)])
    return csv_text(rows)


def worth_csv(observations: Iterable[Observation], info: ClassInfo, words: Words = _english) -> str:
    """Worth a look's whole list, in the window's order: the sentence, then what it is about."""
    rows: list[list[object]] = [[words(h) for h in (N_("observation"), N_("kind"), N_("child"), N_("center"),
                                                      N_("child_id"), N_("center_id"), N_("from"), N_("to"))]]
    for o in observations:
        rows.append([words(o.text), o.kind, info.child_name(o.child_id) if o.child_id else "",
                     info.center_name(o.center_id) if o.center_id else "", o.child_id or "", o.center_id or "",
                     o.rng.start.isoformat() if o.rng else "", o.rng.end.isoformat() if o.rng else ""])
    return csv_text(rows)


@lru_cache(maxsize=4)
def _known_headers(locale_dir: Path) -> dict[str, str]:
    """Each choices header in every catalogued language → its English header."""
    known = {header: header for header in CHOICE_HEADERS}
    for language in LANGUAGES:
        words = Translator(language, locale_dir)
        known.update({words(header): header for header in CHOICE_HEADERS})
    return known


def read_choices_csv(text: str, locale_dir: Path | None = None) -> list[dict[str, str]]:
    """Read a choices export back (with or without its BOM) as one dict per row, keyed by the English headers.

    The headers may be in any language with a catalogue in ``locale_dir`` (the
    class's language when it was saved); unknown extra columns are kept as they are.
    """
    if text.startswith(_BOM):
        text = text[len(_BOM):]
    reader = csv.reader(io.StringIO(text, newline=""))
    known = _known_headers(locale_dir or LOCALE_DIR)
    keys = [known.get(header.strip(), header) for header in next(reader, [])]
    missing = set(CHOICE_HEADERS[:6]) - set(keys)
    if missing:
        raise ValueError(f"not a choices export: missing columns {sorted(missing)}")
    return [{key: _restore(value) for key, value in zip(keys, row, strict=False)} for row in reader if row]


def write_csv(path: str | Path, text: str, *, ops: FileOps | None = None) -> Path:
    """Save ``text`` as UTF-8 with a BOM, atomically, readable by the owner only.

    The export holds children's names, so it gets 0600 like every kiosk file, and a
    crash mid-save leaves the previous file (or none), never half a spreadsheet.
    """
    target = Path(path)
    atomic_write(ops or FileOps(), target, (_BOM + text).encode("utf-8"), N_("the spreadsheet export"))
    return target
