"""One scan per presentation of a card, although readers repeat a held card.

A card left on an RDM6300 or ID-12 reader is sent again every ~100 ms. A sighting is
a new scan only if the same card was not seen during the last ``gap`` seconds, so a
card held for minutes is one scan, and a card taken away and presented again after
the gap is a second scan. Time is passed in, so tests drive it without sleeping.
"""

from __future__ import annotations

from device.errors import ReaderSettingsError

__all__ = ["RepeatFilter"]

_EPSILON = 1e-6


class RepeatFilter:
    """``accept(badge, at)`` is True for a new scan, False for a repeat of a held card."""

    def __init__(self, gap: float = 2.0) -> None:
        if not gap >= 0:
            raise ReaderSettingsError(f"The repeat gap must be 0 seconds or more, not {gap}.")
        self.gap = gap
        self._last_seen: dict[str, float] = {}

    def accept(self, badge: str, at: float) -> bool:
        """Record a sighting of ``badge`` at monotonic time ``at``; is it a new scan?"""
        self._forget_older_than(at - self.gap)
        last = self._last_seen.get(badge)
        self._last_seen[badge] = at
        return last is None or at - last >= self.gap - _EPSILON

    def _forget_older_than(self, cutoff: float) -> None:
        for badge in [b for b, seen in self._last_seen.items() if seen < cutoff]:
            del self._last_seen[badge]
