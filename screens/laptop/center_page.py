"""A center's page: choices over time, busiest times of day, and how often it was full."""

from __future__ import annotations

from functools import partial
from typing import Any

from babel.dates import format_date
from kivy.properties import StringProperty

from kiosk.laptop.review.patterns import center_page
from screens.laptop.bar_chart import BarChart
from screens.laptop.base import ReviewScreen
from screens.laptop.link_list import LinkList
from screens.laptop.widgets import Heading, Note, tint

__all__ = ["CenterScreen"]


class CenterScreen(ReviewScreen):
    """Bars on a canvas (``BarChart``) and links kept between visits: no Label per week or child."""

    center_id = StringProperty("")
    title = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.weeks, self.slots, self.who = BarChart(), BarChart(), LinkList(spacing=4)

    def prepare(self, **context: Any) -> None:
        self.center_id = str(context.get("center_id", self.center_id))
        self.to_top(self.ids.left_scroll, self.ids.right_scroll)
        self.refresh()

    def draw_key(self) -> tuple | None:
        return (*self.common_key(), self.center_id)

    def draw(self) -> None:
        left, right = self.ids.left, self.ids.right
        left.clear_widgets()
        right.clear_widgets()
        snap = self.review.snapshot
        if snap is None or not self.center_id:
            return
        self.ids.ranges.show_range(self.review.rng)
        info = snap.info
        tr, trn, language = self.review.tr, self.review.trn, self.review.language
        center = info.centers.get(self.center_id)
        if center is None:
            self.title = tr("This center is no longer in the class")
            return
        waiting = self.still_reading(self.review.rng)
        if waiting:
            self.title = center.name
            left.add_widget(Note(text=waiting))
            return
        page = center_page(snap.index.between(self.review.rng), info, self.center_id, self.review.rng)
        colour = tint(center.colour, 0.9)
        day, short, weekday = tr("dd MMM y"), tr("dd MMM"), tr("EEE dd MMM")  # TRANSLATORS: CLDR date patterns
        self.title = tr("{name} — {start} to {end}", name=page.name,
                        start=format_date(page.rng.start, day, locale=language),
                        end=format_date(page.rng.end, day, locale=language))
        left.add_widget(Note(text=center.purpose + "\n" + tr(
            "{choices}; {seats}. Full in {times}, on {days} (all its seats taken at one moment of a choice time).",
            choices=trn("{count:,} choice", "{count:,} choices", page.total),
            seats=trn("{count:,} seat", "{count:,} seats", page.seats),
            times=trn("{count:,} choice time", "{count:,} choice times", len(page.full_times)),
            days=trn("{count:,} day", "{count:,} days", page.times_full),
        ) + "\n" + tr("At most {count:,} children there at once.", count=page.most)))
        left.add_widget(Heading(text=tr("Choices per week")))
        self.weeks.show([(tr("week of {day}", day=format_date(week, short, locale=language)), count, colour)
                         for week, count in page.per_week])
        left.add_widget(self.weeks)
        left.add_widget(Heading(text=tr("Days it was full")))
        full = "   ".join(format_date(d, weekday, locale=language) for d in page.full_days)
        left.add_widget(Note(text=full or tr("Never full in this range.")))
        right.add_widget(Heading(text=tr("Busiest times of day")))
        self.slots.show([(slot.strftime("%H:%M"), count, colour) for slot, count in page.by_slot])
        right.add_widget(self.slots)
        right.add_widget(Heading(text=tr("Who chose it")))
        self.who.show([(f"{info.child_name(child_id)} — {count}", partial(self.review.open_child, child_id))
                       for child_id, count in page.children])
        right.add_widget(self.who)
