"""Switch: a child who already has a center today may change, under the teacher's rule.

The class can change under it (a sync, another kiosk): a child removed goes to
Welcome, which says so; new words, pictures and rules show at once, unspoken; a center
removed from the class leaves the child nothing to stay at, so Switch says to ask the
teacher and "stay" goes back to Welcome.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.pi.rules import Outcome
from kiosk.pi.visits import ChooseVisit, DoneVisit, SwitchVisit, WelcomeVisit
from kiosk.shared.domain import Method
from screens.pi.base import KioskScreen

__all__ = ["SwitchScreen"]


class SwitchScreen(KioskScreen[SwitchVisit]):
    visit_type = SwitchVisit
    child_id = StringProperty("")
    child_picture = StringProperty("")
    center_id = StringProperty("")
    center_picture = StringProperty("")
    message = StringProperty("")
    can_change = BooleanProperty(False)
    waiting = BooleanProperty(False)
    method = Method.TAP

    def prepare(self, visit: SwitchVisit) -> None:
        self.child_id = visit.child_id
        self.method = visit.method
        self._fill()
        self.say(self.message)

    def data_changed(self) -> None:
        if not self._fill():
            self.nav.show(WelcomeVisit(banner="class-changed"))

    def _fill(self) -> bool:
        """The child, their center and the rule as they are now; False when the child is gone."""
        service = self.services.service
        child = self.child_now(self.child_id)
        if child is None:
            return False
        placement = service.placement_of(self.child_id)
        center = self.center_now(placement.center_id) if placement is not None else None
        self.child_picture = self.picture(child.picture)
        self.center_id = center.id if center is not None else ""
        self.center_picture = self.picture(center.picture if center is not None else "ui/people.png")
        status = service.switch_status(self.child_id)
        self.can_change = status.outcome is Outcome.RECORD
        self.waiting = status.outcome is Outcome.SWITCH_TOO_SOON
        if center is None:
            self.message = self.tr("{name}, your center is not on the class list now. Ask your teacher.",
                                   name=child.first_name)
            return True
        where = self.center_words(center)[0]
        if self.can_change:
            self.message = self.tr(
                "{name}, you are at {center}. Stay or change?", name=child.first_name, center=where
            )
        elif self.waiting:
            self.message = self.tr(
                "{name}, you are at {center}. You can change in {minutes} min.",
                name=child.first_name,
                center=where,
                minutes=status.wait_minutes,
            )
        else:
            self.message = self.tr("{name}, you are at {center} today.", name=child.first_name, center=where)
        return True

    def stay(self) -> None:
        if not self.center_id:
            self.nav.go_home()
            return
        self.nav.show(DoneVisit(self.child_id, self.center_id))

    def change(self) -> None:
        self.nav.show(ChooseVisit(self.child_id, self.method))
