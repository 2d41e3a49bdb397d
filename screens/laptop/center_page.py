"""A center's page: choices over time, busiest times of day, and how often it was full."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from kivy.properties import StringProperty

from kiosk.laptop.review.patterns import center_page
from screens.laptop.base import ReviewScreen
from screens.laptop.widgets import Bar, Heading, LinkButton, Note, tint

__all__ = ["CenterScreen"]


class CenterScreen(ReviewScreen):
    center_id = StringProperty("")
    title = StringProperty("")

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
        page = center_page(snap.index.between(self.review.rng), info, self.center_id, self.review.rng)
        colour = tint(center.colour, 0.9)
        day, short, weekday = tr("dd MMM y"), tr("dd MMM"), tr("EEE dd MMM")  # TRANSLATORS: CLDR date patterns
        self.title = tr("{name} — {start} to {end}", name=page.name,
                        start=format_date(page.rng.start, day, locale=language),
                        end=format_date(page.rng.end, day, locale=language))
        left.add_widget(Note(text=center.purpose + "\n" + tr(
            "{choices}; {seats}. Full on {days}.",
            choices=trn("{count:,} choice", "{count:,} choices", page.total),
            seats=trn("{count:,} seat", "{count:,} seats", page.seats),
            days=trn("{count:,} day", "{count:,} days", page.times_full),
        )))
        left.add_widget(Heading(text=tr("Choices per week")))
        top = max((n for _, n in page.per_week), default=1)
        for week, count in page.per_week:
            caption = tr("week of {day}", day=format_date(week, short, locale=language))
            left.add_widget(Bar(caption=caption, value=count, top_value=top, colour=colour))
        left.add_widget(Heading(text=tr("Days it was full")))
        full = ", ".join(format_date(d, weekday, locale=language) for d in page.full_days)
        left.add_widget(Note(text=full or tr("Never full in this range.")))
        right.add_widget(Heading(text=tr("Busiest times of day")))
        top = max((n for _, n in page.by_slot), default=1)
        for slot, count in page.by_slot:
            right.add_widget(Bar(caption=slot.strftime("%H:%M"), value=count, top_value=top, colour=colour))
        right.add_widget(Heading(text=tr("Who chose it")))
        for child_id, count in page.children:
            link = LinkButton(text=f"{info.child_name(child_id)} — {count}")
            link.bind(on_release=lambda _b, cid=child_id: self.review.open_child(cid))
            right.add_widget(link)
