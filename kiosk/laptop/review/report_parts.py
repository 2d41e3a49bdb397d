"""The printable report's parts: its style sheet and the charts and lists it is drawn from.

Every name comes from people and is HTML-escaped here; every colour is checked to
be ``#rgb``/``#rrggbb`` before it reaches CSS. Words come in already translated
(``tr``), so these parts draw the report in the class's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from html import escape

from babel.dates import format_date, get_day_names

from kiosk.laptop.review.model import ClassInfo
from kiosk.laptop.review.patterns import HeatMap
from kiosk.laptop.review.ranges import week_start

__all__ = ["CSS", "bar_chart", "chip_list", "colour", "day_grid", "e", "heat_table", "names", "plain_list"]

Tr = Callable[..., str]

CSS = """
@page { size: auto; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #e8e8e4; }
body { margin: 0; font-family: "Andika", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: #222; font-size: 11pt; line-height: 1.35; }
.sheet { width: 210mm; margin: 8mm auto; padding: 15mm; background: #fff;
         box-shadow: 0 1px 6px rgba(0,0,0,.25); }
.content { max-width: 180mm; }
h1 { font-size: 20pt; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #333; }
.sub { color: #555; margin: 0 0 4mm; }
.facts { display: flex; gap: 4mm; margin: 0 0 2mm; padding: 0; list-style: none; }
.facts li { flex: 1; border: 1pt solid #ccc; border-radius: 2mm; padding: 2mm 3mm; }
.facts b { display: block; font-size: 16pt; }
section.keep { break-inside: avoid; page-break-inside: avoid; }
h2 { break-after: avoid; page-break-after: avoid; }
table.heat { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 8.5pt; }
table.heat thead { display: table-header-group; }
table.heat tr { break-inside: avoid; page-break-inside: avoid; }
table.heat th, table.heat td { border: 0.5pt solid #bbb; padding: 0.35mm 0.6mm; text-align: center; }
table.heat th.name, table.heat td.name { text-align: left; width: 28mm; overflow: hidden;
        white-space: nowrap; text-overflow: ellipsis; }
table.heat th.total, table.heat td.total { width: 11mm; font-weight: bold; }
table.heat thead th { vertical-align: bottom; height: 25mm; padding-bottom: 1mm; }
table.heat thead th.center span { writing-mode: vertical-rl; transform: rotate(180deg);
        display: inline-block; max-height: 23mm; overflow: hidden; white-space: nowrap;
        text-overflow: ellipsis; font-weight: normal; }
table.heat thead th.center { border-top: 3pt solid var(--c); }
table.heat td.zero { color: #bbb; }
table.heat tfoot td { font-weight: bold; border-top: 1.5pt solid #333; }
.chips { margin: 0; padding: 0; list-style: none; columns: 2; column-gap: 6mm; }
.chips li { margin: 0 0 1.2mm; break-inside: avoid; }
.chip { display: inline-block; width: 3.2mm; height: 3.2mm; border-radius: 0.8mm;
        margin-right: 1.5mm; vertical-align: -0.4mm; border: 0.5pt solid rgba(0,0,0,.3); }
.chips.plain li { list-style: disc inside; }
.none { color: #666; font-style: italic; }
.note { color: #555; font-size: 9pt; margin-top: 6mm; border-top: 0.5pt solid #ccc; padding-top: 2mm; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: "Andika", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
@media print {
  html { background: none; }
  .sheet { width: auto; margin: 0; padding: 0; box-shadow: none; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
_FALLBACK_COLOUR = "#888888"


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


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _none(words: str) -> str:
    return f"<p class=\"none\">{e(words)}</p>"


def bar_chart(bars: Sequence[tuple[str, int, str]], label: str, tr: Tr) -> str:
    """Horizontal bars in each center's colour, in the order given, count at the end."""
    if not bars:
        return _none(tr("No centers."))
    row, name_w, width = 26, 190, 680
    top = max(count for _, count, _ in bars) or 1
    span = width - name_w - 50
    parts = [
        f"<svg viewBox=\"0 0 {width} {row * len(bars) + 4}\" "
        f"role=\"img\" aria-label=\"{e(label)}\">"
    ]
    for i, (name, count, colour) in enumerate(bars):
        y = 2 + i * row
        w = round(span * count / top) if count else 0
        parts.append(
            f"<text x=\"{name_w - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"14\">"
            f"{e(_clip(name, 24))}</text>"
            f"<rect x=\"{name_w}\" y=\"{y + 3}\" width=\"{max(w, 2)}\" height=\"{row - 8}\" rx=\"3\" "
            f"fill=\"{colour if count else '#dddddd'}\"/>"
            f"<text x=\"{name_w + max(w, 2) + 6}\" y=\"{y + 17}\" font-size=\"14\">{count}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def chip_list(items: Iterable[tuple[str, str, str]], empty: str) -> str:
    """A two-column list of (colour, name, detail) with a colour swatch each."""
    lis = [
        f"<li><span class=\"chip\" style=\"background:{colour}\"></span>{e(name)}"
        + (f" <span class=\"sub\">{e(detail)}</span>" if detail else "")
        + "</li>"
        for colour, name, detail in items
    ]
    if not lis:
        return _none(empty)
    return f"<ul class=\"chips\">{''.join(lis)}</ul>"


def plain_list(items: Iterable[tuple[str, str]], empty: str) -> str:
    lis = [f"<li>{e(name)} <span class=\"sub\">{e(detail)}</span></li>" for name, detail in items]
    if not lis:
        return _none(empty)
    return f"<ul class=\"chips plain\">{''.join(lis)}</ul>"


def day_grid(
    own: Sequence[tuple[date, frozenset[str]]], school_days: Sequence[date], info: ClassInfo, tr: Tr, language: str
) -> str:
    """A calendar strip: weeks across, weekdays down, each day in the centers' colours."""
    if not school_days:
        return _none(tr("No choices in this range."))
    chosen = dict(own)
    weeks = sorted({week_start(d) for d in school_days})
    rows = max(5, max(d.weekday() for d in school_days) + 1)
    cell = max(8, min(22, (680 - 40) // len(weeks)))
    gap = 2 if cell < 14 else 3
    column = {w: i for i, w in enumerate(weeks)}
    width, height = 40 + len(weeks) * cell, 16 + rows * cell
    label = tr("Day by day")
    parts = [
        f"<svg viewBox=\"0 0 {width} {height}\" "
        f"style=\"width:{width}px;max-width:100%\" role=\"img\" aria-label=\"{e(label)}\">"
    ]
    last_month = None
    for w in weeks:
        if (w.year, w.month) != last_month:
            last_month = (w.year, w.month)
            month = format_date(w, "LLL", locale=language)
            parts.append(f"<text x=\"{40 + column[w] * cell}\" y=\"11\" font-size=\"11\">{e(month)}</text>")
    weekdays = get_day_names("abbreviated", context="stand-alone", locale=language)  # 0 is Monday
    for i in range(rows):
        parts.append(f"<text x=\"0\" y=\"{16 + i * cell + cell * 0.7:.1f}\" font-size=\"10\">{e(weekdays[i])}</text>")
    for day in school_days:
        x, y, size = 40 + column[week_start(day)] * cell, 16 + day.weekday() * cell, cell - gap
        centers = sorted(chosen.get(day, ()), key=lambda c: info.center_name(c).casefold())
        if not centers:
            parts.append(
                f"<rect x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" fill=\"#fff\" stroke=\"#bbb\"/>"
            )
            continue
        stripe = size / len(centers)
        for k, center in enumerate(centers):
            parts.append(
                f"<rect x=\"{x}\" y=\"{y + k * stripe:.1f}\" width=\"{size}\" height=\"{stripe:.1f}\" "
                f"fill=\"{colour(info, center)}\"/>"
            )
    parts.append("</svg>")
    return "".join(parts)


def heat_table(heat: HeatMap, info: ClassInfo, tr: Tr) -> str:
    """Children down, centers across; each cell tinted in its center's colour by count."""
    top = heat.max_count or 1
    head = "".join(
        f"<th class=\"center\" style=\"--c:{colour(info, c)}\"><span>{e(info.center_name(c))}</span></th>"
        for c in heat.center_ids
    )
    rows = []
    for child, counts in heat.rows():
        cells = []
        for center, n in zip(heat.center_ids, counts, strict=True):
            if n == 0:
                cells.append("<td class=\"zero\">·</td>")
                continue
            background, ink = _tint(colour(info, center), n / top)
            cells.append(f"<td style=\"background:{background};color:{ink}\">{n}</td>")
        rows.append(
            f"<tr><td class=\"name\">{e(info.child_name(child))}</td>{''.join(cells)}"
            f"<td class=\"total\">{sum(counts)}</td></tr>"
        )
    columns = heat.column_totals
    foot = "".join(f"<td>{columns[c]}</td>" for c in heat.center_ids)
    child, everything, children = tr("Child"), tr("All"), tr("All children")
    return (
        f"<table class=\"heat\"><thead><tr><th class=\"name\">{e(child)}</th>"
        f"{head}<th class=\"total\">{e(everything)}</th></tr></thead>\n<tbody>{''.join(rows)}</tbody>\n"
        f"<tfoot><tr><td class=\"name\">{e(children)}</td>{foot}"
        f"<td class=\"total\">{heat.total}</td></tr></tfoot></table>"
    )


def names(listed: Iterable[str], tr: Tr) -> str:
    text = ", ".join(listed)
    nobody = tr("none")
    return e(text) if text else f"<span class=\"none\">{e(nobody)}</span>"

