"""Telling a keyboard-style USB badge reader from a person at a keyboard.

Such readers "type" the card number and Enter, a few milliseconds per key. The
detector holds back digits while they might be a reader's burst; the burst is a scan
if at least ``min_digits`` digits and Enter arrive with at most ``max_gap`` seconds
between keys. Anything slower, shorter, longer than ``max_digits`` or interrupted by
another key is a person: the held keys are handed back (``release``) to be delivered
as typed, so no key is ever lost. Pure logic: the app feeds key names and times, and
calls ``flush`` when ``deadline`` passes.

Key names: ``"0"``-``"9"`` (or ``"numpad0"``-``"numpad9"``) for digits;
``"enter"``, ``"numpadenter"``, ``"return"``, ``"\\r"`` or ``"\\n"`` for Enter; any
other string is another key.
"""

from __future__ import annotations

from dataclasses import dataclass

from device.errors import ReaderSettingsError

__all__ = ["WedgeDetector", "WedgeResult"]

_DIGITS = "0123456789"
_ENTER_KEYS = frozenset({"enter", "numpadenter", "return", "\r", "\n"})


@dataclass(frozen=True)
class WedgeResult:
    """What to do after a key.

    ``release``: keys held earlier that turned out to be typing; deliver them now, in
    order, before the current key. ``swallow``: do not deliver the current key (it is
    held, or it is the Enter that ended a scan). ``scan``: the badge id, if the current
    key completed one.
    """

    scan: str | None = None
    swallow: bool = False
    release: tuple[str, ...] = ()


class WedgeDetector:
    """Feed every key with its time; see ``WedgeResult`` for what comes back."""

    def __init__(self, max_gap: float = 0.05, min_digits: int = 6, max_digits: int = 32) -> None:
        if not max_gap > 0 or not 1 <= min_digits <= max_digits:
            raise ReaderSettingsError(
                "A keyboard reader needs max_gap > 0 and 1 <= min_digits <= max_digits."
            )
        self.max_gap = max_gap
        self.min_digits = min_digits
        self.max_digits = max_digits
        self._held: list[str] = []
        self._last_at = 0.0
        self._too_long = False

    @property
    def deadline(self) -> float | None:
        """When held keys stop being a possible burst; call ``flush`` then. None if none held."""
        return self._last_at + self.max_gap if self._held else None

    def feed(self, key: str, at: float) -> WedgeResult:
        """One key pressed at monotonic time ``at`` (seconds)."""
        released = self._release_if_stale(at)
        digit = _digit(key)
        if self._too_long and (digit is None or at - self._last_at > self.max_gap):
            self._too_long = False
        if digit is not None:
            self._last_at = at
            if self._too_long or len(self._held) == self.max_digits:
                self._too_long = True
                return WedgeResult(release=released + self._release())
            self._held.append(key)
            return WedgeResult(swallow=True, release=released)
        if key in _ENTER_KEYS and len(self._held) >= self.min_digits:
            scan = "".join(_digit(held) or "" for held in self._release())
            return WedgeResult(scan=scan, swallow=True, release=released)
        released += self._release()
        return WedgeResult(release=released)

    def flush(self, at: float) -> WedgeResult:
        """Hand back held keys once no burst can continue (after ``deadline``)."""
        return WedgeResult(release=self._release_if_stale(at))

    def _release_if_stale(self, at: float) -> tuple[str, ...]:
        if self._held and at - self._last_at > self.max_gap:
            return self._release()
        return ()

    def _release(self) -> tuple[str, ...]:
        held = tuple(self._held)
        self._held.clear()
        return held


def _digit(key: str) -> str | None:
    if len(key) == 1 and key in _DIGITS:
        return key
    if len(key) == 7 and key.startswith("numpad") and key[6] in _DIGITS:
        return key[6]
    return None
