"""A parent's request: the whole record the laptop holds about one child, and the copies left behind.

Besides the review's files (choices CSV, reflections CSV, printable report; see
kiosk/laptop/review/privacy_export.py) the family gets every entry the kiosks recorded
about the child — choices later undone, teacher moves, "left", the undo entries
themselves, reflections — the child's record (name, picture, badge numbers, photo
hash), the photo itself, and a short plain-language README. CSV and text open on
any computer; the report in any browser.

Deleting a child removes them from the laptop and the kiosks, but not from files
already exported: :func:`earlier_exports` finds those in the exports folder so
the window can offer to delete them too, and :data:`COPIES_ELSEWHERE` says where
copies may still be.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date

from kiosk.laptop.language import laptop_translator
from kiosk.laptop.review.choices import read_store
from kiosk.laptop.review.export_csv import csv_text, write_csv
from kiosk.laptop.review.privacy_export import export_child, safe_file_name
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.store import LaptopStore
from kiosk.shared.domain import ChoiceEvent, EventKind
from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.text.i18n import N_

__all__ = ["COPIES_ELSEWHERE", "ENTRY_HEADERS", "earlier_exports", "entries_csv", "export_whole_record"]

ENTRY_HEADERS = (N_("date"), N_("time"), N_("what"), N_("center"), N_("how"), N_("kiosk"), N_("note"),
                 N_("entry_id"), N_("refers_to"))
_WHAT = {EventKind.CHOSE: N_("chose"), EventKind.MOVED: N_("moved by the teacher"),
         EventKind.LEFT: N_("left the center"), EventKind.UNDONE: N_("undo by the teacher"),
         EventKind.REFLECTED: N_("reflection")}
COPIES_ELSEWHERE = N_(
    "Copies may remain outside this laptop's folders: printed reports, exported files moved, e-mailed "
    "or copied elsewhere (USB sticks, shared drives), and class exports (choices-… and summary-… files "
    "and class reports) that list every child."
)

# TRANSLATORS: a plain-text file for a family; keep the file names ({stem}-…) and the column of descriptions.
_README = N_("""What the class's choice kiosk holds about {name}
=================================================

The classroom's choice kiosk records which play center a child chose during
choice time, and when. Nothing else: no marks, scores or notes about the child.
The records stay in the classroom, on the kiosk and the teacher's laptop.

This folder holds everything the teacher's laptop held about {name} on {today}:

- {stem}-choices.csv          every choice that counts (open in Excel, LibreOffice or Google Sheets)
- {stem}-every-entry.csv      every entry the kiosks recorded, including choices the teacher
                              undid, moves by the teacher and "left the center"
- {stem}-reflections.csv      the faces {name} chose about a center (only if reflections were on)
- {stem}-report.html          a printable page of {name}'s choices (open in a web browser)
- {stem}-record.txt           the class list entry: first name, picture, badge numbers
{photo_line}
A "switch" is a change from one center to a different one during a choice time.
Times marked "clock_suspect" were recorded while a kiosk's clock was wrong.
Ask the teacher if anything here is unclear or should be corrected or deleted.
""")


def entries_csv(
    events: Iterable[ChoiceEvent], center_name: Mapping[str, str], words: Callable[[str], str] = str
) -> str:
    """One row per entry about the child, in the kiosks' time order, every kind; headers and kinds in ``words``."""
    rows: list[list[object]] = [[words(header) for header in ENTRY_HEADERS]]
    for e in sorted(events, key=lambda e: (e.wall, e.kiosk_id, e.seq)):
        center = e.center_id or ""
        rows.append([e.day, e.wall[11:16], words(_WHAT[e.kind]), center_name.get(center, center), e.method.value,
                     e.kiosk_id, e.feeling or "", e.id, e.ref or ""])
    return csv_text(rows)


def _record_text(record: Mapping[str, Any], tr: Callable[..., str]) -> str:
    shown = {key: record[key] for key in ("first_name", "picture", "badges", "photo_sha256") if record.get(key)}
    lead = tr("The class list entry for this child, as kept on the laptop and the kiosks:")
    return lead + "\n\n" + json.dumps(shown, ensure_ascii=False, indent=2) + "\n"


def export_whole_record(store: LaptopStore, folder: Path, child_id: str, today: date, *,
                        ops: FileOps | None = None) -> list[Path]:
    """Write the whole record into ``folder`` (on the store's thread); the paths written."""
    ops = ops or FileOps()
    children = store.setup.children()
    record = next((r for r in children if r.get("id") == child_id and not r.get("deleted")), None)
    if record is None:
        raise ValueError("This child is no longer in the class: there is nothing to export.")
    choices, reflections, info = read_store(store)
    days = [c.day for c in choices if c.child_id == child_id]
    rng = DateRange(min(days, default=today), max([*days, today]))
    tr = laptop_translator(store.setup)
    paths = export_child(folder, choices, info, child_id, rng, reflections=reflections, ops=ops, words=tr)
    stem = safe_file_name(info.child_name(child_id), fallback=child_id)
    names = {cid: c.name for cid, c in info.centers.items()}
    theirs = [e for e in store.choices.events() if e.child_id == child_id]
    paths.append(write_csv(folder / f"{stem}-every-entry.csv", entries_csv(theirs, names, tr), ops=ops))
    record_path = folder / f"{stem}-record.txt"
    atomic_write(ops, record_path, _record_text(record, tr).encode("utf-8"), N_("the child's record"))
    paths.append(record_path)
    photo_line = ""
    picture = str(record.get("picture", ""))
    data = store.photos.read(picture) if picture.startswith("photos/") else None
    if data is not None:
        photo = folder / f"{stem}-photo{Path(picture).suffix}"
        atomic_write(ops, photo, data, N_("the child's photo"))
        paths.append(photo)
        shows = tr("the photo the kiosk shows for {name}", name=info.child_name(child_id))
        photo_line = f"- {photo.name:<27} {shows}\n"
    readme = folder / f"{stem}-README.txt"
    day = format_date(today, tr("d MMMM y"), locale=tr.language)
    text = tr(_README, name=info.child_name(child_id), today=day, stem=stem, photo_line=photo_line)
    atomic_write(ops, readme, text.encode("utf-8"), N_("the explanation"))
    return [readme, *paths]


def earlier_exports(folder: Path, first_name: str, child_id: str) -> list[Path]:
    """Files in the exports folder made for this child (a parent's export), to offer deleting them."""
    if not folder.is_dir():
        return []
    stem = safe_file_name(first_name, fallback=child_id)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.startswith(f"{stem}-"))
