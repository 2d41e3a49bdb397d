"""Worth a look: a short list of observations, each opening the child or center page."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.laptop.review.worth_a_look import worth_a_look
from kiosk.shared.text.i18n import N_
from screens.laptop.base import ReviewScreen
from screens.laptop.widgets import LinkButton, Note

__all__ = ["WorthScreen"]


class WorthScreen(ReviewScreen):
    """Observations up to today, for the teacher's judgement — not rankings or advice."""

    intro = StringProperty(N_(
        "Things that may be worth a look, from the choices so far. They are observations, "
        "not advice: you know the children."
    ))

    def draw_key(self) -> tuple | None:
        return self.common_key()

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
        key = (id(snap.choices), snap.info, self.review.today())
        if getattr(self, "_found_for", None) != key:  # worked out once per snapshot and day
            ready = snap.worth is not None and snap.worth[0] == self.review.today()  # by the fold, on its thread
            self._found = snap.worth[1] if ready else worth_a_look(snap.choices, snap.info, self.review.today())
            self._found_for = key
        if not self._found:
            box.add_widget(Note(text=self.review.tr("Nothing stands out so far.")))
        for observation in self._found:
            link = LinkButton(text=self.review.tr(observation.text), height=40 * self.review.u)
            if observation.child_id:
                link.bind(on_release=lambda _b, o=observation: self.review.open_child(o.child_id, rng=o.rng))
            elif observation.center_id:
                link.bind(on_release=lambda _b, o=observation: self.review.open_center(o.center_id, rng=o.rng))
            box.add_widget(link)
