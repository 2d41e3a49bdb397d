"""What teacher mode shows, decided over plain values: each tab's sentences and limits.

Sentences are returned as ``(text, values)`` for the screen's translation function,
so the words live here once and every language gets them. The screens in
``screens/pi/teacher/`` only lay these out and carry out the teacher's taps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.shared.domain import Center, ReaderSettings, Settings, seats_allowed
from kiosk.shared.text.i18n import N_, NP_

__all__ = [
    "BoardCenter",
    "Say",
    "SeatsWarning",
    "board_centers",
    "child_gone",
    "enrol_prompt",
    "pairing_line",
    "reader_line",
    "reflection_rule",
    "seats_after",
    "seats_warning",
    "short_time",
    "switching_rule",
    "sync_lines",
    "teacher_badge_rule",
]

Say = tuple[str, dict[str, Any]]
CLOSED_COLOUR = "#adb5bd"
TEACHER = "teacher"


@dataclass(frozen=True)
class BoardCenter:
    """A center on the live board: open today, or closed but with children still there."""

    center_id: str
    name: str
    seats: int
    colour: str


def board_centers(
    centers: Iterable[Center], occupied: set[str], name: Callable[[Center], str] = lambda c: c.name
) -> list[BoardCenter]:
    """Open centers, and closed ones (greyed) that children are still at; ``name`` gives a center's words."""
    return [
        BoardCenter(c.id, name(c), c.seats, c.colour if c.open_today else CLOSED_COLOUR)
        for c in centers
        if c.open_today or c.id in occupied
    ]


def seats_after(seats: int, delta: int) -> int | None:
    """The new number of seats, or None when it would leave the range a center may have."""
    wanted = seats + delta
    return wanted if seats_allowed(wanted) else None


@dataclass(frozen=True)
class SeatsWarning:
    """Fewer seats than children at a center: said in the singular or plural by ``count``."""

    forms: tuple[str, str]
    count: int
    values: dict[str, Any]


def seats_warning(center_name: str, present: int, seats: int) -> SeatsWarning | None:
    """What the teacher is told when a center gets fewer seats than the children now there.

    Nobody is moved (the teacher decides who goes); the seats show as full until
    enough children leave. None when everyone still has a seat.
    """
    if present <= seats:
        return None
    forms = NP_(
        "{count} child is at {center}; seats now {seats}: nobody is moved.",
        "{count} children are at {center}; seats now {seats}: nobody is moved.",
    )
    return SeatsWarning(forms, present, {"center": center_name, "seats": seats})


def child_gone(name: str) -> Say:
    """A child the teacher had selected was removed from the class meanwhile (a sync)."""
    return N_("{name} is no longer on the class list (changed on the laptop)."), {"name": name}


def reflection_rule(settings: Settings) -> Say:
    return (N_("Reflection: on"), {}) if settings.reflection else (N_("Reflection: off"), {})


def switching_rule(settings: Settings) -> Say:
    if settings.switching.allowed:
        return N_("Switching: after {minutes} min"), {"minutes": settings.switching.min_minutes}
    return N_("Switching: not allowed"), {}


def teacher_badge_rule(skips_pin: bool) -> Say:
    return (N_("Teacher badge: no PIN asked"), {}) if skips_pin else (N_("Teacher badge: PIN asked"), {})


def enrol_prompt(who: str, name: str = "") -> Say:
    """What the Badges tab asks for while it waits for a scan ("" = nobody chosen)."""
    if not who:
        return N_("Tap a child, then scan their badge."), {}
    if who == TEACHER:
        return N_("Scan the teacher's badge now."), {}
    return N_("Scan {name}'s badge now."), {"name": name}


def reader_line(reader: ReaderSettings, online: bool, detail: str) -> Say:
    """The badge reader as the teacher needs to know it, fine or not.

    ``detail`` is the reader's own words when it went offline, or why its settings
    cannot work (then it never came online to begin with).
    """
    if not online:
        return N_("Badge reader: offline. {detail}"), {"detail": detail}
    if detail:
        return N_("Badge reader: not set up right. {detail}"), {"detail": detail}
    if reader.kind == "serial":
        return N_("Badge reader: working on {port}."), {"port": reader.port}
    if reader.kind == "simulated":
        return N_("Badge reader: the demo reader (no real badges)."), {}
    if reader.kind == "none":
        return N_("Badge reader: none; children tap their picture."), {}
    return N_("Badge reader: a USB reader that types is used when plugged in."), {}


def short_time(iso: str) -> str:
    """"25 Nov 15:30" for a teacher, from an ISO time; as it is if it is not one."""
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %H:%M")
    except ValueError:
        return iso


def sync_lines(
    laptops: Mapping[str, Mapping[str, Any]],
    receipts: Mapping[str, Mapping[str, Any]],
    not_on_a_laptop: int,
    *,
    kiosk_name: str = "",
    peers: Iterable[str] = (),
) -> list[Say]:
    """This kiosk's name, paired laptops, their last receipts, choices no laptop holds, the class's other kiosks.

    ``not_on_a_laptop`` counts the choices above the best checkpoint a laptop has
    shown it holds (kiosk/pi/sync/kiosk_side.py), never the kiosk's newest at a receipt.
    """
    lines: list[Say] = [(N_("This kiosk: {name}."), {"name": kiosk_name})] if kiosk_name else []
    if not laptops:
        lines.append((N_("No laptop is paired with this kiosk."), {}))
    for laptop_id, laptop in laptops.items():
        name = laptop.get("name", laptop_id)
        receipt = receipts.get(laptop_id)
        if not receipt:
            lines.append((N_("{name}: paired, not synced yet."), {"name": name}))
            continue
        text = (
            N_("{name}: last sync {time}; choices sent: {sent}, received: {received} (counts agree).")
            if receipt["agree"]
            else N_("{name}: last sync {time}; choices sent: {sent}, received: {received} (counts DIFFER).")
        )
        values = {
            "name": name,
            "time": short_time(receipt["kiosk_time"]),
            "sent": receipt["sent"],
            "received": receipt["received"],
        }
        lines.append((text, values))
    lines.append((N_("Choices not yet on a laptop: {count}."), {"count": max(0, not_on_a_laptop)}))
    others = ", ".join(peers)
    if others:
        lines.append((N_("Other kiosks of this class: {names}."), {"names": others}))
    return lines


def pairing_line(code: str, seconds_left: float) -> Say:
    left = int(seconds_left)
    return (
        N_("Pairing code: {code}   ({minutes}:{seconds:02d} left)"),
        {"code": f"{code[:3]} {code[3:]}", "minutes": left // 60, "seconds": left % 60},
    )
