"""The printable report: one self-contained HTML file the teacher opens or prints.

The laptop is often offline and the file may be handed to a parent, so the page
carries everything inline — CSS and SVG, no scripts, no fonts or images from
anywhere else. It is drawn by Jinja2 templates that escape every value
(``report_parts.render``): names come from people and reach the page as text,
whatever they hold.

The report shows observations only — counts, what was tried, runs, who was
often together, when centers were full, Worth a look's whole list — never scores,
rankings or advice. Rows and bars follow the children's and centers' names,
never the counts. It carries what the window shows: each center's full choice
times and days (``definitions.full_choice_times``) and every Worth a look line,
so anyone can check the window against the file.

Printing: ``@page { size: auto; margin: 15mm }`` lets the printer's paper
decide, and the content is at most 180 mm wide, which fits inside both A4
(210 mm − 2 × 15 mm) and US Letter (8.5 in ≈ 216 mm − 2 × 15 mm ≈ 186 mm).
A 30-child heat map fits one page of either size under the title; a larger one
breaks between rows and repeats its header row. The short sections never break
across pages, and headings stay with what follows them. On screen the same
180 mm column sits on a white sheet, so the screen shows what will print.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date

from kiosk.laptop.review.definitions import choice_times_of, full_choice_times
from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.patterns import child_page, choice_days, heat_map, in_range, open_centers
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_parts import bars, colour, day_grid, heat_table, render
from kiosk.laptop.review.worth_a_look import Observation
from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.text.i18n import N_, Translator

__all__ = ["CenterFull", "centers_full", "child_report", "class_report", "english", "write_report"]

_NOTE = N_(
    "This report records which centers were chosen and when. It does not score, "
    "rank or judge children; what the patterns mean is for the teacher to decide."
)


def english() -> Translator:
    """The source language, for a report made where no class language is known."""
    return Translator("en", Path())


def _day(day: date, tr: Translator) -> str:
    return format_date(day, tr("d MMM y"), locale=tr.language)  # TRANSLATORS: a CLDR date pattern


def _span(rng: DateRange, tr: Translator) -> str:
    start, end = _day(rng.start, tr), _day(rng.end, tr)
    return start if rng.start == rng.end else f"{start} – {end}"


def _made(rng: DateRange, generated_at: datetime | None, tr: Translator) -> str:
    moment = generated_at or datetime.now().astimezone()
    clock = f"{moment:%H:%M}"  # not inside the call: Babel's extractor stops at an f-string there
    return tr("{span} · made {day}, {time}", span=_span(rng, tr), day=_day(moment.date(), tr), time=clock)


@dataclass(frozen=True)
class CenterFull:
    """A center's full choice times in a range (``definitions.full_choice_times``) and their days."""

    center_id: str
    seats: int
    choices: int
    times: int
    days: tuple[date, ...]


def centers_full(choices: Iterable[ReviewChoice], info: ClassInfo, rng: DateRange) -> list[CenterFull]:
    """Each live center, by name: its choices in the range and the choice times and days it was full."""
    kept = in_range(choices, rng)
    order = sorted(info.centers, key=lambda c: (info.center_name(c).casefold(), c))
    found = []
    for cid in order:
        seats = info.centers[cid].seats
        full = full_choice_times(kept, cid, seats)
        found.append(CenterFull(cid, seats, sum(1 for c in kept if c.center_id == cid), len(full),
                                tuple(sorted({day for day, _ in full}))))
    return found


def _by_month(days: Sequence[date], tr: Translator) -> list[tuple[str, str]]:
    """Days as (month, its day numbers): "Sep 2025", "1 2 3 8" — a school year of full days in a few lines."""
    months: dict[tuple[int, int], list[int]] = {}
    for day in days:
        months.setdefault((day.year, day.month), []).append(day.day)
    pattern = tr("MMM y")  # TRANSLATORS: a CLDR date pattern for a month, e.g. "MMM 'de' y"
    return [(format_date(date(year, month, 1), pattern, locale=tr.language), " ".join(map(str, numbers)))
            for (year, month), numbers in sorted(months.items())]


def _full_table(choices: Sequence[ReviewChoice], info: ClassInfo, rng: DateRange, tr: Translator) -> dict[str, Any]:
    rows = [{"name": info.center_name(f.center_id), "seats": f.seats, "times": f.times,
             "days": _by_month(f.days, tr)} for f in centers_full(choices, info, rng)]
    return {"center": tr("Center"), "seats": tr("Seats"), "times": tr("Full in choice times"),
            "days": tr("Days it was full"), "never": tr("never full"), "empty": tr("No centers."), "rows": rows}


def _document(template: str, title: str, tr: Translator, **context: Any) -> str:
    return render(template, {"language": tr.language, "title": title, "note": tr(_NOTE), **context})


