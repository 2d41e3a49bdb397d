"""The first snapshot the review window opens on: the last weeks only, read from the files' ends.

Today, This week and the last four weeks — what a teacher opens the window to see —
need only the newest choices; reading and folding five school years first kept the
window empty for seconds. This snapshot holds every choice from ``since`` on (each
kiosk's file read back from its end, ``choice_tail``), folded by the same functions
as the full one, so its figures for those days are the full fold's. Older ranges
say they are still being read until the full snapshot (``actions.fold``, on a
worker thread) replaces it.
"""

from __future__ import annotations

from datetime import date

from kiosk.laptop.actions import Snapshot, class_setup, snapshot
from kiosk.laptop.choice_events import merge_events
from kiosk.laptop.choice_tail import read_recent
from kiosk.laptop.review.choices import review_choices, review_reflections
from kiosk.laptop.review.day_index import DayIndex
from kiosk.laptop.store import LaptopStore

__all__ = ["RECENT_DAYS", "recent_snapshot"]

#: Six weeks: the last four weeks from any day of the newest week, and This week.
RECENT_DAYS = 42


def recent_snapshot(store: LaptopStore, today: date, days: int = RECENT_DAYS) -> Snapshot:
    """The choices of the newest ``days`` (by each file's newest day) and the class; complete when the
    files hold no more than that (then it is the full snapshot)."""
    store.retention.apply(today)
    tails = [read_recent(file, days) for file in store.choices.files()]
    cut = [tail.since for tail in tails if tail.since is not None]
    if not cut:
        return snapshot(store, today)  # every file was read whole: fold it as the full snapshot does
    since = max(cut)  # each file holds every choice from its own ``since`` on
    events = merge_events(*(tail.events for tail in tails))
    kiosk_ids = set(store.paired.all()) | {e.kiosk_id for e in events}
    anchors = {kiosk_id: store.paired.anchors(kiosk_id) for kiosk_id in sorted(kiosk_ids)}
    choices = [c for c in review_choices(events, anchors) if c.day >= since]
    reflections = [r for r in review_reflections(events, anchors) if r.day >= since]
    setup = class_setup(store)
    return Snapshot(choices, setup.info, reflections, setup.kiosks, setup.centers, setup.children, setup.settings,
                    store.events_changed, DayIndex(choices), since)
