"""A child's page: centers tried and not yet tried, runs, friends — observations only."""

from __future__ import annotations

from functools import partial
from typing import Any

from babel.dates import format_date
from kivy.properties import StringProperty

from kiosk.laptop.review.model import ClassInfo
from kiosk.laptop.review.patterns import child_page
from kiosk.laptop.review.reflections import FACES, feelings_by_center
from screens.laptop.bar_chart import BarChart
from screens.laptop.base import ReviewScreen
from screens.laptop.link_list import LinkList
from screens.laptop.widgets import Heading, Note, tint

__all__ = ["ChildScreen"]


class ChildScreen(ReviewScreen):
    """Bars on a canvas (``BarChart``) and friends' links kept between visits."""

    child_id = StringProperty("")
    title = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.centers, self.friends = BarChart(), LinkList(spacing=4)

    def prepare(self, **context: Any) -> None:
        self.child_id = str(context.get("child_id", self.child_id))
        self.to_top(self.ids.scroll)
        self.refresh()

    def draw_key(self) -> tuple | None:
        return (*self.common_key(), self.child_id)

    def draw(self) -> None:
        body = self.ids.body
        body.clear_widgets()
        snap = self.review.snapshot
        if snap is None or not self.child_id:
            return
        self.ids.ranges.show_range(self.review.rng)
        info = snap.info
        tr, trn = self.review.tr, self.review.trn
        if self.child_id not in info.children:
            self.title = tr("This child is no longer in the class")
            return
        waiting = self.still_reading(self.review.rng)
        if waiting:
            self.title = info.child_name(self.child_id)
            body.add_widget(Note(text=waiting))
            return
        page = child_page(snap.index.between(self.review.rng), info, self.child_id, self.review.rng)
        rng = page.rng
        # TRANSLATORS: a date pattern (CLDR, as Babel reads it): "04 Nov 2026"
        day = self.review.tr("dd MMM y")
        self.title = tr("{name} — {start} to {end}", name=page.name,
                        start=format_date(rng.start, day, locale=self.review.language),
                        end=format_date(rng.end, day, locale=self.review.language))
        body.add_widget(Note(text=tr(
            "{choices} on {days}; chose in {chose} of {times}; switched {switched} (their own change to a "
            "different center within a choice time).",
            choices=trn("{count:,} choice", "{count:,} choices", page.total),
            days=trn("{count:,} day", "{count:,} days", page.days_present),
            chose=f"{page.choice_times:,}",
            times=trn("{count:,} choice time", "{count:,} choice times", page.class_choice_times),
            switched=trn("{count:,} time", "{count:,} times", page.switches),
        )))
        body.add_widget(Heading(text=tr("Choices by center")))
        self.centers.show([(info.center_name(cid), count, tint(_colour(info, cid), 0.9)) for cid, count in page.counts])
        body.add_widget(self.centers)
        body.add_widget(Heading(text=tr("Not tried yet (centers that were open)")))
        for center_id in page.never_tried:  # one line each: a center's name may hold a comma
            body.add_widget(Note(text="• " + info.center_name(center_id)))
        if not page.never_tried:
            body.add_widget(Note(text=tr("None — every open center was tried.")))
        body.add_widget(Heading(text=tr("Longest run of the same center")))
        body.add_widget(Note(text=self._longest_run(page, info)))
        body.add_widget(Heading(text=tr("Often at the same center at the same time")))
        if not page.friends:
            body.add_widget(Note(text=tr("Nobody yet in this range.")))
        self.friends.show([
            (tr("{name} — together {times}", name=info.child_name(friend_id),
                times=trn("{count:,} time", "{count:,} times", together)), partial(self.review.open_child, friend_id))
            for friend_id, together in page.friends
        ])
        body.add_widget(self.friends)
        body.add_widget(Heading(text=tr("Reflections")))
        for line in self._reflections(snap, info, rng):
            body.add_widget(Note(text=line))

    def _longest_run(self, page, info: ClassInfo) -> str:
        """The line under "Longest run of the same center": which, how many days, from when to when."""
        tr, run = self.review.tr, page.longest_run
        if not run:
            return tr("No choices in this range.")
        short = tr("dd MMM")  # TRANSLATORS: a date pattern: "04 Nov"
        return tr(
            "{center}: {days} in a row ({first} to {last})",
            center=info.center_name(run.center_id),
            days=self.review.trn("{count:,} choice day", "{count:,} choice days", run.length),
            first=format_date(run.first_day, short, locale=self.review.language),
            last=format_date(run.last_day, short, locale=self.review.language),
        )

    def _reflections(self, snap, info: ClassInfo, rng) -> list[str]:
        """One line per center with the child's faces there, or why there are none."""
        tr = self.review.tr
        faces = feelings_by_center(snap.reflections, self.child_id, rng)
        if not faces:
            turned_on = (snap.settings or {}).get("reflection")
            return [tr("Reflections are on: none from this child in this range.")
                    if turned_on else tr("Reflections are turned off for this class.")]
        return [f"{info.center_name(center_id)}: " + " · ".join(f"{tr(FACES[f])} {n}" for f, n in counts.items())
                for center_id, counts in faces]

    def export_for_parent(self) -> None:
        self.review.show("exports", child_id=self.child_id)


def _colour(info: ClassInfo, center_id: str) -> str:
    center = info.centers.get(center_id)
    return center.colour if center else "#888888"