def class_report(
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    rng: DateRange,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
    words: Translator | None = None,
    worth: tuple[date | None, Sequence[Observation]] | None = None,
) -> str:
    """The class page: the heat map, choices and full choice times per center, and Worth a look.

    ``worth`` is Worth a look's whole list and the day it speaks as of (the window's,
    so the file says what the window says); without it that section says so.
    """
    tr = words or english()
    title = title or tr("Choice time: class patterns")
    kept = in_range(choices, rng)
    heat = heat_map(kept, info, rng)
    rows, columns = heat.row_totals, heat.column_totals
    suspect = sum(1 for c in kept if c.clock_flag == "clock_suspect")
    days = len({c.day for c in kept})
    times = len(choice_times_of(kept))
    as_of, observations = worth if worth is not None else (None, ())
    worth_note = (tr("As of {day}, the last day with choices; every observation, none left out.",
                     day=_day(as_of, tr)) if as_of else tr("Nothing to look at yet: there are no choices."))
    return _document(
        "class_report.html", f"{title} — {_span(rng, tr)}", tr,
        heading=title, subtitle=_made(rng, generated_at, tr),
        facts=[
            (heat.total, tr.plural("choice", "choices", heat.total)),
            (times, tr.plural("choice time", "choice times", times)),
            (days, tr.plural("day with choices", "days with choices", days)),
            (len(heat.child_ids), tr.plural("child in the class", "children in the class", len(heat.child_ids))),
            (len(heat.center_ids), tr.plural("center open", "centers open", len(heat.center_ids))),
        ],
        heat=heat_table(heat, info, tr),
        bars=bars([(info.center_name(c), columns[c], colour(info, c)) for c in heat.center_ids]),
        full=_full_table(kept, info, rng, tr),
        quiet_centers=[info.center_name(c) for c in heat.center_ids if not columns[c]],
        quiet_children=[info.child_name(c) for c in heat.child_ids if not rows[c]],
        suspect=tr.plural("1 choice has a time the kiosk's clock may have had wrong.",
                          "{count} choices have times the kiosk's clock may have had wrong.", suspect)
        if suspect else "",
        worth=[tr(o.text) for o in observations],
        words={
            "who": tr("Who chose which center"),
            "who_note": tr("Each number is how many times the child chose that center; "
                           "a deeper colour means more times, a dot means not chosen."),
            "per_center": tr("Choices per center"), "no_centers": tr("No centers."),
            "full": tr("When centers were full"),
            "full_note": tr("Full: all its seats taken at one moment of a choice time (the seats it has now)."),
            "not_seen": tr("Not seen in this range"), "nobody": tr("none"),
            "quiet_centers": tr("Centers nobody chose:"), "quiet_children": tr("Children with no choices:"),
            "worth": tr("Worth a look"), "worth_note": worth_note, "worth_empty": tr("Nothing stands out so far."),
        },
    )


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
    run = page.longest_run
    return _document(
        "child_report.html", f"{heading} — {_span(rng, tr)}", tr,
        heading=heading, subtitle=_made(rng, generated_at, tr),
        facts=[
            (page.total, tr.plural("choice", "choices", page.total)),
            (tr("{chose} of {times}", chose=page.choice_times, times=page.class_choice_times),
             tr("choice times with a choice")),
            (page.days_present, tr.plural("day with a choice", "days with a choice", page.days_present)),
            (tr("{tried} of {shown}", tried=len(page.tried), shown=len(shown)), tr("centers tried")),
            (page.switches, tr.plural("switch", "switches", page.switches)),
        ],
        bars=bars([(info.center_name(c), counts.get(c, 0), colour(info, c)) for c in shown]),
        grid=day_grid(choice_days(kept, child_id), sorted({c.day for c in kept}), info, tr.language),
        tried=[(colour(info, c), info.center_name(c), f"× {counts[c]}") for c in shown if c in counts],
        untried=[(colour(info, c), info.center_name(c), "") for c in page.never_tried],
        run=None if run is None else {
            "colour": colour(info, run.center_id), "name": info.center_name(run.center_id),
            "days": tr.plural("1 choice day in a row", "{count} choice days in a row", run.length),
            "span": _span(DateRange(run.first_day, run.last_day), tr),
        },
        friends=[(info.child_name(f), tr.plural("1 time", "{count} times", n)) for f, n in page.friends]
        if show_friends else None,
        words={
            "per_center": tr("Choices per center"), "per_center_for": tr("Choices per center for {name}",
                                                                          name=page.name),
            "no_centers": tr("No centers."), "day_by_day": tr("Day by day"),
            "grid_note": tr("One square per day with choices in the class, Monday at the top; its colour is the "
                            "center chosen (stripes for more than one), empty when no choice."),
            "no_choices": tr("No choices in this range."), "tried": tr("Centers tried"),
            "not_tried": tr("Not tried in this range"), "all_tried": tr("Every open center was tried at least once."),
            "longest": tr("Longest run"), "together": tr("Often at the same center at the same time"),
            "no_friends": tr("No one chose the same center at the same time."),
        },
    )


def write_report(path: str | Path, html: str, *, ops: FileOps | None = None) -> Path:
    """Save the report atomically, owner-only: it holds children's names."""
    target = Path(path)
    atomic_write(ops or FileOps(), target, html.encode("utf-8"), N_("the printable report"))
    return target
