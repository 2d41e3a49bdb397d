"""The range chooser shared by Patterns, the child and center pages and the exports."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.laptop.review.ranges import DateRange, custom, parse_date, preset, range_with_data, settings_term_starts

__all__ = ["RangeBar"]


class RangeBar(BoxLayout):
    """Preset buttons and two date boxes; a bad date is explained, the range kept.

    On a folder whose last choice is older than the range (a laptop opened months
    later), it says so and offers the same kind of range as it was on that day.
    """

    review = ObjectProperty(None)
    problem = StringProperty("")
    """Why the typed dates were refused (a Sentence: shown in the class's language, also after a change)."""
    stale = StringProperty("")
    offer_text = StringProperty("")
    offered = ObjectProperty(None, allownone=True)

    def preset(self, name: str) -> None:
        settings = self.review.snapshot.settings if self.review.snapshot else {}
        self._use(preset(name, self.review.today(), settings_term_starts(settings or {})), name)

    def apply_custom(self, start_text: str, end_text: str) -> None:
        try:
            chosen = custom(parse_date(start_text), parse_date(end_text))
        except ValueError as exc:
            self.problem = exc.args[0] if exc.args else str(exc)
            return
        self._use(chosen, "custom")

    def take_offer(self) -> None:
        if self.offered is not None:
            self._use(self.offered, "custom")

    def _use(self, rng: DateRange, kind: str) -> None:
        self.problem = ""
        self.ids.start.text = rng.start.isoformat()
        self.ids.end.text = rng.end.isoformat()
        self.review.set_range(rng, kind)

    def show_range(self, rng: DateRange) -> None:
        self.ids.start.text = rng.start.isoformat()
        self.ids.end.text = rng.end.isoformat()
        self._offer(rng)

    def _offer(self, rng: DateRange) -> None:
        """Say that the range begins after the last choice, and offer the range that has them."""
        snap, review = self.review.snapshot, self.review
        last = snap.index.days[-1] if snap is not None and snap.index.days else None
        starts = settings_term_starts((snap.settings if snap else None) or {})
        offered = range_with_data(rng, review.range_kind, last, starts)
        self.offered = offered
        if offered is None or last is None:
            self.stale = self.offer_text = ""
            return
        tr, language = review.tr, review.language
        pattern = tr("dd MMM y")  # TRANSLATORS: a CLDR date pattern

        def day(when: date) -> str:
            return format_date(when, pattern, locale=language)

        self.stale = tr("No choices from {start} to {end}: the last choice on this laptop is from {last}.",
                        start=day(rng.start), end=day(rng.end), last=day(last))
        self.offer_text = tr("Show {start} to {end}", start=day(offered.start), end=day(offered.end))
