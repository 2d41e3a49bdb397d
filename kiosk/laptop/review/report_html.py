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
from datetime import datetime
from pathlib import Path

from babel.dates import format_date

from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.patterns import Run, child_page, choice_days, heat_map, in_range, open_centers
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_parts import (
    CSS,
    bar_chart,
    chip_list,
    colour,
    day_grid,
    e,
    heat_table,
    names,
    plain_list,
)
from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.text.i18n import N_, Translator

__all__ = ["child_report", "class_report", "english", "write_report"]

_NOTE = N_(
    "This report records which centers were chosen and when. It does not score, "
    "rank or judge children; what the patterns mean is for the teacher to decide."
)


def english() -> Translator:
    """The source language, for a report made where no class language is known."""
    return Translator("en", Path())


def _span(rng: DateRange, tr: Translator) -> str:
    day = tr("d MMM y")  # TRANSLATORS: a CLDR date pattern, e.g. "d 'de' MMM 'de' y"
    start, end = (format_date(d, day, locale=tr.language) for d in (rng.start, rng.end))
    return start if rng.start == rng.end else f"{start} – {end}"


def _made(rng: DateRange, generated_at: datetime | None, tr: Translator) -> str:
    moment = generated_at or datetime.now().astimezone()
    day = format_date(moment.date(), tr("d MMM y"), locale=tr.language)
    return tr("{span} · made {day}, {time}", span=_span(rng, tr), day=day, time=f"{moment:%H:%M}")


def _document(title: str, body: str, tr: Translator) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang=\"{e(tr.language)}\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main class=\"sheet\"><div class=\"content\">\n{body}\n"
        f"<p class=\"note\">{e(tr(_NOTE))}</p>\n</div></main>\n</body>\n</html>\n"
    )


def _header(title: str, subtitle: str, facts: Sequence[tuple[object, str]]) -> str:
    items = "".join(f"<li><b>{e(value)}</b>{e(label)}</li>" for value, label in facts)
    return f"<h1>{e(title)}</h1>\n<p class=\"sub\">{e(subtitle)}</p>\n<ul class=\"facts\">{items}</ul>"


def _h2(words: str, keep: bool = False) -> str:
    """A section's opening and heading; a kept section never breaks across pages."""
    opening = "<section class=\"keep\">" if keep else "<section>"
    return f"{opening}<h2>{e(words)}</h2>"


def _p(words: str, css: str = "", bold: str = "") -> str:
    """A paragraph of words (escaped), with an optional bold lead and its own markup after it."""
    attribute = f" class=\"{css}\"" if css else ""
    return f"<p{attribute}>" + (f"<b>{e(bold)}</b> " if bold else "") + f"{e(words)}</p>"


def _h(words: str) -> str:
    return f"<h2>{e(words)}</h2>"


def _listed(lead: str, listed_html: str) -> str:
    return f"<p><b>{e(lead)}</b> {listed_html}</p>"


def class_report(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    rng: DateRange,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
    words: Translator | None = None,
) -> str:
    """The class page: a child × center heat map and how often each center was chosen."""
    tr = words or english()
    title = title or tr("Choice time: class patterns")
    kept = in_range(choices, rng)
    heat = heat_map(kept, info, rng)
    rows, columns = heat.row_totals, heat.column_totals
    bars = [(info.center_name(c), columns[c], colour(info, c)) for c in heat.center_ids]
    quiet_centers = [info.center_name(c) for c in heat.center_ids if not columns[c]]
    quiet_children = [info.child_name(c) for c in heat.child_ids if not rows[c]]
    suspect = sum(1 for c in kept if c.clock_flag == "clock_suspect")
    days = len({c.day for c in kept})
    body = [
        _header(title, _made(rng, generated_at, tr), [
            (heat.total, tr.plural("choice", "choices", heat.total)),
            (days, tr.plural("day with choices", "days with choices", days)),
            (len(heat.child_ids), tr.plural("child in the class", "children in the class", len(heat.child_ids))),
            (len(heat.center_ids), tr.plural("center open", "centers open", len(heat.center_ids))),
        ]),
        _h2(tr("Who chose which center")),
        _p(tr("Each number is how many times the child chose that center; "
              "a deeper colour means more times, a dot means not chosen."), "sub"),
        heat_table(heat, info, tr),
        "</section>",
        _h2(tr("Choices per center"), keep=True),
        bar_chart(bars, tr("Choices per center"), tr),
        "</section>",
        _h2(tr("Not seen in this range"), keep=True),
        _listed(tr("Centers nobody chose:"), names(quiet_centers, tr)),
        _listed(tr("Children with no choices:"), names(quiet_children, tr)),
    ]
    if suspect:
        body.append(_p(tr.plural("1 choice has a time the kiosk's clock may have had wrong.",
                                 "{count} choices have times the kiosk's clock may have had wrong.", suspect)))
    body.append("</section>")
    return _document(f"{title} — {_span(rng, tr)}", "\n".join(body), tr)


