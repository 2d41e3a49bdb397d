"""Worth a look: observations, each opening the child or center page — a page of them, then the whole list."""

from __future__ import annotations

from babel.dates import format_date
from kivy.properties import BooleanProperty, StringProperty

from kiosk.laptop.review.worth_a_look import PAGE, as_of, worth_a_look
from kiosk.shared.text.i18n import N_
from screens.laptop.base import ReviewScreen
from screens.laptop.widgets import LinkButton, Note

__all__ = ["WorthScreen"]


class WorthScreen(ReviewScreen):
    """Observations up to today, for the teacher's judgement — not rankings or advice.

    The first :data:`PAGE` are shown with how many more there are; "Show all" lists
    every one (the list is never cut, and the exports carry it whole).
    """

    intro = StringProperty(N_(
        "Things that may be worth a look, from the choices so far. They are observations, "
        "not advice: you know the children."
    ))
    whole = BooleanProperty(False)
    """True once the teacher asked for the whole list (until the window closes)."""

    def draw_key(self) -> tuple | None:
        return (*self.common_key(), self.review.language, self.whole)

    def show_all(self) -> None:
        self.whole = True
        self.refresh()

    def observations(self) -> list:
        """Every observation for today (worked out once per snapshot and day, by the fold where it could)."""
        snap = self.review.snapshot
        key = (id(snap.choices), snap.info, self.review.today())
        if getattr(self, "_found_for", None) != key:
            ready = snap.worth is not None and snap.worth[0] == self.review.today()  # by the fold, on its thread
            self._found = snap.worth[1] if ready else worth_a_look(snap.choices, snap.info, self.review.today())
            self._found_for = key
        return self._found

    def draw(self) -> None:
        box = self.ids.notes
        box.clear_widgets()
        snap = self.review.snapshot
        if snap is None:
            return
        waiting = self.still_reading()  # observations look at the whole year
        if waiting:
            box.add_widget(Note(text=waiting))
            return
        tr, found, today = self.review.tr, self.observations(), self.review.today()
        last = as_of(snap.choices, today)
        if last is not None and (today - last).days > 7:  # an old folder: say which day it speaks of
            box.add_widget(Note(text=tr(
                "The last choices on this laptop are from {day}: these observations are as of that day.",
                day=format_date(last, tr("d MMMM y"), locale=self.review.language))))
        if not found:
            box.add_widget(Note(text=tr("Nothing stands out so far.")))
        shown = found if self.whole else found[:PAGE]
        for observation in shown:
            link = LinkButton(text=tr(observation.text), height=40 * self.review.u)
            if observation.child_id:
                link.bind(on_release=lambda _b, o=observation: self.review.open_child(o.child_id, rng=o.rng))
            elif observation.center_id:
                link.bind(on_release=lambda _b, o=observation: self.review.open_center(o.center_id, rng=o.rng))
            box.add_widget(link)
        more = len(found) - len(shown)
        if more:
            button = LinkButton(text=self.review.trn(
                "Show all {total:,} (1 more)", "Show all {total:,} ({count:,} more)", more, total=len(found)),
                height=40 * self.review.u, bold=True)
            button.bind(on_release=lambda _b: self.show_all())
            box.add_widget(button)
        elif self.whole and len(found) > PAGE:
            box.add_widget(Note(text=tr("All {count:,} observations are shown.", count=len(found))))
