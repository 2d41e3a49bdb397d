"""What children said about their centers, counted for the teacher (never scored)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from kiosk.laptop.review.model import ReviewReflection
from kiosk.laptop.review.ranges import DateRange
from kiosk.shared.domain import FEELINGS
from kiosk.shared.text.i18n import N_

__all__ = ["FACES", "feelings_by_center", "reflections_on"]

#: How a feeling reads in a sentence on the laptop.
FACES = {"happy": N_("happy face"), "okay": N_("middle face"), "sad": N_("sad face")}


def feelings_by_center(
    reflections: Iterable[ReviewReflection], child_id: str, rng: DateRange
) -> list[tuple[str, dict[str, int]]]:
    """Per center the child reflected on in the range: how many of each face, centers by first reflection."""
    counts: dict[str, Counter[str]] = {}
    for item in sorted(reflections, key=lambda r: (r.day, r.at)):
        if item.child_id == child_id and item.day in rng:
            counts.setdefault(item.center_id, Counter())[item.feeling] += 1
    return [(center, {f: tally[f] for f in FEELINGS}) for center, tally in counts.items()]


def reflections_on(reflections: Iterable[ReviewReflection], day: date) -> dict[tuple[str, str], list[str]]:
    """(child, center) → the faces given that day, in time order."""
    found: dict[tuple[str, str], list[str]] = {}
    for item in sorted(reflections, key=lambda r: r.at):
        if item.day == day:
            found.setdefault((item.child_id, item.center_id), []).append(item.feeling)
    return found
