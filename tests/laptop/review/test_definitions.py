"""The review's definitions on hand-made laptop folders: full, switches, choice times.

Each case is a real laptop folder (the kiosks' entries saved as a sync saves them),
read back as the window reads it, and checked against SQLite's own computation of
the same definition from the raw entries (``kiosk/bench/sqlite_check.py``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.bench.sqlite_check import sqlite_full, sqlite_switches
from kiosk.laptop.review.choices import read_store
from kiosk.laptop.review.definitions import SWITCH_RULES
from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.patterns import center_page, child_page
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.store import LaptopStore

from .helpers import Log, wall

STAMP = {"rev": 1, "edited_at": "2026-01-01T00:00:00+00:00", "edited_by": "laptop"}
CENTERS = {"library": ("Library Nook", 3), "blocks": ("Blocks", 4), "lego": ("Lego", 4), "paint": ("Painting", 4),
           "sand": ("Sand", 4)}
CHILDREN = ("omar", "priya", "sam", "ann", "ben", "cy", "dee", "eve", "finn", "gus", "hana")
MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))


def folder(tmp_path: Path, log: Log) -> tuple[list[ReviewChoice], ClassInfo, list[dict[str, Any]]]:
    """A laptop folder holding ``log`` as the kiosks' syncs leave it, read back as the window reads it."""
    with LaptopStore(tmp_path / "laptop") as store:
        for kiosk in sorted({e.kiosk_id for e in log.events}):
            mine = [e for e in log.events if e.kiosk_id == kiosk]
            store.exchange.take_events(kiosk, mine, max(e.seq for e in mine))
        store.setup.replace("centers", [{"id": cid, "name": name, "seats": seats, "colour": "#3b7dd8",
                                           "picture": "x.png", "purpose": "", **STAMP}
                                          for cid, (name, seats) in CENTERS.items()])
        store.setup.replace("children", [{"id": kid, "first_name": kid.title(), "picture": "a.png", **STAMP}
                                           for kid in CHILDREN])
        store.setup.replace("settings", [{"id": "class", "retention_until": "2099-07-31", **STAMP}])
    with LaptopStore(tmp_path / "laptop") as store:
        choices, _, info = read_store(store)
        return choices, info, store.choices.events()


def seats() -> dict[str, int]:
    return {cid: n for cid, (_, n) in CENTERS.items()}


def full_days_by_sqlite(events: list[dict[str, Any]], center: str) -> list[date]:
    return sorted({date.fromisoformat(day) for day, _ in sqlite_full(events, seats(), MARCH).get(center, set())})


def test_library_nook_at_two_of_three_seats_is_never_full(tmp_path):
    """Omar and Priya at 09:00, Sam at 13:00, nothing else: never more than 2 of 3 seats at once."""
    log = Log()
    for day in ("2026-03-03", "2026-03-04"):
        log.add("omar", "library", wall(day, "09:00"))
        log.add("priya", "library", wall(day, "09:00"))
        log.add("sam", "library", wall(day, "13:00"))
    # A day it was full: three children there at one moment of one choice time.
    for child, hhmm in (("omar", "09:00"), ("priya", "09:05"), ("sam", "09:10")):
        log.add(child, "library", wall("2026-03-05", hhmm))
    choices, info, events = folder(tmp_path, log)
    page = center_page(choices, info, "library", MARCH)
    assert page.full_days == (date(2026, 3, 5),)
    assert page.full_times == ((date(2026, 3, 5), 0),)
    assert list(page.full_days) == full_days_by_sqlite(events, "library")


def test_ending_choice_time_empties_every_center(tmp_path):
    """Two children stay until the teacher ends the morning; the afternoon's one child makes 1 of 3, not 3."""
    log = Log()
    day = "2026-03-03"
    log.mark(wall(day, "09:00"), "opened")
    log.add("omar", "library", wall(day, "09:05"))
    log.add("priya", "library", wall(day, "09:10"))
    log.mark(wall(day, "09:45"), "ended")
    log.mark(wall(day, "10:00"), "opened")  # 15 quiet minutes: only the recorded end tells them apart
    log.add("sam", "library", wall(day, "10:05"))
    log.mark(wall(day, "10:40"), "ended")
    choices, info, events = folder(tmp_path, log)
    page = center_page(choices, info, "library", MARCH)
    assert (page.full_days, page.most) == ((), 2)
    assert full_days_by_sqlite(events, "library") == []
    omar = next(c for c in choices if c.child_id == "omar")
    assert (omar.until, omar.choice_time, omar.recorded_time) == (
        next(c.at for c in choices if c.child_id == "omar").replace(hour=9, minute=45), 0, True)
    assert next(c for c in choices if c.child_id == "sam").choice_time == 1


