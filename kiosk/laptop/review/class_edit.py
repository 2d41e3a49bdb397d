"""Checking what the teacher typed into the laptop's class forms, before it is saved.

Each function takes the form's text fields (and the record being edited, if any)
and returns the record to save, or raises ``ValueError`` with a sentence the
teacher can act on. Saved records travel to the kiosks at the next sync, so they
must be usable there (kiosk.shared.domain's ``from_dict`` accepts them).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import cast

from kiosk.laptop.review.class_languages import CLASS_LANGUAGE, language_from_form, translations_from_form
from kiosk.laptop.review.ranges import parse_date
from kiosk.laptop.review.timetable_text import parse_timetable
from kiosk.shared.domain import MAX_SEATS, MIN_SEATS
from kiosk.shared.sync.setup_record_types import CenterRecord, ChildRecord, SettingsRecord, TimetableSlotRecord
from kiosk.shared.text.i18n import N_, Sentence

__all__ = ["center_from_form", "child_from_form", "picture_name", "settings_from_form"]

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _name(text: str, what: str, limit: int) -> str:
    name = " ".join(str(text).split())
    if not name:
        raise ValueError(Sentence("Please type the {what}.", what=Sentence(what)))
    if len(name) > limit:
        raise ValueError(Sentence("The {what} is {count} letters long; keep it to {limit}.", what=Sentence(what),
                                  count=len(name), limit=limit))
    return name


def _whole(text: str, what: str, low: int, high: int) -> int:
    cleaned = str(text).strip()
    if not cleaned.isdigit() or not low <= int(cleaned) <= high:
        if not cleaned:
            raise ValueError(Sentence("{what} must be a whole number from {low} to {high}.", what=Sentence(what),
                                      low=low, high=high))
        raise ValueError(Sentence("{what} must be a whole number from {low} to {high}, not {typed}.",
                                  what=Sentence(what), low=low, high=high, typed=cleaned))
    return int(cleaned)


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def child_from_form(fields: Mapping[str, str], old: ChildRecord | None = None) -> ChildRecord:
    """A child: first name (1–40 letters) and a picture (an avatar, or their photo); badges stay."""
    picture = str(fields.get("picture", "")).strip()
    if not picture:
        raise ValueError(Sentence("Please pick a picture the child will recognise."))
    record: ChildRecord = old.copy() if old else {"id": _new_id("child"), "badges": []}
    record["first_name"] = _name(fields.get("first_name", ""), N_("first name"), 40)
    record["picture"] = picture
    if not picture.startswith("photos/"):
        record.pop("photo_sha256", None)  # an avatar replaces the photo
    if "language" in fields:
        record["language"] = language_from_form(fields["language"], blank=CLASS_LANGUAGE)
        if not record["language"]:
            del record["language"]  # the class's language: absent, as in records made before languages
    return record


def center_from_form(
    fields: Mapping[str, str], old: CenterRecord | None = None, class_language: str = "en"
) -> CenterRecord:
    """A center: name and purpose (in the class's language), picture, colour #rrggbb, seats in the
    range every center keeps (``kiosk.shared.domain.MIN_SEATS``–``MAX_SEATS``),
    and its words in the class's other languages (``name_es``, ``purpose_es``…)."""
    colour = str(fields.get("colour", "")).strip()
    if not _COLOUR.fullmatch(colour):
        raise ValueError(Sentence("The colour must look like #2a9d8f (a # and six digits or letters a–f), not {typed}.",
                                  typed=colour) if colour else Sentence(
            "The colour must look like #2a9d8f (a # and six digits or letters a–f)."))
    picture = str(fields.get("picture", "")).strip()
    if not picture:
        raise ValueError(Sentence("Please pick a picture for the center."))
    record: CenterRecord = old.copy() if old else {"id": _new_id("center"), "open_today": True}
    record["name"] = _name(fields.get("name", ""), N_("center's name"), 40)
    record["purpose"] = _name(fields.get("purpose", ""), N_("purpose"), 160)
    record["picture"] = picture
    record["colour"] = colour.lower()
    record["seats"] = _whole(fields.get("seats", ""), N_("Seats"), MIN_SEATS, MAX_SEATS)
    record["words_language"] = class_language  # the base words are now in the class's language
    record["translations"] = translations_from_form(fields, class_language)
    if not record["translations"]:
        del record["translations"]
    return record


def _yes(text: object, default: str = "no") -> bool:
    return str(text if text is not None else default).strip().lower() in ("yes", "true", "1", "on")


def settings_from_form(fields: Mapping[str, str], old: SettingsRecord | None = None) -> SettingsRecord:
    """The class settings: switching, minutes before a switch, idle seconds, reflection, dates, choice times.

    ``choice_time_kept`` (yes/no) and ``timetable`` (see ``timetable_text``) make the
    class's ``choice_times``; a class that keeps none has no such field, as before.
    """
    record: SettingsRecord = old.copy() if old else {"id": "class"}
    allowed = str(fields.get("switching_allowed", "yes")).strip().lower() in ("yes", "true", "1", "on")
    minutes = _whole(fields.get("min_minutes", ""), N_("Minutes before a switch"), 0, 120)
    # what the form does not show (a later version's fields) stays, here and in ``choice_times``
    record["switching"] = {**record.get("switching", {}), "allowed": allowed, "min_minutes": minutes}
    record["idle_timeout_s"] = _whole(
        fields.get("idle_timeout_s", ""), N_("Seconds before the kiosk goes back to the start"), 5, 600
    )
    record["reflection"] = str(fields.get("reflection", "no")).strip().lower() in ("yes", "true", "1", "on")
    if "language" in fields:
        record["language"] = language_from_form(fields["language"])
    retention = str(fields.get("retention_until", "")).strip()
    record["retention_until"] = parse_date(retention).isoformat() if retention else ""
    terms = [t for t in re.split(r"[,\s]+", str(fields.get("term_starts", ""))) if t]
    starts: list[date] = [parse_date(t) for t in terms]
    record["term_starts"] = [d.isoformat() for d in sorted(set(starts))]
    if "timetable" in fields or "choice_time_kept" in fields:
        slots = parse_timetable(str(fields.get("timetable", "")), str(record.get("language") or "en"))
        kept = _yes(fields.get("choice_time_kept")) or bool(slots)  # a timetable keeps choice time
        if kept:
            timetable = [cast(TimetableSlotRecord, slot.to_dict()) for slot in slots]
            record["choice_times"] = {**record.get("choice_times", {}), "kept": True, "timetable": timetable}
        else:
            record.pop("choice_times", None)
    return record


def picture_name(path: str) -> str:
    """What the teacher reads for a bundled picture in a list: ``avatars/polar_bear.png`` is "polar bear"."""
    return PurePosixPath(path).stem.replace("_", " ").replace("-", " ").strip() or path
