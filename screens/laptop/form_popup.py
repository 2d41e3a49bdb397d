"""A small form in a popup: text boxes or choice lists; a refused save shows why and stays open.

A field whose key is ``picture`` shows the picture itself beside its list (the
teacher picks a bear, not "avatars/bear.png"), when the form is given ``picture_path``.
``warn(fields)`` (optional) is asked again at each keystroke: a sentence such as
"this computer has no font for 小" shows while the teacher types, before anything is
saved. ``fonts`` (optional) lets a text box draw what is typed in any script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.popup import Popup
from kivy.uix.spinner import Spinner
from kivy.uix.textinput import TextInput

from kiosk.shared.text.fonts import FontChain

__all__ = ["Field", "FormLabel", "FormPopup"]

Field = tuple[str, str, str, Sequence[str]]  # key, label, value, choices (empty: free text)


class FormLabel(Label):
    """A field's name, wrapped at word boundaries to the space it has (never cut)."""


class FormPopup(Popup):
    """``save(fields)`` raises ValueError to refuse; the popup closes once it returns."""

    message = StringProperty("")

    def __init__(
        self, title: str, fields: Sequence[Field], save: Callable[[Mapping[str, str]], None], u: float,
        picture_path: Callable[[str], str] | None = None,
        warn: Callable[[Mapping[str, str]], str] | None = None,
        fonts: FontChain | None = None,
    ) -> None:
        super().__init__(title=title, size_hint=(0.6, 0.8))
        self._save = save
        self._warn = warn
        self._fonts = fonts
        self._ready = False
        self._inputs: dict[str, TextInput | Spinner] = {}
        self._u = u
        for key, label, value, choices in fields:
            picture = key == "picture" and picture_path is not None
            row = BoxLayout(size_hint_y=None, height=(64 if picture else 42) * u, spacing=10 * u)
            row.add_widget(FormLabel(text=label, font_size=15 * u, size_hint_x=0.4))
            widget: TextInput | Spinner
            if choices:
                widget = Spinner(text=value or choices[0], values=list(choices), font_size=15 * u)
            else:
                widget = TextInput(text=value, multiline=False, font_size=15 * u)
                widget.bind(text=self._typed)
                self._typed(widget, value)
            self._inputs[key] = widget
            row.add_widget(widget)
            if picture and picture_path is not None:
                shown = Image(source=picture_path(widget.text), size_hint_x=None, width=64 * u, fit_mode="contain")
                widget.bind(text=lambda _w, text, image=shown: setattr(image, "source", picture_path(text)))
                row.add_widget(shown)
            self.ids.rows.add_widget(row)
        self._ready = True
        if warn is not None:
            self.message = warn(self.values())

    def _typed(self, box: TextInput, text: str) -> None:
        """Draw the box in a font that has every letter typed; say at once what this computer cannot show."""
        if self._fonts is not None and self._fonts.fonts:
            box.font_name = str(self._fonts.word_font(text.replace(" ", "")) or self._fonts.fonts[0])
        if self._ready and self._warn is not None:
            self.message = self._warn(self.values())

    def values(self) -> dict[str, str]:
        return {key: widget.text for key, widget in self._inputs.items()}

    def set_value(self, key: str, text: str) -> None:
        self._inputs[key].text = text

    def submit(self) -> None:
        try:
            self._save(self.values())
        except ValueError as exc:
            self.message = str(exc)
            return
        self.dismiss()
