"""What every teacher-mode tab shares: the kiosk's services, a translator, a refresh."""

from __future__ import annotations

from kivy.properties import ObjectProperty

from kiosk.pi.teacher_mode import Say
from kiosk.shared.domain import Center
from kiosk.shared.turn_language import center_words

__all__ = ["TeacherTab"]


class TeacherTab:
    """Mixin for a tab widget; ``services`` is given when the tab is made."""

    services = ObjectProperty(None, allownone=True)

    def reset(self) -> None:
        """Forget what was half done on the last visit to teacher mode."""

    def refresh(self) -> None:
        """Fill the tab from the service; called each time the tab is shown."""

    def tr(self, text: str, **values: object) -> str:
        return self.services.tr(text, **values)

    def center_name(self, center: Center) -> str:
        """The center's name in the class's language, where the teacher gave one (kiosk/shared/center_language.py)."""
        tr = self.services.tr
        return center_words(center, tr.language, tr.class_language)[0]

    def trn(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The singular or plural form for ``count``, as the teacher's language has it."""
        return self.services.tr.plural(singular, plural, count, **values)

    def say(self, sentence: Say) -> str:
        """A sentence from ``kiosk.pi.teacher_mode``, translated."""
        text, values = sentence
        return self.services.tr(text, **values)

    def picture(self, name: str) -> str:
        return self.services.picture_path(name)
