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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from kiosk.laptop.review.model import ClassInfo, ReviewChoice, ReviewReflection
from kiosk.laptop.review.patterns import heat_map
from kiosk.laptop.review.ranges import DateRange
from kiosk.shared.files.durable_io import FileOps, atomic_write

__all__ = [
    "CHOICE_HEADERS",
    "REFLECTION_HEADERS",
    "choices_csv",
    "choices_in_range",
    "neutralise",
    "read_choices_csv",
    "reflections_csv",
    "summary_csv",
    "write_csv",
]

CHOICE_HEADERS = ("date", "time", "child", "center", "how", "kiosk", "child_id", "center_id", "clock")
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


def _render(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    return buffer.getvalue()


def choices_csv(choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange | None = None) -> str:
    """One row per choice in ``rng``, in time order, with the headers first."""
    rows: list[list[object]] = [list(CHOICE_HEADERS)]
    for c in choices_in_range(choices, rng):
        rows.append([
            c.day.isoformat(),
            c.at.strftime("%H:%M"),
            info.child_name(c.child_id),
            info.center_name(c.center_id),
            c.method,
            c.kiosk_id,
            c.child_id,
            c.center_id,
            c.clock_flag,
        ])
    return _render(rows)


REFLECTION_HEADERS = ("date", "time", "child", "center", "feeling", "child_id", "center_id", "clock")


def reflections_csv(reflections: Iterable[ReviewReflection], info: ClassInfo, rng: DateRange | None = None) -> str:
    """One row per reflection in ``rng`` (happy, okay or sad about a center), in time order."""
    rows: list[list[object]] = [list(REFLECTION_HEADERS)]
    for r in sorted(reflections, key=lambda r: (r.day, r.at)):
        if rng is None or r.day in rng:
            rows.append([r.day.isoformat(), r.at.strftime("%H:%M"), info.child_name(r.child_id),
                         info.center_name(r.center_id), r.feeling, r.child_id, r.center_id, r.clock_flag])
    return _render(rows)


def summary_csv(choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange) -> str:
    """How often each child chose each center in ``rng``: one row per child.

    The counts are the review's heat map (``patterns.heat_map``), so the file
    matches the screen: rows follow the children's names and columns the
    centers' names — never the counts, so it reads as a record, not a ranking —
    and choices of children or centers since removed from the class are left out.
    """
    heat = heat_map(choices, info, rng)
    rows: list[list[object]] = [["child", *(info.center_name(c) for c in heat.center_ids), "total"]]
    for child_id, counts in heat.rows():
        rows.append([info.child_name(child_id), *counts, sum(counts)])
    return _render(rows)


def read_choices_csv(text: str) -> list[dict[str, str]]:
    """Read a choices export back (with or without its BOM) as one dict per row."""
    if text.startswith(_BOM):
        text = text[len(_BOM):]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = set(CHOICE_HEADERS[:6]) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"not a choices export: missing columns {sorted(missing)}")
    return [{key: _restore(value or "") for key, value in row.items()} for row in reader]


def write_csv(path: str | Path, text: str, *, ops: FileOps | None = None) -> Path:
    """Save ``text`` as UTF-8 with a BOM, atomically, readable by the owner only.

    The export holds children's names, so it gets 0600 like every kiosk file, and a
    crash mid-save leaves the previous file (or none), never half a spreadsheet.
    """
    target = Path(path)
    atomic_write(ops or FileOps(), target, (_BOM + text).encode("utf-8"), "the spreadsheet export")
    return target
