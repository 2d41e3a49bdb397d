"""A parent's copy: everything the laptop holds about one child, in two files.

When a family asks what the class keeps about their child, the teacher picks a
folder and gets ``<name>-choices.csv`` (every choice, re-importable) and
``<name>-report.html`` (the child's page, printable). Nothing about other
children goes in: the CSV has only this child's rows and the report leaves out
the "often together with" names (the class's choices are still read, only to know
which days were school days and which centers were open).

File names come from the child's first name, so they are made safe first: no
path separators, no characters Windows refuses, no leading dots, no reserved
device names — a name like "../x" can never write outside the chosen folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from kiosk.laptop.review.export_csv import (
    centers_csv,
    choices_csv,
    reflections_csv,
    summary_csv,
    worth_csv,
    write_csv,
)
from kiosk.laptop.review.model import ClassInfo, ReviewChoice, ReviewReflection
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_html import child_report, class_report, english, write_report
from kiosk.laptop.review.worth_a_look import Observation
from kiosk.shared.files.durable_io import FileOps, make_private_dir
from kiosk.shared.text.i18n import Translator

__all__ = ["export_child", "export_class", "safe_file_name"]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_MAX_LENGTH = 60


def safe_file_name(name: str, fallback: str = "child") -> str:
    """A file-name stem from a person's name that stays inside its folder on any OS."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", name))
    text = re.sub(r"\s+", " ", text).strip(" ._")[:_MAX_LENGTH].strip(" ._")
    if not text:
        text = _UNSAFE.sub("_", fallback).strip(" ._") or "child"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def export_child(
    directory: str | Path,
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    child_id: str,
    rng: DateRange,
    *,
    generated_at: datetime | None = None,
    ops: FileOps | None = None,
    reflections: Iterable[ReviewReflection] = (),
    words: Translator | None = None,
) -> list[Path]:
    """Write the child's choices CSV, reflections CSV (if any) and report into ``directory``.

    A missing folder is created owner-only; an existing one is left as it is. Headers
    and the report are in ``words``' language (the class's).
    """
    words = words or english()
    folder, ops = _folder(directory, ops)
    listed = list(choices)
    own = [c for c in listed if c.child_id == child_id]
    stem = safe_file_name(info.child_name(child_id), fallback=child_id)
    csv_path = write_csv(folder / f"{stem}-choices.csv", choices_csv(own, info, rng, words), ops=ops)
    html = child_report(listed, info, child_id, rng, generated_at=generated_at, show_friends=False, words=words)
    html_path = write_report(folder / f"{stem}-report.html", html, ops=ops)
    theirs = [r for r in reflections if r.child_id == child_id]
    if not theirs:
        return [csv_path, html_path]
    felt = write_csv(folder / f"{stem}-reflections.csv", reflections_csv(theirs, info, rng, words), ops=ops)
    return [csv_path, felt, html_path]


def export_class(
    directory: str | Path,
    choices: Iterable[ReviewChoice],
    info: ClassInfo,
    rng: DateRange,
    *,
    generated_at: datetime | None = None,
    ops: FileOps | None = None,
    words: Translator | None = None,
    worth: tuple[date | None, Sequence[Observation]] | None = None,
) -> list[Path]:
    """The class's exports for a range: every choice (CSV), the counts (CSV), each center's full
    choice times (CSV), Worth a look's whole list as of its day (CSV, with ``worth``) and the report (HTML)."""
    words = words or english()
    folder, ops = _folder(directory, ops)
    listed = list(choices)
    stem = f"{rng.start.isoformat()}_to_{rng.end.isoformat()}"
    paths = [
        write_csv(folder / f"choices-{stem}.csv", choices_csv(listed, info, rng, words), ops=ops),
        write_csv(folder / f"summary-{stem}.csv", summary_csv(listed, info, rng, words), ops=ops),
        write_csv(folder / f"centers-{stem}.csv", centers_csv(listed, info, rng, words), ops=ops),
    ]
    if worth is not None:
        as_of = worth[0].isoformat() if worth[0] else "no-choices"
        paths.append(write_csv(folder / f"worth-a-look-{as_of}.csv", worth_csv(worth[1], info, words), ops=ops))
    paths.append(write_report(folder / f"class-report-{stem}.html",
                              class_report(listed, info, rng, generated_at=generated_at, words=words, worth=worth),
                              ops=ops))
    return paths


def _folder(directory: str | Path, ops: FileOps | None) -> tuple[Path, FileOps]:
    """The export folder, made owner-only when missing (an existing one is left as it is)."""
    folder, ops = Path(directory), ops or FileOps()
    if not folder.exists():
        make_private_dir(ops, folder)
    return folder, ops
