"""Done: the center's picture and "Have fun at …!", then back to Welcome.

Shown only after the choice is on disk. When saving failed it says so, and asks the
child to fetch the teacher, instead of pretending.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from screens.pi.base import KioskScreen

__all__ = ["DoneScreen"]


class DoneScreen(KioskScreen):
    center_picture = StringProperty("")
    child_picture = StringProperty("")
    message = StringProperty("")
    failed = BooleanProperty(False)
    _timer: Any = None

    def idle_timeout(self) -> float | None:
        return None

    def prepare(self, **context: Any) -> None:
        service = self.services.service
        center = service.center(context["center_id"])
        child = service.child(context["child_id"])
        self.child_picture = self.picture(child.picture)
        error = context.get("error")
        self.failed = error is not None
        if self.failed:
            self.center_picture = self.picture("ui/warning.png")
            self.message = self.tr("Oops! That did not save. Please ask your teacher.")
        else:
            self.center_picture = self.picture(center.picture)
            self.message = self.tr("Have fun at {center}!", center=self.center_words(center)[0])
        self.say(self.message)

    def on_enter(self, *_args: object) -> None:
        self._timer = Clock.schedule_once(self.nav.go_home, self.services.service.settings.done_timeout_s)

    def on_leave(self, *_args: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
