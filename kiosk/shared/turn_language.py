"""Whose language the kiosk speaks right now: the class's, or the child's whose turn it is.

In a bilingual class each child sees and hears their own language once they have
tapped their picture or badge; the next turn starts in the class's language again.
Every screen translates through one ``TurnTranslator`` (``services.tr``), so the
switch happens in one place and no screen can stay in the last child's language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.shared.center_language import center_words_for
from kiosk.shared.domain import Center
from kiosk.shared.text.i18n import LANGUAGES, SOURCE_LANGUAGE, Translator

__all__ = ["TurnTranslator", "center_words", "turn_language"]


def turn_language(child_language: str, class_language: str) -> str:
    """The child's language when the kiosk has it, else the class's, else English."""
    for code in (child_language, class_language):
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def center_words(center: Center, language: str, class_language: str = "") -> tuple[str, str]:
    """A center's name and purpose in ``language``; each falls back to the class's words, never to blank."""
    return center_words_for(center.to_dict(), language, class_language or language, LANGUAGES)


class TurnTranslator:
    """``tr(text, **values)`` in the language of the turn; the class's between turns."""

    def __init__(self, locale_dir: Path, class_language: Callable[[], str]) -> None:
        self._locale_dir = locale_dir
        self._class_language = class_language
        self._child_language: str | None = None
        self._translators: dict[str, Translator] = {}

    @property
    def class_language(self) -> str:
        return turn_language("", self._class_language())

    @property
    def language(self) -> str:
        """The language shown and spoken now."""
        class_language = self._class_language()
        if self._child_language is None:
            return turn_language("", class_language)
        return turn_language(self._child_language, class_language)

    def begin_turn(self, child_language: str) -> None:
        """A child tapped their picture or badge: their language until the turn ends."""
        self._child_language = child_language

    def end_turn(self) -> None:
        self._child_language = None

    def translator(self, language: str | None = None) -> Translator:
        code = language or self.language
        if code not in self._translators:
            self._translators[code] = Translator(code, self._locale_dir)
        return self._translators[code]

    def __call__(self, text: str, **values: object) -> str:
        return self.translator()(text, **values)

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self.translator().plural(singular, plural, count, **values)
