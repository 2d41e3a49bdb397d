"""The range chooser shared by Patterns, the child and center pages and the exports."""

from __future__ import annotations

from datetime import date

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.review.ranges import DateRange, custom, last_weeks, parse_date, school_year, this_term, this_week

__all__ = ["RangeBar", "term_starts"]


def term_starts(settings: dict) -> list[date]:
    """The term start dates the teacher set (class settings), skipping unreadable ones."""
    found = []
    for text in settings.get("term_starts", []) or []:
        try:
            found.append(parse_date(str(text)))
        except ValueError:
            continue
    return found


class RangeBar(BoxLayout):
    """Preset buttons and two date boxes; a bad date is explained, the range kept."""

    review = ObjectProperty(None)
    problem = StringProperty("")

    def preset(self, name: str) -> None:
        today = self.review.today()
        settings = self.review.snapshot.settings if self.review.snapshot else {}
        chosen = {
            "week": lambda: this_week(today),
            "4weeks": lambda: last_weeks(today, 4),
            "term": lambda: this_term(today, term_starts(settings)),
            "year": lambda: school_year(today),
        }[name]()
        self._use(chosen)

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
