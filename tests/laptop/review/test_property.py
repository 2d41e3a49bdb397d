"""Whatever the log, the heat map counts each kept choice in the range exactly once."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.bench.sqlite_check import sqlite_counts
from kiosk.laptop.review.choices import review_choices
from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild
from kiosk.laptop.review.patterns import heat_map
from kiosk.laptop.review.ranges import DateRange
from kiosk.shared.domain import ChoiceEvent

CHILDREN = ("ann", "ben", "cy")
CENTERS = ("lego", "paint", "puppets")
INFO = ClassInfo(
    centers={c: ReviewCenter(c, c.title(), seats=2) for c in CENTERS},
    children={c: ReviewChild(c, c.title()) for c in CHILDREN},
)
START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone(timedelta(hours=-5)))

steps = st.lists(
    st.tuples(
        st.sampled_from(("A", "B")),
        st.sampled_from(CHILDREN),
        st.sampled_from(CENTERS),
        st.sampled_from(("chose", "chose", "moved", "left", "undone")),
        st.integers(0, 600),
        st.integers(0, 10_000),
    ),
    max_size=40,
)


def _log(plan):
    events, seqs, moment = [], {}, START
    for kiosk, child, center, kind, minutes, pick in plan:
        moment += timedelta(minutes=minutes)
        seqs[kiosk] = seqs.get(kiosk, 0) + 1
        ref = events[pick % len(events)]["id"] if kind == "undone" and events else None
        events.append(
            {
                "id": f"{kiosk}{seqs[kiosk]}", "kiosk_id": kiosk, "seq": seqs[kiosk], "child_id": child,
                "center_id": None if kind == "left" else center, "kind": kind, "method": "tap",
                "wall": moment.isoformat(), "day": moment.date().isoformat(), "boot_id": kiosk,
                "mono": (moment - START).total_seconds(), "ref": ref,
            }
        )
    return [ChoiceEvent.from_dict(e) for e in events]


@settings(max_examples=150, deadline=None)
@given(steps, st.integers(0, 6), st.integers(0, 6))
def test_heat_map_total_is_the_number_of_kept_choices_in_range(plan, a, b):
    events = _log(plan)
    cancelled = {e.ref for e in events if e.kind == "undone"}
    kept = [e for e in events if e.kind in ("chose", "moved") and e.id not in cancelled]
    choices = review_choices(events, {})
    assert sorted(c.event_id for c in choices) == sorted(e.id for e in kept)
    rng = DateRange(date(2026, 3, 2) + timedelta(days=min(a, b)), date(2026, 3, 2) + timedelta(days=max(a, b)))
    in_range = [e for e in kept if date.fromisoformat(e.day) in rng]
    hm = heat_map(choices, INFO, rng)
    assert hm.total == len(in_range) == sum(sqlite_counts(choices, rng).values())
    assert hm.counts == sqlite_counts(choices, rng)
    assert all(c.until is None or c.until >= c.at for c in choices)
