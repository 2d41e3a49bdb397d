"""Done: the center's picture and "Have fun at …!", then back to Welcome.

Shown only after the choice is on disk. When saving failed it says so, and asks the
child to fetch the teacher, instead of pretending. A sync that renames the center or
re-pictures the child shows at once; one that removes the child ends the screen on
Welcome, which says the class list changed.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.pi.visits import DoneVisit, WelcomeVisit
from screens.pi.base import KioskScreen

__all__ = ["DoneScreen"]


class DoneScreen(KioskScreen[DoneVisit]):
    visit_type = DoneVisit
    center_picture = StringProperty("")
    child_picture = StringProperty("")
    message = StringProperty("")
    failed = BooleanProperty(False)
    _timer: Any = None
    _visit: DoneVisit | None = None

    def idle_timeout(self) -> float | None:
        return None

    def prepare(self, visit: DoneVisit) -> None:
        self._visit = visit
        self._fill()
        self.say(self.message)

    def _fill(self) -> bool:
        """The words and pictures as the class has them now; False when the child is gone."""
        visit = self._visit
        child = self.child_now(visit.child_id) if visit is not None else None
        if visit is None or child is None:
            return False
        center = self.center_now(visit.center_id)
        self.child_picture = self.picture(child.picture)
        self.failed = visit.error is not None
        if self.failed:
            self.center_picture = self.picture("ui/warning.png")
            self.message = self.tr("Oops! That did not save. Please ask your teacher.")
        elif center is None:
            self.center_picture = self.picture("ui/thumbs-up.png")
            self.message = self.tr("Have fun!")
        else:
            self.center_picture = self.picture(center.picture)
            self.message = self.tr("Have fun at {center}!", center=self.center_words(center)[0])
        return True

    def data_changed(self) -> None:
        if not self._fill():
            self.nav.show(WelcomeVisit(banner="class-changed"))

    def on_enter(self, *_args: object) -> None:
        self._timer = Clock.schedule_once(self.nav.go_home, self.services.service.settings.done_timeout_s)

    def on_leave(self, *_args: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
