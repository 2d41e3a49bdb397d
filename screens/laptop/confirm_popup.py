"""A question before anything is deleted: what it deletes, and a deliberate button to go ahead."""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import StringProperty
from kivy.uix.popup import Popup

from kiosk.shared.text.i18n import N_

__all__ = ["ConfirmPopup"]


class ConfirmPopup(Popup):
    """``keep_text`` closes and calls ``on_keep``; ``go_text`` (red) closes and calls ``on_go``."""

    text = StringProperty("")
    keep_text = StringProperty(N_("Keep"))
    go_text = StringProperty("")

    def __init__(
        self, title: str, text: str, go_text: str, on_go: Callable[[], None],
        *, keep_text: str = N_("Keep"), on_keep: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(title=title, size_hint=(0.6, 0.5), auto_dismiss=False)
        self.text, self.go_text, self.keep_text = text, go_text, keep_text
        self._on_go, self._on_keep = on_go, on_keep

    def keep(self) -> None:
        self.dismiss()
        if self._on_keep is not None:
            self._on_keep()

    def go(self) -> None:
        self.dismiss()
        self._on_go()
