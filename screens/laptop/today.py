"""Today: who came to each center and when (a timeline), and each child's choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from babel.dates import format_date
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.gridlayout import GridLayout

from kiosk.laptop.review.model import ClassInfo
from kiosk.laptop.review.ranges import DateRange, parse_date
from kiosk.laptop.review.reflections import FACES, reflections_on
from kiosk.laptop.review.today_view import TodayEntry, TodayView
from kiosk.laptop.review.today_view import today as today_view
from kiosk.shared.domain import Method
from kiosk.shared.text.i18n import N_
from screens.laptop.base import ReviewScreen
from screens.laptop.link_list import LinkList
from screens.laptop.widgets import Heading, LinkButton, Note, TimelineRow, WrapLinkButton

__all__ = ["TodayScreen", "child_line"]

SUSPECT = "clock_suspect"


def _hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _english(text: str, **values: object) -> str:
    return text.format(**values) if values else text


def child_line(
    entries: tuple[TodayEntry, ...],
    info: ClassInfo,
    feelings: dict[tuple[str, str], list[str]] | None = None,
    tr: Callable[..., str] = _english,
) -> str:
    """One child's day in words (in ``tr``'s language): centers in order with times, switches,
    clock doubts and reflections."""
    parts = []
    for entry in entries:
        text = f"{info.center_name(entry.center_id)} {_hm(entry.at)}"
        if entry.method is Method.TEACHER:
            text += tr(" (moved by the teacher)")
        elif entry.other_kiosk:
            text += tr(" (chosen again on another kiosk)")
        elif entry.switched:
            text += tr(" (switched)")
        if entry.clock_flag == SUSPECT:
            text += tr(" (time may be wrong)")
        for feeling in (feelings or {}).get((entry.child_id, entry.center_id), []):
            text += f" ({tr(FACES.get(feeling, feeling))})"
        parts.append(text)
    return " → ".join(parts)


class TodayScreen(ReviewScreen):
    """One day: arrows, a date box and "Last day with choices" change it; a newer click wins.

    The day changes at once (its title too) and the day's widgets are rebuilt once,
    on the next frame, for the newest day asked: clicks never queue behind a draw.
    """

    day = ObjectProperty(None, allownone=True)
    day_text = StringProperty("")
    note = StringProperty("")
    problem = StringProperty("")
    has_data = BooleanProperty(False)
    picked = StringProperty("")
    """A touched block of the timeline in words: who, where, from when to when."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Widgets kept from one day to the next (a day has some 40 lines and headings): only their text changes.
        self.lines = LinkList(make=WrapLinkButton, spacing=3 * self.review.u)
        self._rows: list[tuple[LinkButton, TimelineRow]] = []
        self._opens: list[Callable[[], None]] = []
        self._row_centers: list[str] = []
        self._landed: date | None = None  # the last day with choices, when today had none

    def prepare(self, **context: Any) -> None:
        if context.get("day") is not None:
            self.day = context["day"]
        self.refresh()

    def _shown_day(self) -> date:
        return self.day or self.review.today()

    def step(self, days: int) -> None:
        self.go_to(self._shown_day() + timedelta(days=days))

    def go_today(self) -> None:
        self.go_to(self.review.today())

    def go_last(self) -> None:
        """The last day with choices up to today (the demo's and a Monday's first look)."""
        snap = self.review.snapshot
        found = snap.index.last_day(self.review.today()) if snap is not None else None
        if found is None:
            self.problem = N_("There are no choices on this laptop yet: press Sync now.")
            return
        self.go_to(found)

    def go_typed(self, text: str) -> None:
        try:
            self.go_to(parse_date(text))
        except ValueError as exc:
            self.problem = exc.args[0] if exc.args else str(exc)  # a Sentence: translated where shown

    def go_to(self, day: date) -> None:
        self.day, self.problem, self.note, self.picked, self._landed = day, "", "", "", None
        self.refresh()

    def refresh(self) -> None:
        """Say the day now (in the class's language, also after it changed); rebuild its widgets once, next frame."""
        snap = self.review.snapshot
        day = self._shown_day()
        if self.day is None and snap is not None and not snap.index.on(day):
            landed = snap.index.last_day(day)
            if landed is not None:
                self.day = day = self._landed = landed
        if self._landed is not None:
            pattern = self.review.tr("EEEE dd MMMM")  # TRANSLATORS: a date pattern: "Friday 19 June"
            self.note = self.review.tr(
                "No choices yet today: this is the last day with choices, {day}.", day=self._date(self._landed, pattern)
            )
        # TRANSLATORS: a date pattern (CLDR, as Babel's format_date reads it): "Monday 08 September 2025"
        self.day_text = self._date(day, self.review.tr("EEEE dd MMMM y"))
        self.ids.picker.text = day.isoformat()
        super().refresh()

    def _date(self, day: date, pattern: str) -> str:
        """A day in the class's language (its weekday and month names from Babel's locale data)."""
        return format_date(day, pattern, locale=self.review.language)

    def draw_key(self) -> tuple | None:
        return (self.review.serial, self.review.u, self._shown_day(), self.review.language)

    def draw(self) -> None:
        snap = self.review.snapshot
        day = self._shown_day()
        centers, children = self.ids.centers, self.ids.children
        centers.clear_widgets()
        children.clear_widgets()
        self.has_data = False
        if snap is None:
            return
        self.to_top(self.ids.centers_scroll, self.ids.children_scroll)
        waiting = self.still_reading(DateRange(day, day))
        if waiting:
            centers.add_widget(Note(text=waiting))
            return
        view = today_view(snap.index.on(day), snap.info, day)
        if view.start is None:
            centers.add_widget(Note(text=self.review.tr(
                "No choices on this day. Use the arrows, a date, or Last day with choices.")))
        else:
            centers.add_widget(Note(text=self._choice_times(view)))
            self._timeline(view, snap.info, centers)
        feelings = reflections_on(snap.reflections, day)
        self.lines.show([
            (f"{snap.info.child_name(child_id)}: {child_line(entries, snap.info, feelings, self.review.tr)}",
             partial(self.review.open_child, child_id, DateRange(day, day)))
            for child_id, entries in view.children
        ])
        children.add_widget(self.lines)
        if view.no_choice:
            children.add_widget(Heading(text=self.review.tr("No choice on this day")))
            names = GridLayout(cols=2, size_hint_y=None, spacing=2)  # a name each: a name may hold a comma
            names.bind(minimum_height=names.setter("height"))
            for child_id in view.no_choice:
                names.add_widget(Note(text=snap.info.child_name(child_id)))
            children.add_widget(names)
        if any(e.clock_flag == SUSPECT for _, entries in view.centers for e in entries):
            children.add_widget(Note(text=self.review.tr(
                "A name with ? was recorded while the kiosk's clock was wrong: "
                "its time may be off. The day is the one the kiosk believed.")))
        self.has_data = view.start is not None

    def _choice_times(self, view: TodayView) -> str:
        """The day's choice times in words: recorded ones as the teacher opened and ended them."""
        spans = "   ".join(f"{_hm(t.start)}–{_hm(t.end)}" for t in view.choice_times)
        recorded = any(t.recorded for t in view.choice_times)
        return self.review.trn(
            "1 choice time ({how}): {spans}", "{count} choice times ({how}): {spans}", len(view.choice_times),
            how=self.review.tr("opened and ended at the kiosk") if recorded else self.review.tr("told apart by quiet"),
            spans=spans)

    def _picked(self, center_id: str, text: str, begin: datetime, finish: datetime) -> None:
        """A touched block said in words (a short stay shows only initials on the timeline)."""
        info = self.review.snapshot.info if self.review.snapshot else None
        center = info.center_name(center_id) if info else center_id
        self.picked = self.review.script(self.review.tr(
            "{name} at {center}, {start}–{end}", name=text, center=center, start=_hm(begin), end=_hm(finish)))

    def _timeline(self, view: TodayView, info: ClassInfo, centers: Any) -> None:
        """Each center's children on one time axis, whole hours around the day's choices."""
        assert view.start is not None
        day = view.day
        start = view.start.replace(minute=0, second=0, microsecond=0)
        end = max(view.end or start, start + timedelta(hours=1))
        end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        hours = [start + timedelta(hours=h) for h in range(int((end - start).total_seconds() // 3600))]
        self.ids.axis.show([(_hm(h), h, h + timedelta(hours=1), "#d8dde3") for h in hours], start, end)
        for index, (center_id, entries) in enumerate(view.centers):
            center = info.centers.get(center_id)
            name = info.center_name(center_id)
            heading, row = self._center_row(index)
            heading.text = self.review.script(self.review.trn(
                "{center} — {count} choice", "{center} — {count} choices", len(entries), center=name
            ))
            self._opens[index] = partial(self.review.open_center, center_id, DateRange(day, day))
            centers.add_widget(heading)
            blocks = [
                (info.child_name(e.child_id) + ("?" if e.clock_flag == SUSPECT else ""),
                 e.at, e.shown_until or end, center.colour if center else "#888888")
                for e in entries
            ]
            self._row_centers[index] = center_id
            row.show(blocks, start, end)
            centers.add_widget(row)

    def _center_row(self, index: int) -> tuple[LinkButton, TimelineRow]:
        """The heading and timeline of the ``index``-th center of the day, made once and kept."""
        while len(self._rows) <= index:
            at = len(self._rows)
            heading = LinkButton(markup=True)
            heading.bind(on_release=lambda _b, at=at: self._opens[at]())
            row = TimelineRow()
            row.bind(on_pick=lambda _row, text, begin, finish, at=at: self._picked(
                self._row_centers[at], text, begin, finish))
            self._rows.append((heading, row))
            self._opens.append(lambda: None)
            self._row_centers.append("")
        return self._rows[index]
