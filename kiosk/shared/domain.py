"""Plain data of the classroom: centers, children, settings and choice events.

Everything here is immutable and JSON-friendly (``to_dict`` / ``from_dict``) so the
same values travel through storage, sync and reports without Kivy or TinyDB types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any

from kiosk.shared.text.i18n import Sentence

__all__ = [
    "FEELINGS",
    "MAX_SEATS",
    "MIN_SEATS",
    "READER_FORMATS",
    "READER_KINDS",
    "WHOLE_CLASS",
    "Center",
    "Child",
    "ChoiceEvent",
    "ChoiceTimeMark",
    "ChoiceTimeSlot",
    "ChoiceTimes",
    "EventKind",
    "Method",
    "ReaderSettings",
    "Settings",
    "SwitchRule",
    "choice_time_mark",
    "replace",
    "seats_allowed",
]


class EventKind(str, Enum):
    """What a log entry says happened to a child's place."""

    CHOSE = "chose"
    LEFT = "left"
    UNDONE = "undone"
    MOVED = "moved"
    REFLECTED = "reflected"


class ChoiceTimeMark(str, Enum):
    """An entry about the whole class: choice time opened, or ended (everyone left their center)."""

    OPENED = "opened"
    ENDED = "ended"


#: The ``child_id`` of an entry about the whole class (choice time opened or ended). Such an
#: entry is written as ``kind`` "left", ``method`` "teacher", no center and a ``choice_time``
#: field, so a kiosk or laptop of an older version reads it as a child "*" leaving: nothing.
WHOLE_CLASS = "*"


def choice_time_mark(event: Mapping[str, Any]) -> ChoiceTimeMark | None:
    """The choice-time mark of a logged entry (a dict as kiosks log it), or None for a child's entry."""
    value = event.get("choice_time")
    if value is None or event.get("child_id") != WHOLE_CLASS:
        return None
    try:
        return ChoiceTimeMark(value)
    except ValueError:
        return None  # a mark a later version may add: read as no mark


#: Seats at one center: at least one child, at most a whole class. The classroom file,
#: the laptop's Class tab, teacher mode's +/- and the service all check this range.
MIN_SEATS, MAX_SEATS = 1, 30


def seats_allowed(seats: object) -> bool:
    """A whole number of seats a center may have (``True`` is not a number here)."""
    return isinstance(seats, int) and not isinstance(seats, bool) and MIN_SEATS <= seats <= MAX_SEATS


#: The three faces of a reflection, happiest first.
FEELINGS = ("happy", "okay", "sad")


class Method(str, Enum):
    """How the entry was made: it tells the teacher which entries a child made."""

    TAP = "tap"
    BADGE = "badge"
    TEACHER = "teacher"


def _translations(data: Any) -> tuple[tuple[str, str, str], ...]:
    """``{"es": {"name": ..., "purpose": ...}}`` as sorted tuples; anything else is ignored."""
    if not isinstance(data, dict):
        return ()
    return tuple(
        sorted(
            (str(code), str(words.get("name") or ""), str(words.get("purpose") or ""))
            for code, words in data.items()
            if isinstance(words, dict)
        )
    )


@dataclass(frozen=True)
class Center:
    """A choice center as the teacher set it up.

    ``name`` and ``purpose`` are in ``words_language`` (the class's language when
    the teacher last saved them; "" on records saved before it was kept);
    ``translations`` holds (language, name, purpose) for other languages, any part
    may be blank. ``turn_language.center_words`` picks the words to show.
    """

    id: str
    name: str
    purpose: str
    picture: str
    colour: str
    seats: int
    open_today: bool = True
    translations: tuple[tuple[str, str, str], ...] = ()
    words_language: str = ""

    def translation(self, language: str) -> dict[str, str]:
        """The center's words in ``language`` as given (possibly blank): see ``turn_language.center_words``."""
        for code, name, purpose in self.translations:
            if code == language:
                return {"name": name, "purpose": purpose}
        return {}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["translations"], data["words_language"]
        if self.words_language:
            data["words_language"] = self.words_language
        if self.translations:  # absent when none, so older records compare equal
            data["translations"] = {code: {"name": n, "purpose": p} for code, n, p in self.translations}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Center:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            purpose=str(data.get("purpose", "")),
            picture=str(data.get("picture", "")),
            colour=str(data.get("colour", "#8ecae6")),
            seats=int(data.get("seats", 4)),
            open_today=bool(data.get("open_today", True)),
            translations=_translations(data.get("translations")),
            words_language=str(data.get("words_language") or ""),
        )


