"""The base of every kiosk screen: collaborators passed in, one ``prepare`` hook per visit.

Each screen takes one kind of visit (``kiosk/pi/visits.py``): ``visit_type`` names it
and ``prepare`` fills the screen from it. Screens go elsewhere through ``nav``
(the app), handing it the next visit.

Touches that arrive in the first moments after a screen appears press nothing: a
duplicated touch from the Pi's screen would otherwise press whatever sits at the
same spot on the new screen. They are not lost in silence: the screen manager
echoes them (screens/pi/echo.py). Times are Kivy's frame time, so a test that runs
the Clock faster than the wall clock runs these rules at the same speed.

The class can change under a screen (a sync, another kiosk, teacher mode):
``child_now`` and ``center_now`` look a record up without failing, so a screen whose
child or center is gone can say so and go somewhere sensible.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Protocol, TypeVar

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.pi.touch import SETTLE_S, is_settled
from kiosk.pi.visits import Visit
from kiosk.shared.domain import Center, Child
from kiosk.shared.turn_language import center_words

__all__ = ["TEACHER_IDLE_S", "KioskScreen", "Navigator"]

TEACHER_IDLE_S = 120.0

V = TypeVar("V", bound=Visit)


class Navigator(Protocol):
    """What a screen asks of the app to move on."""

    def show(self, visit: Visit) -> None:
        """Go to the screen for ``visit``."""

    def go_home(self, *_args: object) -> None:
        """Back to Welcome."""

    def echo_touch(self, pos: tuple[float, float]) -> None:
        """Show that a touch was felt where it pressed nothing."""


class KioskScreen(Screen, Generic[V]):
    """A screen with the app's services; ``idle_timeout`` None means it never times out."""

    services = ObjectProperty(None, allownone=True)
    nav: Navigator = ObjectProperty(None, allownone=True)
    visit_type: ClassVar[type[Visit]]
    """The visit that leads here: the app dispatches each visit to the screen that takes its type."""
    showing = BooleanProperty(False)
    """Whether the screen is on show (rings run only then)."""
    child_facing = True
    settle_s = SETTLE_S
    """A screen whose controls cannot be pressed by accident (Welcome's held pictures) takes touches at once."""
    _entered_at = 0.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fbind("on_pre_enter", self._set_showing, True)
        self.fbind("on_leave", self._set_showing, False)

    def _set_showing(self, showing: bool, *_args: object) -> None:
        self.showing = showing

    def badge_scanned(self, raw: str) -> bool:
        """A screen that handles badges itself (enrolment) returns True to keep the scan."""
        return not self.child_facing

    def prepare(self, visit: V) -> None:
        """Fill the screen for this visit, before it is shown."""

    def data_changed(self) -> None:
        """The class changed under this screen (a sync, another kiosk): screens that show it refill."""

    def idle_timeout(self) -> float | None:
        return self.services.service.settings.idle_timeout_s if self.child_facing else None

    def on_pre_enter(self, *_args: object) -> None:
        self._entered_at = Clock.get_time()

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if not is_settled(Clock.get_time(), self._entered_at, self.settle_s):
            return False  # pressed nothing; the screen manager shows the touch was felt
        return super().on_touch_down(touch)

    def child_now(self, child_id: str) -> Child | None:
        """The child as the class has them now, or None when a sync removed them."""
        return next((c for c in self.services.service.children() if c.id == child_id), None)

    def center_now(self, center_id: str) -> Center | None:
        """The center as the class has it now, or None when a sync removed it."""
        return next((c for c in self.services.service.centers() if c.id == center_id), None)

    def tr(self, text: str, **values: object) -> str:
        """In the language of the turn: the child's once they tapped their picture, else the class's."""
        return self.services.tr(text, **values)

    def say(self, text: str) -> None:
        """Speak ``text`` in the voice of the turn's language."""
        self.services.speaker.say(text, self.services.tr.language)

    def center_words(self, center: Center) -> tuple[str, str]:
        """The center's name and purpose in the turn's language, the class's where untranslated."""
        return center_words(center, self.services.tr.language, self.services.tr.class_language)

    def picture(self, name: str) -> str:
        return self.services.picture_path(name)
