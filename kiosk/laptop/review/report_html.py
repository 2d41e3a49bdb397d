"""The printable report: one self-contained HTML file the teacher opens or prints.

The laptop is often offline and the file may be handed to a parent, so the page
carries everything inline — CSS and SVG charts, no scripts, no fonts or images
from anywhere else. Every name comes from people and is HTML-escaped; every
colour is checked to be ``#rgb``/``#rrggbb`` before it reaches CSS.

The report shows observations only — counts, what was tried, runs, who was
often together — never scores, rankings or advice. Rows and bars follow the
children's and centers' names, never the counts.

Printing: ``@page { size: auto; margin: 15mm }`` lets the printer's paper
decide, and the content is at most 180 mm wide, which fits inside both A4
(210 mm − 2 × 15 mm) and US Letter (8.5 in ≈ 216 mm − 2 × 15 mm ≈ 186 mm).
A 30-child heat map fits one page of either size under the title; a larger one
breaks between rows and repeats its header row. The other sections never break
across pages, and headings stay with what follows them. On screen the same
180 mm column sits on a white sheet, so the screen shows what will print.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape
from pathlib import Path

from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.patterns import HeatMap, Run, child_page, choice_days, heat_map, in_range, open_centers
from kiosk.laptop.review.ranges import DateRange, week_start
from kiosk.shared.files.durable_io import FileOps, atomic_write

__all__ = ["child_report", "class_report", "write_report"]

_CSS = """
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

_NOTE = (
    "This report records which centers were chosen and when. It does not score, "
    "rank or judge children; what the patterns mean is for the teacher to decide."
)
_FALLBACK_COLOUR = "#888888"


def _colour(info: ClassInfo, center_id: str) -> str:
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


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _span(rng: DateRange) -> str:
    return _day(rng.start) if rng.start == rng.end else f"{_day(rng.start)} – {_day(rng.end)}"


def _stamp(generated_at: datetime | None) -> str:
    moment = generated_at or datetime.now().astimezone()
    return f"{_day(moment.date())}, {moment:%H:%M}"


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main class=\"sheet\"><div class=\"content\">\n{body}\n"
        f"<p class=\"note\">{_e(_NOTE)}</p>\n</div></main>\n</body>\n</html>\n"
    )


def _header(title: str, subtitle: str, facts: Sequence[tuple[object, str]]) -> str:
    items = "".join(f"<li><b>{_e(value)}</b>{_e(label)}</li>" for value, label in facts)
    return f"<h1>{_e(title)}</h1>\n<p class=\"sub\">{_e(subtitle)}</p>\n<ul class=\"facts\">{items}</ul>"


