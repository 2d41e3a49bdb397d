"""Tests of the review's exports: spreadsheets, the printable report, a parent's copy.

``small_class`` builds a hand-made class whose counts are known by heart, with
names chosen to break exports: accents, commas, quotes, a newline, a formula and
markup.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild, ReviewChoice
from kiosk.shared.domain import EventKind, Method

TRICKY_NAMES = {
    "c1": "Zoë",
    "c2": "Nuñez, Ana",
    "c3": 'Bo "Bear"',
    "c4": "Line\nBreak",
    "c5": "=1+2",
    "c6": "<script>alert(1)</script>",
    "c7": "@Sam",
    "c8": "-Lee",
}


def small_class() -> ClassInfo:
    centers = {
        "blocks": ReviewCenter("blocks", "Blocks", "Build tall and wide", colour="#e07a2f", seats=4),
        "library": ReviewCenter("library", "Library", "Read with a friend", colour="#3b7dd8", seats=3),
        "math": ReviewCenter("math", "Mystery Plate", "Ways to make 5 and 10", colour="#2a9d5b", seats=4),
        "art": ReviewCenter("art", "+Art & Paint", "Mix colours", colour="#c2417a", seats=2),
    }
    children = {cid: ReviewChild(cid, name) for cid, name in TRICKY_NAMES.items()}
    return ClassInfo(centers=centers, children=children)


def small_choices(days: int = 10) -> list[ReviewChoice]:
    """Every child chooses once a day from 1 Sept; c1 always builds, c8 never plays."""
    plan = ["blocks", "library", "math", "art"]
    choices = []
    start = date(2026, 9, 1)
    for n in range(days):
        day = start + timedelta(days=n)
        for i, child in enumerate(sorted(TRICKY_NAMES)):
            if child == "c8":
                continue
            center = "blocks" if child == "c1" else plan[(i + n) % len(plan)]
            at = datetime(day.year, day.month, day.day, 9, 5 + i)
            choices.append(ReviewChoice(
                event_id=f"e{n}-{child}", kiosk_id="kiosk-1", child_id=child, center_id=center,
                day=day, at=at, method=(Method.BADGE, Method.TAP, Method.TEACHER)[i % 3], kind=EventKind.CHOSE,
                switched=False, clock_flag="anchored", until=at + timedelta(minutes=40),
            ))
    return choices