def _class_all_day(log: Log, day: str) -> None:
    """A class that chooses every 40 minutes from 09:00 to 15:00, each choice time opened and ended."""
    for n, (start, end) in enumerate((("09:00", "09:35"), ("09:40", "10:15"), ("10:20", "10:55"), ("11:00", "11:35"),
                                      ("11:40", "12:15"), ("12:20", "12:55"), ("13:00", "13:35"), ("13:40", "14:15"),
                                      ("14:20", "14:55"))):
        log.mark(wall(day, start), "opened")
        for k, child in enumerate(("eve", "finn", "gus", "hana")):
            center = ("lego", "paint", "sand", "blocks")[(n + k) % 4]
            log.add(child, center, wall(day, f"{start[:3]}{int(start[3:]) + 1 + k:02d}"))
        log.mark(wall(day, end), "ended")


def test_a_morning_and_an_afternoon_choice_in_separate_choice_times_are_not_a_switch(tmp_path):
    log = Log()
    day = "2026-03-03"
    _class_all_day(log, day)
    log.add("ann", "blocks", wall(day, "09:05"))
    log.add("ann", "library", wall(day, "14:00"))
    log.add("ben", "blocks", wall(day, "09:41"))  # and a switch within one choice time still is one
    log.add("ben", "library", wall(day, "10:00"))
    choices, info, events = folder(tmp_path, log)
    mine = {(c.child_id, c.center_id): c.switched for c in choices if c.child_id in ("ann", "ben")}
    assert mine == {("ann", "blocks"): False, ("ann", "library"): False,
                    ("ben", "blocks"): False, ("ben", "library"): True}
    every = {c.child_id: 0 for c in choices}
    for c in choices:
        every[c.child_id] += c.switched
    assert {k: n for k, n in every.items() if n} == sqlite_switches(events, MARCH) == {"ben": 1}
    ann = child_page(choices, info, "ann", MARCH)
    assert (ann.switches, ann.choice_times, ann.class_choice_times) == (0, 2, 9)


def test_the_teacher_s_move_rule(tmp_path):
    """A teacher's move or placement is never a switch; the child's own change after it, in the same
    choice time, is one (the kiosk's switching rule applied to it too); after choice time ended, it is not."""
    log = Log()
    day = "2026-03-03"
    log.add("ben", "paint", wall(day, "08:55"), "moved", method="teacher")  # placed before choice time opens
    log.mark(wall(day, "09:00"), "opened")
    log.add("ann", "lego", wall(day, "09:05"))
    log.add("cy", "lego", wall(day, "09:06"))
    log.add("ann", "paint", wall(day, "09:10"), "moved", method="teacher")
    log.add("ben", "lego", wall(day, "09:20"))
    log.add("ann", "sand", wall(day, "09:25"))
    log.add("dee", "sand", wall(day, "09:30"), "moved", method="teacher")
    log.add("dee", "lego", wall(day, "09:35"), "moved", method="teacher")
    log.mark(wall(day, "09:40"), "ended")
    log.mark(wall(day, "10:00"), "opened")
    log.add("cy", "paint", wall(day, "10:05"))  # a new choice time: Cy left Lego at the end
    log.add("dee", "paint", wall(day, "10:06"))
    choices, _, events = folder(tmp_path, log)
    switched = {(c.child_id, c.center_id, c.at.strftime("%H:%M")): c.switched for c in choices}
    assert switched == {
        ("ben", "paint", "08:55"): False, ("ann", "lego", "09:05"): False, ("cy", "lego", "09:06"): False,
        ("ann", "paint", "09:10"): False, ("ben", "lego", "09:20"): True, ("ann", "sand", "09:25"): True,
        ("dee", "sand", "09:30"): False, ("dee", "lego", "09:35"): False, ("cy", "paint", "10:05"): False,
        ("dee", "paint", "10:06"): False,
    }
    assert sqlite_switches(events, MARCH) == {"ann": 1, "ben": 1}
    assert next(c for c in choices if c.child_id == "ben" and c.center_id == "paint").choice_time == 0


def test_the_rule_table_is_the_readme_s_paragraph():
    """The README states the switch in one paragraph; each rule's words are in it."""
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    paragraph = next(p for p in readme.split("\n\n") if p.startswith("**A switch**"))
    assert "kiosk/laptop/review/definitions.py" in paragraph
    assert [rule.name for rule in SWITCH_RULES] == ["own", "placed", "same_time", "other_center", "known"]
    full = next(p for p in readme.split("\n\n") if p.startswith("**Full**"))
    assert "kiosk/laptop/review/definitions.py" in full


@pytest.mark.parametrize("undo_end", [False, True])
def test_an_undone_end_joins_the_choice_times_again(tmp_path, undo_end):
    log = Log()
    day = "2026-03-03"
    log.mark(wall(day, "09:00"), "opened")
    log.add("ann", "lego", wall(day, "09:05"))
    end = log.mark(wall(day, "09:30"), "ended")
    if undo_end:
        log.add("*", None, wall(day, "09:31"), "undone", ref=end, method="teacher")
    log.add("ann", "paint", wall(day, "09:40"))
    choices, _, events = folder(tmp_path, log)
    assert [c.switched for c in choices] == [False, undo_end]
    assert sqlite_switches(events, MARCH) == ({"ann": 1} if undo_end else {})
