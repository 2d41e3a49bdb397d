"""Patterns: the child × center heat map for a range, sortable by child or center."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.review.patterns import HeatMap, heat_map

from .base import ReviewScreen

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
        found = heat_map(snap.choices, snap.info, self.review.rng).sorted_by_center_name()
        return found.sorted_by_child() if self.sort == "child" else found.sorted_by_center(self.sort)

    def refresh(self) -> None:
        found = self.current_map()
        if found is None:
            return
        self.ids.ranges.show_range(self.review.rng)
        rng = found.rng
        self.summary = (
            f"{found.total} choices from {rng.label}. "
            "Tap a center's name to order the children by it (* marks the order); "
            "tap a child, or a center's total, for their page."
        )
        self.ids.heat.show(
            found, self.review.snapshot.info, self.sort, self.review.u,
            self.sort_by, self.review.open_child, self.review.open_center,
        )
