"""What the teacher changes at the kiosk itself: centers open today, seats, the class's settings, the PIN.

Each edit is saved at once and shared with the class at the next sync; the limits
(seats, PIN) are the core's rules, so the kiosk and the laptop refuse the same values.
"""

from __future__ import annotations

from kiosk.pi.class_setup import ClassSetup
from kiosk.pi.pin import hash_pin, pin_problem
from kiosk.shared.domain import MAX_SEATS, MIN_SEATS, ReaderSettings, replace, seats_allowed

__all__ = ["TeacherEdits"]


class TeacherEdits:
    """The teacher's edits over the class setup (storage thread only)."""

    def __init__(self, setup: ClassSetup) -> None:
        self._setup = setup

    def set_center_open(self, center_id: str, is_open: bool) -> None:
        self._setup.put_center(replace(self._setup.centers[center_id], open_today=is_open))

    def set_seats(self, center_id: str, seats: int) -> None:
        if not seats_allowed(seats):
            raise ValueError(f"A center has {MIN_SEATS} to {MAX_SEATS} seats.")
        self._setup.put_center(replace(self._setup.centers[center_id], seats=seats))

    def set_reflection(self, on: bool) -> None:
        """The teacher turns the three-face reflection on or off (shared with the class at the next sync)."""
        self._setup.put_settings(replace(self._setup.settings, reflection=on))

    def set_switching(self, allowed: bool) -> None:
        """The teacher allows or stops changing centers; the minimum minutes stay as they were."""
        settings = self._setup.settings
        self._setup.put_settings(replace(settings, switching=replace(settings.switching, allowed=allowed)))

    def set_teacher_badge_skips_pin(self, skips: bool) -> None:
        self._setup.put_settings(replace(self._setup.settings, teacher_badge_skips_pin=skips))

    def set_reader(self, reader: ReaderSettings) -> str | None:
        """Store which badge reader to use (read at the next start); returns why not, or None."""
        problem = reader.problem()
        if problem:
            return problem
        self._setup.put_settings(replace(self._setup.settings, reader=reader))
        return None

    def has_pin(self) -> bool:
        return bool(self._setup.settings.pin_hash)

    @staticmethod
    def pin_problem(pin: str) -> str | None:
        """Why a new PIN would be refused, before asking for it twice."""
        return pin_problem(pin)

    def set_pin(self, pin: str) -> str | None:
        """Store a new teacher PIN; returns why it was refused, or None."""
        problem = pin_problem(pin)
        if problem:
            return problem
        self._setup.put_settings(replace(self._setup.settings, pin_hash=hash_pin(pin)))
        return None
