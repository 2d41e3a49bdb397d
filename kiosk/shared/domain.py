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
    "Center",
    "Child",
    "ChoiceEvent",
    "EventKind",
    "Method",
    "ReaderSettings",
    "Settings",
    "SwitchRule",
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
    (empty: the end of the current school year, 31 July).
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["teacher_badges"] = list(self.teacher_badges)
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
    no center, or the kiosk knew of none (and on entries of earlier versions).
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["method"] = self.method.value
        if self.feeling is None:
            del data["feeling"]  # only reflections carry it; older logs never had the key
        if self.replaces is None:
            del data["replaces"]  # absent when nothing was replaced: older readers see what they knew
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
        )
