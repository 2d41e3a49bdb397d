"""Reflect: "How was Blocks?" with three big faces, when the teacher turned it on.

A child who already has a center and taps their picture (or badge) again sees this
first, once per stay at a center. A face is recorded (on disk) and the child goes on
exactly where they were going (Switch); the cross skips without recording anything.
A save that failed says "ask your teacher" instead of carrying on as if it worked.
A sync that removes the child ends the screen on Welcome, which says so; one that
closes the center changes nothing (the child was there); one that removes it skips
the question; new words and pictures show at once, unspoken.
"""

from __future__ import annotations

from kivy.properties import ColorProperty, StringProperty

from kiosk.pi.storage import StorageError
from kiosk.pi.visits import ChooseVisit, DoneVisit, ReflectVisit, SwitchVisit, WelcomeVisit
from kiosk.shared.domain import FEELINGS, Method
from screens.pi.base import KioskScreen

__all__ = ["ReflectScreen"]


class ReflectScreen(KioskScreen[ReflectVisit]):
    visit_type = ReflectVisit
    child_id = StringProperty("")
    child_picture = StringProperty("")
    center_id = StringProperty("")
    center_picture = StringProperty("")
    center_color = ColorProperty("#ffffff")
    question = StringProperty("")
    method = Method.TAP
    then: ChooseVisit | SwitchVisit | None = None

    def prepare(self, visit: ReflectVisit) -> None:
        self.child_id = visit.child_id
        self.method = visit.method
        self.then = visit.then
        self.center_id = visit.center_id
        self._fill()
        self.say(self.question)

    def data_changed(self) -> None:
        if self.child_now(self.child_id) is None:
            self.nav.show(WelcomeVisit(banner="class-changed"))
        elif not self._fill():
            self.go_on()

    def _fill(self) -> bool:
        """The child, the center and the question as they are now; False when the center is gone."""
        child = self.child_now(self.child_id)
        center = self.center_now(self.center_id)
        if child is None or center is None:
            return False
        self.child_picture = self.picture(child.picture)
        self.center_picture = self.picture(center.picture)
        self.center_color = center.colour
        self.question = self.tr("How was {center}?", center=self.center_words(center)[0])
        return True

    def replay(self) -> None:
        self.say(self.question)

    def feel(self, feeling: str) -> None:
        """A face: on disk first, then on to where the child was going."""
        assert feeling in FEELINGS
        try:
            self.services.service.reflect(self.child_id, feeling, self.method)
        except StorageError as error:
            self.nav.show(DoneVisit(self.child_id, self.center_id, error=str(error)))
            return
        except (ValueError, KeyError):
            pass  # turned off, moved or removed by a sync meanwhile: nothing was recorded, go on
        self.go_on()

    def skip(self) -> None:
        self.go_on()

    def go_on(self) -> None:
        """Continue exactly as without reflection: Switch for a child with a center."""
        then = self.then or SwitchVisit(self.child_id, self.method)
        if isinstance(then, SwitchVisit) and self.services.service.placement_of(self.child_id) is None:
            then = ChooseVisit(then.child_id, then.method)
        self.nav.show(then)
