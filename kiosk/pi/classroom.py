"""Reading a classroom file (the demo, or a teacher's own) into plain values.

A classroom file is JSON: ``{"format": "choice-kiosk-classroom", "version": 1,
"centers": [...], "children": [...], "settings": {...}, "teacher_pin": "1234",
"teacher_badges": [...]}``. ``teacher_pin`` is only for the demo; a real class leaves
it out and the kiosk asks the teacher to set a PIN on first start. Badge numbers in
the file (children's ``badges``, ``teacher_badges``) are hashed with the kiosk's
secret when it is set up and never stored as they are. Every problem is reported
with where it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.shared.domain import MAX_SEATS, MIN_SEATS, Center, Child, Settings, seats_allowed
from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import LANGUAGES, known_language

__all__ = ["Classroom", "ClassroomFileError", "load_classroom", "parse_classroom"]

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class ClassroomFileError(KioskError, ValueError):
    """A classroom file that cannot be used, with a message saying what to fix."""

    code = "classroom_file_invalid"


@dataclass(frozen=True)
class Classroom:
    name: str
    centers: tuple[Center, ...]
    children: tuple[Child, ...]
    settings: Settings
    teacher_pin: str | None
    teacher_badges: tuple[str, ...] = ()
    demo_badges: tuple[str, ...] = ()


def load_classroom(path: Path) -> Classroom:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ClassroomFileError(f"Cannot read the classroom file {path}: {error.strerror}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ClassroomFileError(
            f"The classroom file {path} is not valid JSON (line {error.lineno}): {error.msg}"
        ) from error
    return parse_classroom(data, source=str(path))


def _require(record: Any, key: str, where: str) -> Any:
    if not isinstance(record, dict) or key not in record:
        raise ClassroomFileError(f"{where} has no '{key}'.")
    return record[key]


def _check_language(code: str, where: str, *, blank_ok: bool = True) -> None:
    if (code or not blank_ok) and not known_language(code):
        raise ClassroomFileError(
            f"{where}: language {code!r} has no catalogue; use one of {', '.join(sorted(LANGUAGES))}."
        )


def parse_classroom(data: Any, source: str = "classroom") -> Classroom:
    """Validate and convert; raises ClassroomFileError naming the faulty entry."""
    if not isinstance(data, dict) or data.get("format") != "choice-kiosk-classroom":
        raise ClassroomFileError(f"{source} is not a Choice Kiosk classroom file.")
    centers = [_center(raw, f"{source}: center {i + 1}") for i, raw in enumerate(data.get("centers", []))]
    children = [_child(raw, f"{source}: child {i + 1}") for i, raw in enumerate(data.get("children", []))]
    for kind, items in (("center", centers), ("child", children)):
        _once(f"{source}: {kind} id used twice", [item.id for item in items])
    if not centers:
        raise ClassroomFileError(f"{source} has no centers.")
    _check_language(str(data.get("settings", {}).get("language", "en")), f"{source}: settings", blank_ok=False)
    pin = data.get("teacher_pin")
    teacher_badges = tuple(str(b) for b in data.get("teacher_badges", ()))
    badges = [b for child in children for b in child.badges] + list(teacher_badges)
    _once(f"{source}: badge given twice", badges)
    return Classroom(
        name=str(data.get("name", "Classroom")),
        centers=tuple(centers),
        children=tuple(children),
        settings=Settings.from_dict(data.get("settings", {})),
        teacher_pin=None if pin is None else str(pin),
        teacher_badges=teacher_badges,
        demo_badges=tuple(badges),
    )


def _center(raw: Any, where: str) -> Center:
    name = _require(raw, "name", where)
    seats = raw.get("seats", 4)
    if not seats_allowed(seats):
        raise ClassroomFileError(f"{where} ({name}): seats must be a whole number from {MIN_SEATS} to {MAX_SEATS}.")
    colour = raw.get("colour", "#8ecae6")
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise ClassroomFileError(f"{where} ({name}): colour must look like #4cc9f0.")
    for code in (raw.get("translations") or {}):
        _check_language(code, f"{where} ({name}): translations")
    return Center.from_dict({**raw, "id": _require(raw, "id", where)})


def _child(raw: Any, where: str) -> Child:
    _require(raw, "first_name", where)
    _check_language(raw.get("language") or "", f"{where} ({raw['first_name']})")
    return Child.from_dict({**raw, "id": _require(raw, "id", where)})


def _once(problem: str, values: list[str]) -> None:
    """``ClassroomFileError`` naming the values that appear more than once."""
    twice = sorted({x for x in values if values.count(x) > 1})
    if twice:
        raise ClassroomFileError(f"{problem}: {', '.join(twice)}.")