@dataclass(frozen=True)
class Child:
    """A child of the class: first name and a picture (photo path or animal avatar).

    ``language`` is the child's own language code ("" = the class's): what the kiosk
    shows and says once the child has tapped their picture or badge.
    """

    id: str
    first_name: str
    picture: str
    badges: tuple[str, ...] = ()
    language: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["badges"] = list(self.badges)
        if not self.language:
            del data["language"]  # absent when unset, so older records compare equal
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Child:
        return cls(
            id=str(data["id"]),
            first_name=str(data["first_name"]),
            picture=str(data.get("picture", "")),
            badges=tuple(str(b) for b in data.get("badges", ())),
            language=str(data.get("language") or ""),
        )


@dataclass(frozen=True)
class SwitchRule:
    """Whether a child may change center, and after how many minutes."""

    allowed: bool = True
    min_minutes: int = 10


@dataclass(frozen=True)
class ChoiceTimeSlot:
    """One line of the class's weekly timetable: on these weekdays (0 is Monday), from ``start`` to ``end``.

    Times are "HH:MM" on the kiosk's clock; ``kiosk.shared.choice_time`` checks and reads them.
    """

    weekdays: tuple[int, ...]
    start: str
    end: str

    def to_dict(self) -> dict[str, Any]:
        return {"weekdays": list(self.weekdays), "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChoiceTimeSlot:
        days = data.get("weekdays", ())
        return cls(
            weekdays=tuple(sorted({int(d) for d in days if isinstance(d, int) and 0 <= d <= 6})),
            start=str(data.get("start", "")),
            end=str(data.get("end", "")),
        )


@dataclass(frozen=True)
class ChoiceTimes:
    """Whether the class keeps choice time, and its weekly timetable.

    ``kept`` False (the default, and every class set up before choice times): children
    may choose at any time, as before. ``kept`` True: children choose only while choice
    time is open — opened and ended by the teacher at the kiosk, and by ``timetable``
    when one is set; each day starts closed. A class turns ``kept`` on the first time
    the teacher opens or ends choice time, or on the laptop.
    """

    kept: bool = False
    timetable: tuple[ChoiceTimeSlot, ...] = ()

    @property
    def default(self) -> bool:
        return not self.kept and not self.timetable

    def to_dict(self) -> dict[str, Any]:
        return {"kept": self.kept, "timetable": [slot.to_dict() for slot in self.timetable]}

    @classmethod
    def from_dict(cls, data: Any) -> ChoiceTimes:
        if not isinstance(data, Mapping):
            return cls()
        slots = data.get("timetable") or ()
        return cls(
            kept=bool(data.get("kept", False)),
            timetable=tuple(ChoiceTimeSlot.from_dict(s) for s in slots if isinstance(s, Mapping)),
        )


READER_KINDS = ("none", "serial", "keyboard", "simulated")
READER_FORMATS = ("rdm6300", "id12", "line")


@dataclass(frozen=True)
class ReaderSettings:
    """Which badge reader the kiosk listens to.

    ``kind`` is "none", "serial" (with ``port``, ``baud`` and ``format``: rdm6300,
    id12 or line), "keyboard" (a USB reader that types) or "simulated" (the demo).
    """

    kind: str = "keyboard"
    port: str = ""
    baud: int = 9600
    format: str = "rdm6300"
    repeat_gap_s: float = 2.0

    def problem(self) -> str | None:
        """Why these settings cannot work, in words for whoever set them up."""
        if self.kind not in READER_KINDS:
            return Sentence(
                "Unknown reader kind {kind!r}: use one of {kinds}.", kind=self.kind, kinds=", ".join(READER_KINDS)
            )
        if self.kind == "serial" and not self.port:
            return Sentence("A serial reader needs a port, e.g. /dev/serial/by-id/usb-…")
        if self.format not in READER_FORMATS:
            return Sentence(
                "Unknown frame format {format!r}: use one of {formats}.",
                format=self.format,
                formats=", ".join(READER_FORMATS),
            )
        if self.baud <= 0:
            return Sentence("The baud rate must be a positive number.")
        if not 0.1 <= self.repeat_gap_s <= 60:
            return Sentence("The repeat gap must be between 0.1 and 60 seconds.")
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReaderSettings:
        return cls(
            kind=str(data.get("kind", "keyboard")),
            port=str(data.get("port", "")),
            baud=int(data.get("baud", 9600)),
            format=str(data.get("format", "rdm6300")),
            repeat_gap_s=float(data.get("repeat_gap_s", 2.0)),
        )


@dataclass(frozen=True)
class Settings:
    """The teacher's settings for one kiosk.

    ``teacher_badges`` are keyed hashes like children's badges; a teacher badge opens
    teacher mode, still behind the PIN unless ``teacher_badge_skips_pin``.
    ``retention_until`` is the ISO date after which choices up to it are purged
    (empty: the end of the current school year, 31 July). ``choice_times`` says whether
    the class keeps choice time and when (absent from the record while it is the default).
    """

    pin_hash: str = ""
    switching: SwitchRule = field(default_factory=SwitchRule)
    idle_timeout_s: float = 20.0
    done_timeout_s: float = 4.0
    language: str = "en"
    reflection: bool = False
    teacher_badges: tuple[str, ...] = ()
    teacher_badge_skips_pin: bool = False
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    retention_until: str = ""
    choice_times: ChoiceTimes = field(default_factory=ChoiceTimes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["teacher_badges"] = list(self.teacher_badges)
        if self.choice_times.default:
            del data["choice_times"]  # absent while unused, so older records compare equal
        else:
            data["choice_times"] = self.choice_times.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        sw = data.get("switching", {})
        return cls(
            pin_hash=str(data.get("pin_hash", "")),
            switching=SwitchRule(
                allowed=bool(sw.get("allowed", True)),
                min_minutes=int(sw.get("min_minutes", 10)),
            ),
            idle_timeout_s=float(data.get("idle_timeout_s", 20.0)),
            done_timeout_s=float(data.get("done_timeout_s", 4.0)),
            language=str(data.get("language", "en")),
            reflection=bool(data.get("reflection", False)),
            teacher_badges=tuple(str(b) for b in data.get("teacher_badges", ())),
            teacher_badge_skips_pin=bool(data.get("teacher_badge_skips_pin", False)),
            reader=ReaderSettings.from_dict(data.get("reader", {})),
            retention_until=str(data.get("retention_until", "")),
            choice_times=ChoiceTimes.from_dict(data.get("choice_times")),
        )


@dataclass(frozen=True)
class ChoiceEvent:
    """One append-only log entry.

    ``wall`` is the kiosk's wall clock (ISO 8601 with offset) and may be wrong after a
    power cut on a Pi without a clock battery; ``boot_id`` + ``mono`` (seconds of the
    monotonic clock) let sync correct it later. ``day`` is the local date the kiosk
    believed it was, which is what "today" means on the kiosk. ``ref`` names the
    event an ``undone`` entry cancels. A ``reflected`` entry (only when the teacher
    turned reflection on) holds the child's ``feeling`` about the center it names:
    one of :data:`FEELINGS`; it never changes where anyone is. ``replaces`` names the
    entry (on this kiosk or another of the class) that placed the child where they
    were when a ``chose`` or ``moved`` entry moved them; absent when the child was at
    no center, or the kiosk knew of none (and on entries of earlier versions). An
    entry about the whole class (``child_id`` :data:`WHOLE_CLASS`) carries
    ``choice_time``: choice time opened, or ended — everyone left their center.
    """

    id: str
    kiosk_id: str
    seq: int
    child_id: str
    center_id: str | None
    kind: EventKind
    method: Method
    wall: str
    day: str
    boot_id: str
    mono: float
    ref: str | None = None
    feeling: str | None = None
    replaces: str | None = None
    choice_time: str | None = None

    @property
    def mark(self) -> ChoiceTimeMark | None:
        """Choice time opened or ended, for an entry about the whole class; None for a child's entry."""
        return choice_time_mark({"child_id": self.child_id, "choice_time": self.choice_time})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["method"] = self.method.value
        if self.feeling is None:
            del data["feeling"]  # only reflections carry it; older logs never had the key
        if self.replaces is None:
            del data["replaces"]  # absent when nothing was replaced: older readers see what they knew
        if self.choice_time is None:
            del data["choice_time"]  # only entries about the whole class carry it
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChoiceEvent:
        return cls(
            id=str(data["id"]),
            kiosk_id=str(data["kiosk_id"]),
            seq=int(data["seq"]),
            child_id=str(data["child_id"]),
            center_id=None if data.get("center_id") is None else str(data["center_id"]),
            kind=EventKind(data["kind"]),
            method=Method(data["method"]),
            wall=str(data["wall"]),
            day=str(data["day"]),
            boot_id=str(data["boot_id"]),
            mono=float(data["mono"]),
            ref=None if data.get("ref") is None else str(data["ref"]),
            feeling=None if data.get("feeling") is None else str(data["feeling"]),
            replaces=None if data.get("replaces") is None else str(data["replaces"]),
            choice_time=None if data.get("choice_time") is None else str(data["choice_time"]),
        )
