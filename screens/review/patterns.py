"""Patterns: the child × center heat map for a range, sortable by child or center."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.button import Button

from kiosk.review.patterns import HeatMap, heat_map

from .base import ReviewScreen
from .widgets import Cell, LinkButton, ink_on, tint

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
        grid = self.ids.grid
        grid.clear_widgets()
        found = self.current_map()
        if found is None:
            return
        self.ids.ranges.show_range(self.review.rng)
        info = self.review.snapshot.info
        rng = found.rng
        self.summary = (
            f"{found.total} choices from {rng.start:%d %b %Y} to {rng.end:%d %b %Y}. "
            "Tap a center's name to order the children by it (* marks the order); "
            "tap a child, or a center's total, for their page."
        )
        grid.cols = len(found.center_ids) + 2
        grid.cols_minimum = {0: 150 * self.review.u}
        u = self.review.u
        corner = _header("Child *" if self.sort == "child" else "Child", u)
        corner.bind(on_release=lambda _b: self.sort_by("child"))
        grid.add_widget(corner)
        for center_id in found.center_ids:
            name = found.center_names[center_id]
            head = _header(f"{name} *" if self.sort == center_id else name, u)
            head.bind(on_release=lambda _b, cid=center_id: self.sort_by(cid))
            grid.add_widget(head)
        grid.add_widget(_header("Total", u))
        top = max(found.max_count, 1)
        totals = found.row_totals
        for child_id, counts in found.rows():
            name = LinkButton(text=found.child_names[child_id], height=30 * u)
            name.bind(on_release=lambda _b, cid=child_id: self.review.open_child(cid))
            grid.add_widget(name)
            for center_id, count in zip(found.center_ids, counts):
                center = info.centers.get(center_id)
                bg = tint(center.colour if center else "#888888", 0.15 + 0.85 * count / top) if count else [1, 1, 1, 1]
                grid.add_widget(Cell(text=str(count) if count else "·", bg=bg, color=ink_on(bg),
                                     size_hint_y=None, height=30 * u))
            grid.add_widget(Cell(text=str(totals[child_id]), bold=True, size_hint_y=None, height=30 * u))
        grid.add_widget(_header("Total", u))
        columns = found.column_totals
        for center_id in found.center_ids:
            link = LinkButton(text=f"{columns[center_id]} ›", height=30 * u, halign="center")
            link.bind(on_release=lambda _b, cid=center_id: self.review.open_center(cid))
            grid.add_widget(link)
        grid.add_widget(Cell(text=str(found.total), bold=True, size_hint_y=None, height=30 * u))


def _header(text: str, u: float) -> Button:
    """A column heading that wraps long center names onto two lines."""
    button = Button(
        text=text, font_size=13 * u, bold=True, size_hint_y=None, height=48 * u, halign="center", valign="middle",
        background_normal="", background_color=(0.88, 0.9, 0.92, 1), color=(0.15, 0.16, 0.22, 1),
        max_lines=2,
    )
    button.bind(size=lambda b, size: setattr(b, "text_size", (size[0] - 6, size[1])))
    return button
