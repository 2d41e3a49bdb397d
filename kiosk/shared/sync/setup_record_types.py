"""The class's setup records as they are stored and synced: a typed dict per kind.

TypedDicts rather than dataclasses, because a record is a JSON document merged field by
field (kiosk/shared/sync/config_merge.py) and a later version's extra fields must survive a
round trip through this one: a TypedDict is the dict itself, so nothing is dropped or reordered
and the stored and wire bytes stay as they were. Every field is optional (``total=False``): a
tombstone carries only its id and version, records made by earlier versions lack the fields
added since, and the class's settings are an empty record before the first sync; the merge
(config_merge.py) refuses a record without its id and version.

The types say what this version writes; where a record enters a program (a file, a sync) it
is taken as it came (:func:`setup_record`), and readers keep their defaults for what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, cast

__all__ = [
    "CenterRecord",
    "ChildRecord",
    "ChoiceTimesRecord",
    "ReaderRecord",
    "SettingsRecord",
    "SetupRecord",
    "SwitchingRecord",
    "TimetableSlotRecord",
    "center_records",
    "child_records",
    "settings_records",
    "setup_record",
    "setup_records",
]


class _Versioned(TypedDict, total=False):
    """The version fields every record carries (config_merge.py's rule reads them)."""

    id: str
    rev: int
    edited_at: str
    edited_by: str
    #: The ``edited_at`` of the version this edit was made from (a lost edit is one made without seeing the other).
    base: str
    seeded: bool
    deleted: bool
    unsynced: bool


class CenterRecord(_Versioned, total=False):
    """A center: its words in the class's language (``words_language``), others in ``translations``."""

    name: str
    purpose: str
    picture: str
    colour: str
    seats: int
    open_today: bool
    words_language: str
    #: Language code → {"name": …, "purpose": …}, blank parts left out.
    translations: dict[str, dict[str, str]]


class ChildRecord(_Versioned, total=False):
    """A child: first name, picture (an avatar or their photo), badges, own language ("" or absent: the class's)."""

    first_name: str
    picture: str
    photo_sha256: str
    badges: list[str]
    revoked_badges: list[str]
    language: str


class SwitchingRecord(TypedDict, total=False):
    allowed: bool
    min_minutes: int


class TimetableSlotRecord(TypedDict, total=False):
    weekdays: list[int]
    start: str
    end: str


class ChoiceTimesRecord(TypedDict, total=False):
    kept: bool
    timetable: list[TimetableSlotRecord]


class ReaderRecord(TypedDict, total=False):
    kind: str
    port: str
    baud: int
    format: str
    repeat_gap_s: float


class SettingsRecord(_Versioned, total=False):
    """The class's settings (one record, id ``"class"``); ``term_starts`` and ``retention_until`` are the laptop's."""

    switching: SwitchingRecord
    idle_timeout_s: float
    done_timeout_s: float
    reflection: bool
    language: str
    retention_until: str
    term_starts: list[str]
    choice_times: ChoiceTimesRecord
    teacher_badges: list[str]
    teacher_badge_skips_pin: bool
    pin_hash: str
    reader: ReaderRecord


SetupRecord = CenterRecord | ChildRecord | SettingsRecord
"""A record of any kind, where code handles the kinds alike (a merge, a table)."""


def setup_record(raw: Mapping[str, Any]) -> SetupRecord:
    """A record read from a file or a sync, as it came (a copy; fields this version does not know stay)."""
    return cast(SetupRecord, dict(raw))


def setup_records(raw: Iterable[Mapping[str, Any]]) -> list[SetupRecord]:
    return [setup_record(r) for r in raw]


def center_records(raw: Iterable[Mapping[str, Any]]) -> list[CenterRecord]:
    """Centers read from a file or a sync, as they came (copies)."""
    return [cast(CenterRecord, dict(r)) for r in raw]


def child_records(raw: Iterable[Mapping[str, Any]]) -> list[ChildRecord]:
    """Children read from a file or a sync, as they came (copies)."""
    return [cast(ChildRecord, dict(r)) for r in raw]


def settings_records(raw: Iterable[Mapping[str, Any]]) -> list[SettingsRecord]:
    """Settings read from a file or a sync, as they came (copies)."""
    return [cast(SettingsRecord, dict(r)) for r in raw]
