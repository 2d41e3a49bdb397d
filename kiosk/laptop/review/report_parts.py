"""The printable report's parts as plain data, and the template engine that draws them.

The HTML is made by Jinja2 templates (``templates/``) in an environment that
escapes every value by default: a name typed by a person (``<``, ``&``, quotes,
any script) reaches the page as text, and no part of the code has to remember to
escape it. What is computed here is numbers, checked colours and words: every
colour is checked to be ``#rgb``/``#rrggbb`` before it reaches CSS, and words come
in already translated (``tr``), so these parts draw the report in the class's
language. The style sheet is ``templates/report.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.dates import format_date, get_day_names
from jinja2 import Environment, PackageLoader, StrictUndefined

from kiosk.laptop.review.model import ClassInfo
from kiosk.laptop.review.patterns import HeatMap
from kiosk.laptop.review.ranges import week_start

__all__ = ["Bar", "Grid", "GridCell", "bars", "colour", "day_grid", "heat_table", "render"]

Tr = Callable[..., str]
_FALLBACK_COLOUR = "#888888"
_EMPTY_BAR = "#dddddd"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """Autoescape on for everything: the templates are the only HTML, values are always text."""
    return Environment(
        loader=PackageLoader("kiosk.laptop.review", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, context: Mapping[str, object]) -> str:
    """``template`` (a file in ``templates/``) drawn with ``context``, every value escaped."""
    return _environment().get_template(template).render(**context)


def colour(info: ClassInfo, center_id: str) -> str:
    """The center's colour as ``#rrggbb``, or grey when it is missing or not a colour."""
    center = info.centers.get(center_id)
    raw = (center.colour if center else "").strip().lstrip("#")
    if len(raw) == 3:
        raw = "".join(ch * 2 for ch in raw)
    if len(raw) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in raw):
        return _FALLBACK_COLOUR
    return "#" + raw.lower()


def _tint(colour: str, share: float) -> tuple[str, str]:
    """A cell background: the colour mixed into white by ``share`` (0–1), and a legible ink."""
    weight = 0.15 + 0.85 * max(0.0, min(1.0, share))
    rgb = [round(255 - (255 - int(colour[i:i + 2], 16)) * weight) for i in (1, 3, 5)]
    lum = sum(k * (v / 255) ** 2.2 for k, v in zip((0.2126, 0.7152, 0.0722), rgb, strict=True))
    return "#" + "".join(f"{v:02x}" for v in rgb), ("#ffffff" if lum < 0.18 else "#111111")


@dataclass(frozen=True)
class Bar:
    """One center's bar: its whole name (the cell wraps it), count, colour and length in percent."""

    name: str
    count: int
    colour: str
    percent: float


def bars(rows: Sequence[tuple[str, int, str]]) -> list[Bar]:
    """Bars in the order given (by name, never by count), the longest as wide as the column."""
    top = max((count for _, count, _ in rows), default=0) or 1
    return [Bar(name, count, fill if count else _EMPTY_BAR, round(100 * count / top, 1)) for name, count, fill in rows]


@dataclass(frozen=True)
class GridCell:
    """One school day's square: empty, or stripes (y, height, colour) of the centers chosen."""

    x: int
    y: int
    size: int
    fills: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Grid:
    """The day-by-day strip: weeks across, weekdays down."""

    width: int
    height: int
    months: tuple[tuple[int, str], ...]
    weekdays: tuple[tuple[str, str], ...]
    cells: tuple[GridCell, ...]


def day_grid(
    own: Sequence[tuple[date, frozenset[str]]], school_days: Sequence[date], info: ClassInfo, language: str
) -> Grid | None:
    """A calendar strip of the child's days in the centers' colours; None without school days."""
    if not school_days:
        return None
    chosen = dict(own)
    weeks = sorted({week_start(d) for d in school_days})
    rows = max(5, max(d.weekday() for d in school_days) + 1)
    cell = max(8, min(22, (680 - 40) // len(weeks)))
    gap = 2 if cell < 14 else 3
    column = {w: i for i, w in enumerate(weeks)}
    months: list[tuple[int, str]] = []
    last_month = None
    for w in weeks:
        if (w.year, w.month) != last_month:
            last_month = (w.year, w.month)
            months.append((40 + column[w] * cell, format_date(w, "LLL", locale=language)))
    names = get_day_names("abbreviated", context="stand-alone", locale=language)  # 0 is Monday
    weekdays = tuple((f"{16 + i * cell + cell * 0.7:.1f}", str(names[i])) for i in range(rows))
    cells = []
    for day in school_days:
        x, y, size = 40 + column[week_start(day)] * cell, 16 + day.weekday() * cell, cell - gap
        centers = sorted(chosen.get(day, ()), key=lambda c: info.center_name(c).casefold())
        stripe = size / len(centers) if centers else 0
        fills = tuple((f"{y + k * stripe:.1f}", f"{stripe:.1f}", colour(info, c)) for k, c in enumerate(centers))
        cells.append(GridCell(x, y, size, fills))
    return Grid(40 + len(weeks) * cell, 16 + rows * cell, tuple(months), weekdays, tuple(cells))


@dataclass(frozen=True)
class HeatTable:
    """The heat map as the report's table draws it: headings, one row per child, the totals."""

    child: str
    everything: str
    children: str
    head: list[tuple[str, str]]
    rows: list[tuple[str, list[tuple[int, str, str]], int]]
    foot: list[int]
    total: int


def heat_table(heat: HeatMap, info: ClassInfo, tr: Tr) -> HeatTable:
    """Children down, centers across; each cell tinted in its center's colour by count."""
    top = heat.max_count or 1
    rows = []
    for child, counts in heat.rows():
        cells = [(n, *(_tint(colour(info, c), n / top) if n else ("", ""))) for c, n in
                 zip(heat.center_ids, counts, strict=True)]
        rows.append((info.child_name(child), cells, sum(counts)))
    columns = heat.column_totals
    return HeatTable(
        child=tr("Child"), everything=tr("All"), children=tr("All children"),
        head=[(info.center_name(c), colour(info, c)) for c in heat.center_ids],
        rows=rows, foot=[columns[c] for c in heat.center_ids], total=heat.total,
    )

