"""Patterns: the child × center heat map for a range, sortable by child or center."""

from __future__ import annotations

from babel.dates import format_date
from kivy.properties import StringProperty

from kiosk.laptop.review.patterns import HeatMap, heat_map
from screens.laptop.base import ReviewScreen

__all__ = ["PatternsScreen"]


class PatternsScreen(ReviewScreen):
    """Rows are children, columns centers; a cell's colour deepens with the count."""

    sort = StringProperty("child")
    summary = StringProperty("")

    def sort_by(self, key: str) -> None:
        self.sort = key
        self.refresh()

    def current_map(self) -> HeatMap | None:
        snap = self.review.snapshot
        if snap is None:
            return None
        found = heat_map(snap.index.between(self.review.rng), snap.info, self.review.rng).sorted_by_center_name()
        return found.sorted_by_child() if self.sort == "child" else found.sorted_by_center(self.sort)

    def draw_key(self) -> tuple | None:
        return (*self.common_key(), self.sort)

    def draw(self) -> None:
        waiting = self.still_reading(self.review.rng)
        heat = self.ids.heat
        heat.opacity, heat.disabled = (0, True) if waiting else (1, False)  # no zeros shown for unread weeks
        if waiting:
            self.ids.ranges.show_range(self.review.rng)
            self.summary = waiting
            return
        found = self.current_map()
        if found is None:
            return
        self.ids.ranges.show_range(self.review.rng)
        rng = found.rng
        tr, language, day = self.review.tr, self.review.language, self.review.tr("dd MMM y")
        self.summary = tr(
            "{choices} from {start} to {end}. Tap a center's name to order the children by it (* marks the order); "
            "tap a child, or a center's total, for their page.",
            choices=self.review.trn("{count:,} choice", "{count:,} choices", found.total),
            start=format_date(rng.start, day, locale=language), end=format_date(rng.end, day, locale=language),
        )
        self.ids.heat.show(
            found, self.review.snapshot.info, self.sort, self.review.u,
            self.sort_by, self.review.open_child, self.review.open_center,
        )
