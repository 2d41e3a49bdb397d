"""A small form in a popup: text boxes or choice lists; a refused save shows why and stays open.

A field whose key is ``picture`` shows the picture itself beside its list (the
teacher picks a bear, not "avatars/bear.png"), when the form is given ``picture_path``.
``warn(fields)`` (optional) is asked again at each keystroke: a sentence such as
"this computer has no font for 小" shows while the teacher types, before anything is
saved. ``fonts`` (optional) lets a text box draw what is typed in any script.
Kivy's TextInput neither shapes Arabic nor orders right-to-left runs (and its
cursor works on the typed characters, so it cannot show them reordered), so a
box holding right-to-left words gets a line under it, "Shown as: …", drawn as
every label of both windows draws names: shaped, in visual order, in the font
that has the letters.
``tr`` translates the title, the labels and the choices shown (``N_``-marked
English at the caller); ``values()`` gives the English choice back, so the rules
that read a form never see the class's language.
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

from kiosk.laptop.review.class_edit import picture_name
from kiosk.shared.text.bidi_text import has_rtl
from kiosk.shared.text.fonts import FontChain
from screens.shared.script_text import script_markup

__all__ = ["Field", "FormLabel", "FormPopup", "ShownAs"]

Field = tuple[str, str, str, Sequence[str]]  # key, label, value, choices (empty: free text)


def _english(text: str, **values: object) -> str:
    return text.format(**values) if values else text


class FormLabel(Label):
    """A field's name, wrapped at word boundaries to the space it has (never cut)."""


class ShownAs(Label):
    """Under a text box: the typed right-to-left words as they will be shown (hidden otherwise)."""


class FormPopup(Popup):
    """``save(fields)`` raises ValueError to refuse; the popup closes once it returns."""

    message = StringProperty("")

    def __init__(
        self, title: str, fields: Sequence[Field], save: Callable[[Mapping[str, str]], None], u: float,
        picture_path: Callable[[str], str] | None = None,
        warn: Callable[[Mapping[str, str]], str] | None = None,
        fonts: FontChain | None = None,
        tr: Callable[..., str] | None = None,
    ) -> None:
        tr = tr or _english
        super().__init__(title=tr(title), size_hint=(0.6, 0.8))
        self._english: dict[str, dict[str, str]] = {}
        self._shown_as: dict[TextInput, ShownAs] = {}
        self._tr = tr
        self._save = save
        self._warn = warn
        self._fonts = fonts
        self._ready = False
        self._inputs: dict[str, TextInput | Spinner] = {}
        self._u = u
        for key, label, value, choices in fields:
            picture = key == "picture" and picture_path is not None
            row = BoxLayout(size_hint_y=None, height=(64 if picture else 42) * u, spacing=10 * u)
            row.add_widget(FormLabel(text=tr(label), font_size=15 * u, size_hint_x=0.4))
            widget: TextInput | Spinner
            if choices:
                name_of = picture_name if picture else tr
                shown = {name_of(choice): choice for choice in choices}
                if len(shown) < len(choices):  # two pictures of one name: their paths tell them apart
                    name_of, shown = tr, {tr(choice): choice for choice in choices}
                picked = value or choices[0]
                self._english[key] = {**shown, name_of(picked): picked}  # a photo is not among the choices
                widget = Spinner(text=name_of(picked), values=list(shown), font_size=15 * u)
            else:
                widget = TextInput(text=value, multiline=False, font_size=15 * u)
                self._shown_as[widget] = ShownAs(font_size=14 * u)
                widget.bind(text=self._typed)
                self._typed(widget, value)
            self._inputs[key] = widget
            row.add_widget(widget)
            if picture and picture_path is not None:
                named = self._english.get(key, {})
                image = Image(source=picture_path(named.get(widget.text, widget.text)), size_hint_x=None,
                              width=64 * u, fit_mode="contain")
                widget.bind(text=lambda _w, text, image=image, named=named: setattr(
                    image, "source", picture_path(named.get(text, text))))
                row.add_widget(image)
            self.ids.rows.add_widget(row)
            if widget in self._shown_as:
                self.ids.rows.add_widget(self._shown_as[widget])
        self._ready = True
        if warn is not None:
            self.message = warn(self.values())

    def _typed(self, box: TextInput, text: str) -> None:
        """Draw the box in a font that has every letter typed; say at once what this computer cannot show."""
        if self._fonts is not None and self._fonts.fonts:
            box.font_name = str(self._fonts.word_font(text.replace(" ", "")) or self._fonts.fonts[0])
        shown, fonts, tr = self._shown_as.get(box), self._fonts, self._tr
        if shown is not None:
            rtl = has_rtl(text) and fonts is not None and bool(fonts.fonts)
            shown.text = tr("Shown as: {words}", words=script_markup(text, fonts)) if fonts and rtl else ""
        if self._ready and self._warn is not None:
            self.message = self._warn(self.values())

    def values(self) -> dict[str, str]:
        """What was typed or picked; a picked choice in English, as the caller offered it."""
        return {key: self._english.get(key, {}).get(widget.text, widget.text) for key, widget in self._inputs.items()}

    def set_value(self, key: str, text: str) -> None:
        shown = {english: mine for mine, english in self._english.get(key, {}).items()}
        self._inputs[key].text = shown.get(text, text)

    def submit(self) -> None:
        try:
            self._save(self.values())
        except ValueError as exc:
            self.message = self._tr(exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc))
            return
        self.dismiss()