def child_report(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    child_id: str,
    rng: DateRange,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
    show_friends: bool = True,
    words: Translator | None = None,
) -> str:
    """One child's page: choices per center, what was tried or not, runs and friends.

    ``show_friends=False`` leaves out the other children's names — for a copy
    that leaves the classroom, such as a parent's request for their child's data.
    """
    tr = words or english()
    kept = in_range(choices, rng)
    page = child_page(kept, info, child_id, rng)
    counts = dict(page.counts)
    shown = open_centers(kept, info, rng)
    shown += [c for c in page.tried if c not in shown]
    heading = title or tr("{name}: choice time", name=page.name)
    bars = [(info.center_name(c), counts.get(c, 0), colour(info, c)) for c in shown]
    tried = [(colour(info, c), info.center_name(c), f"× {counts[c]}") for c in shown if c in counts]
    untried = [(colour(info, c), info.center_name(c), "") for c in page.never_tried]
    friends = [(info.child_name(f), tr.plural("1 time", "{count} times", n)) for f, n in page.friends]
    body = [
        _header(heading, _made(rng, generated_at, tr), [
            (page.total, tr.plural("choice", "choices", page.total)),
            (page.days_present, tr.plural("day with a choice", "days with a choice", page.days_present)),
            (tr("{tried} of {shown}", tried=len(page.tried), shown=len(shown)), tr("centers tried")),
            (page.switches, tr.plural("switch", "switches", page.switches)),
        ]),
        _h2(tr("Choices per center"), keep=True),
        bar_chart(bars, tr("Choices per center for {name}", name=page.name), tr),
        "</section>",
        _h2(tr("Day by day"), keep=True),
        _p(tr("One square per day with choices in the class, Monday at the top; its colour is the center "
              "chosen (stripes for more than one), empty when no choice."), "sub"),
        day_grid(choice_days(kept, child_id), sorted({c.day for c in kept}), info, tr, tr.language),
        "</section>",
        _h2(tr("Centers tried"), keep=True),
        chip_list(tried, tr("No choices in this range.")),
        _h(tr("Not tried in this range")),
        chip_list(untried, tr("Every open center was tried at least once.")),
        "</section>",
        _h2(tr("Longest run"), keep=True),
        _run_text(page.longest_run, info, tr),
    ]
    if show_friends:
        body += [
            _h(tr("Often at the same center at the same time")),
            plain_list(friends, tr("No one chose the same center at the same time.")),
        ]
    body.append("</section>")
    return _document(f"{heading} — {_span(rng, tr)}", "\n".join(body), tr)


def _run_text(run: Run | None, info: ClassInfo, tr: Translator) -> str:
    if run is None:
        return _p(tr("No choices in this range."), "none")
    days = tr.plural("1 choice day in a row", "{count} choice days in a row", run.length)
    span = _span(DateRange(run.first_day, run.last_day), tr)
    return (
        f"<p><span class=\"chip\" style=\"background:{colour(info, run.center_id)}\"></span>"
        f"<b>{e(info.center_name(run.center_id))}</b>: {e(days)} ({e(span)})</p>"
    )


def write_report(path: str | Path, html: str, *, ops: FileOps | None = None) -> Path:
    """Save the report atomically, owner-only: it holds children's names."""
    target = Path(path)
    atomic_write(ops or FileOps(), target, html.encode("utf-8"), N_("the printable report"))
    return target
