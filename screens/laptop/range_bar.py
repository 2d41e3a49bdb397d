"""The range chooser shared by Patterns, the child and center pages and the exports."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.laptop.review.ranges import DateRange, custom, parse_date, preset

__all__ = ["RangeBar"]


class RangeBar(BoxLayout):
    """Preset buttons and two date boxes; a bad date is explained, the range kept."""

    review = ObjectProperty(None)
    problem = StringProperty("")

    def preset(self, name: str) -> None:
        settings = self.review.snapshot.settings if self.review.snapshot else {}
        self._use(preset(name, self.review.today(), settings or {}))

    def apply_custom(self, start_text: str, end_text: str) -> None:
        try:
            chosen = custom(parse_date(start_text), parse_date(end_text))
        except ValueError as exc:
            self.problem = str(exc)
            return
        self._use(chosen)

    def _use(self, rng: DateRange) -> None:
        self.problem = ""
        self.ids.start.text = rng.start.isoformat()
        self.ids.end.text = rng.end.isoformat()
        self.review.set_range(rng)

    def show_range(self, rng: DateRange) -> None:
        self.ids.start.text = rng.start.isoformat()
        self.ids.end.text = rng.end.isoformat()