def _bar_chart(bars: Sequence[tuple[str, int, str]], label: str) -> str:
    """Horizontal bars in each center's colour, in the order given, count at the end."""
    if not bars:
        return "<p class=\"none\">No centers.</p>"
    row, name_w, width = 26, 190, 680
    top = max(count for _, count, _ in bars) or 1
    span = width - name_w - 50
    parts = [
        f"<svg viewBox=\"0 0 {width} {row * len(bars) + 4}\" "
        f"role=\"img\" aria-label=\"{_e(label)}\">"
    ]
    for i, (name, count, colour) in enumerate(bars):
        y = 2 + i * row
        w = round(span * count / top) if count else 0
        parts.append(
            f"<text x=\"{name_w - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"14\">"
            f"{_e(_clip(name, 24))}</text>"
            f"<rect x=\"{name_w}\" y=\"{y + 3}\" width=\"{max(w, 2)}\" height=\"{row - 8}\" rx=\"3\" "
            f"fill=\"{colour if count else '#dddddd'}\"/>"
            f"<text x=\"{name_w + max(w, 2) + 6}\" y=\"{y + 17}\" font-size=\"14\">{count}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _chip_list(items: Iterable[tuple[str, str, str]], empty: str) -> str:
    """A two-column list of (colour, name, detail) with a colour swatch each."""
    lis = [
        f"<li><span class=\"chip\" style=\"background:{colour}\"></span>{_e(name)}"
        + (f" <span class=\"sub\">{_e(detail)}</span>" if detail else "")
        + "</li>"
        for colour, name, detail in items
    ]
    if not lis:
        return f"<p class=\"none\">{_e(empty)}</p>"
    return f"<ul class=\"chips\">{''.join(lis)}</ul>"


def _plain_list(items: Iterable[tuple[str, str]], empty: str) -> str:
    lis = [f"<li>{_e(name)} <span class=\"sub\">{_e(detail)}</span></li>" for name, detail in items]
    if not lis:
        return f"<p class=\"none\">{_e(empty)}</p>"
    return f"<ul class=\"chips plain\">{''.join(lis)}</ul>"


def _day_grid(own: Sequence[tuple[date, frozenset[str]]], school_days: Sequence[date], info: ClassInfo) -> str:
    """A calendar strip: weeks across, weekdays down, each day in the centers' colours."""
    if not school_days:
        return "<p class=\"none\">No choices in this range.</p>"
    chosen = dict(own)
    weeks = sorted({week_start(d) for d in school_days})
    rows = max(5, max(d.weekday() for d in school_days) + 1)
    cell = max(8, min(22, (680 - 40) // len(weeks)))
    gap = 2 if cell < 14 else 3
    column = {w: i for i, w in enumerate(weeks)}
    width, height = 40 + len(weeks) * cell, 16 + rows * cell
    parts = [
        f"<svg viewBox=\"0 0 {width} {height}\" "
        f"style=\"width:{width}px;max-width:100%\" role=\"img\" aria-label=\"Day by day\">"
    ]
    last_month = None
    for w in weeks:
        if (w.year, w.month) != last_month:
            last_month = (w.year, w.month)
            parts.append(f"<text x=\"{40 + column[w] * cell}\" y=\"11\" font-size=\"11\">{w:%b}</text>")
    for i, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[:rows]):
        parts.append(f"<text x=\"0\" y=\"{16 + i * cell + cell * 0.7:.1f}\" font-size=\"10\">{name}</text>")
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
                f"fill=\"{_colour(info, center)}\"/>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _heat_table(heat: HeatMap, info: ClassInfo) -> str:
    """Children down, centers across; each cell tinted in its center's colour by count."""
    top = heat.max_count or 1
    head = "".join(
        f"<th class=\"center\" style=\"--c:{_colour(info, c)}\"><span>{_e(info.center_name(c))}</span></th>"
        for c in heat.center_ids
    )
    rows = []
    for child, counts in heat.rows():
        cells = []
        for center, n in zip(heat.center_ids, counts, strict=True):
            if n == 0:
                cells.append("<td class=\"zero\">·</td>")
                continue
            background, ink = _tint(_colour(info, center), n / top)
            cells.append(f"<td style=\"background:{background};color:{ink}\">{n}</td>")
        rows.append(
            f"<tr><td class=\"name\">{_e(info.child_name(child))}</td>{''.join(cells)}"
            f"<td class=\"total\">{sum(counts)}</td></tr>"
        )
    columns = heat.column_totals
    foot = "".join(f"<td>{columns[c]}</td>" for c in heat.center_ids)
    return (
        "<table class=\"heat\"><thead><tr><th class=\"name\">Child</th>"
        f"{head}<th class=\"total\">All</th></tr></thead>\n<tbody>{''.join(rows)}</tbody>\n"
        f"<tfoot><tr><td class=\"name\">All children</td>{foot}"
        f"<td class=\"total\">{heat.total}</td></tr></tfoot></table>"
    )


def _names(names: Iterable[str]) -> str:
    listed = ", ".join(names)
    return _e(listed) if listed else "<span class=\"none\">none</span>"


def class_report(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    rng: DateRange,
    *,
    title: str = "Choice time: class patterns",
    generated_at: datetime | None = None,
) -> str:
    """The class page: a child × center heat map and how often each center was chosen."""
    kept = in_range(choices, rng)
    heat = heat_map(kept, info, rng)
    rows, columns = heat.row_totals, heat.column_totals
    bars = [(info.center_name(c), columns[c], _colour(info, c)) for c in heat.center_ids]
    quiet_centers = [info.center_name(c) for c in heat.center_ids if not columns[c]]
    quiet_children = [info.child_name(c) for c in heat.child_ids if not rows[c]]
    suspect = sum(1 for c in kept if c.clock_flag == "clock_suspect")
    body = [
        _header(title, f"{_span(rng)} · made {_stamp(generated_at)}", [
            (heat.total, "choices"),
            (len({c.day for c in kept}), "days with choices"),
            (len(heat.child_ids), "children"),
            (len(heat.center_ids), "centers"),
        ]),
        "<section><h2>Who chose which center</h2>",
        "<p class=\"sub\">Each number is how many times the child chose that center; "
        "a deeper colour means more times, a dot means not chosen.</p>",
        _heat_table(heat, info),
        "</section>",
        "<section class=\"keep\"><h2>Choices per center</h2>",
        _bar_chart(bars, "Choices per center"),
        "</section>",
        "<section class=\"keep\"><h2>Not seen in this range</h2>",
        f"<p><b>Centers nobody chose:</b> {_names(quiet_centers)}</p>",
        f"<p><b>Children with no choices:</b> {_names(quiet_children)}</p>",
    ]
    if suspect:
        many = f"{suspect} choices have times" if suspect > 1 else "1 choice has a time"
        body.append(f"<p>{_e(many)} the kiosk&#x27;s clock may have had wrong.</p>")
    body.append("</section>")
    return _document(f"{title} — {_span(rng)}", "\n".join(body))


def child_report(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    child_id: str,
    rng: DateRange,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
    show_friends: bool = True,
) -> str:
    """One child's page: choices per center, what was tried or not, runs and friends.

    ``show_friends=False`` leaves out the other children's names — for a copy
    that leaves the classroom, such as a parent's request for their child's data.
    """
    kept = in_range(choices, rng)
    page = child_page(kept, info, child_id, rng)
    counts = dict(page.counts)
    shown = open_centers(kept, info, rng)
    shown += [c for c in page.tried if c not in shown]
    heading = title or f"{page.name}: choice time"
    bars = [(info.center_name(c), counts.get(c, 0), _colour(info, c)) for c in shown]
    tried = [(_colour(info, c), info.center_name(c), f"× {counts[c]}") for c in shown if c in counts]
    untried = [(_colour(info, c), info.center_name(c), "") for c in page.never_tried]
    friends = [(info.child_name(f), f"{n} time{'s' if n != 1 else ''}") for f, n in page.friends]
    body = [
        _header(heading, f"{_span(rng)} · made {_stamp(generated_at)}", [
            (page.total, "choices"),
            (page.days_present, "days with a choice"),
            (f"{len(page.tried)} of {len(shown)}", "centers tried"),
            (page.switches, "switches"),
        ]),
        "<section class=\"keep\"><h2>Choices per center</h2>",
        _bar_chart(bars, f"Choices per center for {page.name}"),
        "</section>",
        "<section class=\"keep\"><h2>Day by day</h2>",
        "<p class=\"sub\">One square per day with choices in the class, Monday at the top; "
        "its colour is the center chosen (stripes for more than one), empty when no choice.</p>",
        _day_grid(choice_days(kept, child_id), sorted({c.day for c in kept}), info),
        "</section>",
        "<section class=\"keep\"><h2>Centers tried</h2>",
        _chip_list(tried, "No choices in this range."),
        "<h2>Not tried in this range</h2>",
        _chip_list(untried, "Every open center was tried at least once."),
        "</section>",
        "<section class=\"keep\"><h2>Longest run</h2>",
        _run_text(page.longest_run, info),
    ]
    if show_friends:
        body += [
            "<h2>Often at the same center at the same time</h2>",
            _plain_list(friends, "No one chose the same center at the same time."),
        ]
    body.append("</section>")
    return _document(f"{heading} — {_span(rng)}", "\n".join(body))


def _run_text(run: Run | None, info: ClassInfo) -> str:
    if run is None:
        return "<p class=\"none\">No choices in this range.</p>"
    days = f"{run.length} choice day{'s' if run.length != 1 else ''} in a row"
    return (
        f"<p><span class=\"chip\" style=\"background:{_colour(info, run.center_id)}\"></span>"
        f"<b>{_e(info.center_name(run.center_id))}</b>: {days} "
        f"({_e(_span(DateRange(run.first_day, run.last_day)))})</p>"
    )


def write_report(path: str | Path, html: str, *, ops: FileOps | None = None) -> Path:
    """Save the report atomically, owner-only: it holds children's names."""
    target = Path(path)
    atomic_write(ops or FileOps(), target, html.encode("utf-8"), "the printable report")
    return target
