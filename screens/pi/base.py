"""The base of every kiosk screen: collaborators passed in, one ``prepare`` hook.

Touches that arrive in the first moments after a screen appears are dropped: a
duplicated touch from the Pi's screen would otherwise press whatever sits at the
same spot on the new screen. Times are Kivy's frame time, so a test that runs the
Clock faster than the wall clock runs these rules at the same speed.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.pi.touch import is_settled
from kiosk.shared.domain import Center
from kiosk.shared.turn_language import center_words

__all__ = ["TEACHER_IDLE_S", "KioskScreen"]

TEACHER_IDLE_S = 120.0


class KioskScreen(Screen):
    """A screen with the app's services; ``idle_timeout`` None means it never times out."""

    services = ObjectProperty(None, allownone=True)
    nav = ObjectProperty(None, allownone=True)
    child_facing = True
    _entered_at = 0.0

    def badge_scanned(self, raw: str) -> bool:
        """A screen that handles badges itself (enrolment) returns True to keep the scan."""
        return not self.child_facing

    def prepare(self, **context: Any) -> None:
        """Fill the screen for this visit, before it is shown."""

    def data_changed(self) -> None:
        """The class changed under this screen (a sync, another kiosk): screens that show it refill."""

    def idle_timeout(self) -> float | None:
        return self.services.service.settings.idle_timeout_s if self.child_facing else None

    def on_pre_enter(self, *_args: object) -> None:
        self._entered_at = Clock.get_time()

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if not is_settled(Clock.get_time(), self._entered_at):
            return True
        return super().on_touch_down(touch)

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
