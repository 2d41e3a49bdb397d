"""Today: who came to each center and when (a timeline), and each child's choices."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from kivy.properties import ObjectProperty, StringProperty

from kiosk.review.patterns import TodayEntry, today as today_view
from kiosk.review.model import ClassInfo
from kiosk.review.reflections import FACES, reflections_on

from .base import ReviewScreen
from .widgets import Heading, LinkButton, Note, TimelineRow

__all__ = ["TodayScreen", "child_line"]

SUSPECT = "clock_suspect"


def _hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def child_line(
    entries: tuple[TodayEntry, ...], info: ClassInfo, feelings: dict[tuple[str, str], list[str]] | None = None
) -> str:
    """One child's day in words: centers in order with times, switches, clock doubts and reflections."""
    parts = []
    for entry in entries:
        text = f"{info.center_name(entry.center_id)} {_hm(entry.at)}"
        if entry.method == "teacher":
            text += " (moved by the teacher)"
        elif entry.other_kiosk:
            text += " (chosen again on another kiosk)"
        elif entry.switched:
            text += " (switched)"
        if entry.clock_flag == SUSPECT:
            text += " (time may be wrong)"
        for feeling in (feelings or {}).get((entry.child_id, entry.center_id), []):
            text += f" ({FACES.get(feeling, feeling)})"
        parts.append(text)
    return " → ".join(parts)


class TodayScreen(ReviewScreen):
    """One day; the arrows change the day."""

    day = ObjectProperty(None, allownone=True)
    day_text = StringProperty("")

    def prepare(self, **context: Any) -> None:
        if context.get("day") is not None:
            self.day = context["day"]
        self.refresh()

    def step(self, days: int) -> None:
        self.day = (self.day or self.review.today()) + timedelta(days=days)
        self.refresh()

    def go_today(self) -> None:
        self.day = self.review.today()
        self.refresh()

    def refresh(self) -> None:
        snap = self.review.snapshot
        day: date = self.day or self.review.today()
        self.day_text = day.strftime("%A %d %B %Y")
        centers, children = self.ids.centers, self.ids.children
        centers.clear_widgets()
        children.clear_widgets()
        if snap is None:
            return
        view = today_view(snap.choices, snap.info, day)
        if view.start is None:
            centers.add_widget(Note(text="No choices on this day. Use the arrows for another day, or Sync now."))
        else:
            start = view.start.replace(minute=0, second=0, microsecond=0)
            end = max(view.end or start, start + timedelta(hours=1))
            end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            hours = [start + timedelta(hours=h) for h in range(int((end - start).total_seconds() // 3600))]
            self.ids.axis.show([(_hm(h), h, h + timedelta(hours=1), "#d8dde3") for h in hours], start, end)
            for center_id, entries in view.centers:
                center = snap.info.centers.get(center_id)
                heading = LinkButton(text=f"{snap.info.center_name(center_id)} — {len(entries)} choices")
                heading.bind(on_release=lambda _b, cid=center_id: self.review.open_center(cid))
                centers.add_widget(heading)
                row = TimelineRow()
                blocks = [
                    (snap.info.child_name(e.child_id) + ("?" if e.clock_flag == SUSPECT else ""),
                     e.at, e.until or end, center.colour if center else "#888888")
                    for e in entries
                ]
                row.show(blocks, start, end)
                centers.add_widget(row)
        feelings = reflections_on(snap.reflections, day)
        for child_id, entries in view.children:
            button = LinkButton(text=f"{snap.info.child_name(child_id)}: {child_line(entries, snap.info, feelings)}")
            button.bind(on_release=lambda _b, cid=child_id: self.review.open_child(cid))
            children.add_widget(button)
        if view.no_choice:
            children.add_widget(Heading(text="No choice on this day"))
            children.add_widget(Note(text=", ".join(snap.info.child_name(c) for c in view.no_choice)))
        if any(e.clock_flag == SUSPECT for _, entries in view.centers for e in entries):
            children.add_widget(Note(text="A name with ? was recorded while the kiosk's clock was wrong: "
                                          "its time may be off. The day is the one the kiosk believed."))

