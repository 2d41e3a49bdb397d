"""Shared widgets: debounced tiles, modal steps, text that fits, seat dots and friends' faces.

Pi touch screens often deliver one touch twice; every pressable widget here ignores
a second press that comes within ``kiosk.pi.touch.DEBOUNCE_S`` of the first.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.pi.fit import face_slots, fitted_size, font_sizes, shows_whole_text
from kiosk.pi.touch import is_repeat_press, is_settled
from screens.shared.script_text import plain_text

__all__ = ["Face", "Faces", "FitLabel", "ModalLayer", "Picture", "PressBox", "SeatDots", "TeacherButton", "Tile"]

DOT_SEGMENTS = 20
"""Seat dots are a few pixels wide; Kivy's default 180 segments per circle cost memory."""


class Debounced:
    """Mixin for ButtonBehavior widgets: one press per ``DEBOUNCE_S``."""

    _last_press: float | None = None

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if self.collide_point(*touch.pos) and not self.disabled:  # type: ignore[attr-defined]
            now = Clock.get_time()
            if is_repeat_press(now, self._last_press):
                return True
            self._last_press = now
        return super().on_touch_down(touch)  # type: ignore[misc]


class ModalLayer(FloatLayout):
    """A modal step laid over a screen: while it is open it owns every touch.

    Its own controls act; a touch anywhere else (its backdrop, its pictures and
    words) stops here and goes to ``on_free_touch``, so nothing beneath it can ever
    be pressed. Touches in its first moments press nothing, like a new screen's: the
    Pi's duplicated touch of the press that opened it must not press what now lies
    under the finger. A touch that presses nothing is handed to ``echo`` (window
    coordinates), so the child sees it was felt.
    """

    echo = ObjectProperty(None, allownone=True)
    _opened_at = 0.0

    def mark_opened(self) -> None:
        self._opened_at = Clock.get_time()

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if not is_settled(Clock.get_time(), self._opened_at):
            self.unanswered(touch)
        elif not super().on_touch_down(touch):
            self.on_free_touch(touch)
        return True

    def on_touch_move(self, touch):  # type: ignore[no-untyped-def]
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):  # type: ignore[no-untyped-def]
        super().on_touch_up(touch)
        return True

    def on_free_touch(self, touch) -> None:  # type: ignore[no-untyped-def]
        """A touch on none of the step's controls: by default, it is only shown as felt."""
        self.unanswered(touch)

    def unanswered(self, touch) -> None:  # type: ignore[no-untyped-def]
        if self.echo is not None:
            self.echo(self.to_window(*touch.pos))


class PressBox(Debounced, ButtonBehavior, BoxLayout):
    """A rounded, coloured pressable box; its content comes from kv."""

    bg_color = ColorProperty("#ffffff")
    selected = BooleanProperty(False)


class Tile(PressBox):
    """A pressable box with a picture and an optional caption."""

    icon = StringProperty("")
    caption = StringProperty("")
    caption_size = NumericProperty(18)


class TeacherButton(Debounced, Button):
    """A plain text button; only teacher screens use text-only controls."""


class SeatDots(Widget):
    """Seats as dots: filled for taken, hollow for free, so non-readers see room."""

    seats = NumericProperty(0)
    taken = NumericProperty(0)
    dot_color = ColorProperty("#2b2d42")
    free_color = ColorProperty("#ffffff")

    def on_kv_post(self, base_widget):  # type: ignore[no-untyped-def]
        self.bind(pos=self._draw, size=self._draw, seats=self._draw, taken=self._draw)
        self._draw()

    def _draw(self, *_args: object) -> None:
        self.canvas.clear()
        count = int(self.seats)
        if count <= 0:
            return
        d = min(self.height, self.width / (count * 1.4))
        gap = d * 0.4
        x = self.x + (self.width - count * d - (count - 1) * gap) / 2
        y = self.y + (self.height - d) / 2
        ring = max(1.5, d / 6)
        with self.canvas:
            for i in range(count):
                Color(rgba=self.dot_color)
                Ellipse(pos=(x, y), size=(d, d), segments=DOT_SEGMENTS)
                if i >= self.taken:
                    Color(rgba=self.free_color)
                    Ellipse(pos=(x + ring, y + ring), size=(d - 2 * ring, d - 2 * ring), segments=DOT_SEGMENTS)
                x += d + gap


class FitLabel(Label):
    """Text shown whole in its box: wrapped between words, shrunk until it fits.

    The largest size from ``max_font_size`` down to ``min_font_size`` whose wrapped
    text is no taller than ``max_height`` and splits no word; the label's height
    then follows the text. ``fits`` says whether even the smallest size did.
    """

    max_font_size = NumericProperty(18)
    min_font_size = NumericProperty(9)
    max_height = NumericProperty(100)
    fits = BooleanProperty(True)

    def __init__(self, **kwargs: object) -> None:
        self._refit = Clock.create_trigger(self._fit, -1)
        super().__init__(**kwargs)
        self.bind(
            text=self._refit, width=self._refit, max_font_size=self._refit,
            min_font_size=self._refit, max_height=self._refit, bold=self._refit,
        )
        self._refit()

    def shown_lines(self) -> list[str]:
        """The lines as Kivy laid them out (after the last texture update)."""
        return ["".join(word.text for word in line.words) for line in self._label._cached_lines]

    def texture_update(self, *largs: object) -> None:
        """The text laid out; when a change is waiting to be fitted, fitted first (once, not at the old size too)."""
        if self._refit.is_triggered:
            self._refit.cancel()
            self._fit()
            return
        super().texture_update(*largs)

    def _fits_at(self, size: float) -> bool:
        self.font_size = size
        super().texture_update()
        words = plain_text(self.text) if self.markup else self.text
        return self.texture_size[1] <= self.max_height and shows_whole_text(words, self.shown_lines())

    def _fit(self, *_args: object) -> None:
        if self.width <= 1:
            super().texture_update()
            return
        self.text_size = (self.width, None)
        size = fitted_size(font_sizes(self.max_font_size, self.min_font_size), self._fits_at)
        self.fits = size is not None
        shown = self.min_font_size if size is None else size
        if self.font_size != shown:
            self._fits_at(shown)
        self._trigger_texture.cancel()  # the texture is laid out at the size shown: not again before the frame
        self.height = min(self.texture_size[1], self.max_height)


class Faces(Widget):
    """The friends already at a center: faces a child can recognise, else a count.

    Each face is ``face_size`` square (8 mm on the Pi's screen, set in kv); when
    more friends are there than faces fit, the last place says "+N", and when not
    even one fits, the box shows how many friends are there.
    """

    pictures = ListProperty([])
    face_size = NumericProperty(42)
    gap = NumericProperty(2)

    def on_kv_post(self, base_widget):  # type: ignore[no-untyped-def]
        relay = Clock.create_trigger(self._lay_out, -1)
        self.bind(pos=relay, size=relay, pictures=relay, face_size=relay)
        relay()

    def _lay_out(self, *_args: object) -> None:
        self.clear_widgets()
        face, gap = self.face_size, self.gap
        shown, extra = face_slots(self.width, self.height, face, gap, len(self.pictures))
        columns = max(1, int((self.width + gap) // (face + gap)))
        places: list[Widget] = [Face(source=source) for source in self.pictures[:shown]]
        if extra:
            places.append(FriendCount(text=f"+{extra}" if shown else str(extra)))
        for index, widget in enumerate(places):
            row, column = divmod(index, columns)
            widget.size = (face, face) if shown else (self.width, min(self.height, face))
            widget.pos = (self.x + column * (face + gap), self.top - (row + 1) * (face + gap) + gap)
            if not shown:
                widget.pos = (self.x, self.top - widget.height)
            self.add_widget(widget)


class FriendCount(Label):
    """How many more friends are at a center than there are faces shown."""


class Picture(Image):
    """A picture shown whole inside its box (``fit_mode`` "contain"), drawn as one rectangle.

    Kivy's ``Image`` draws every picture through the stencil (three more rectangles,
    for a "cover" fit that may spill out of the box); a contained picture never does,
    and on Welcome's 28 pictures the stencil was work for every frame (widgets.kv).
    """

    fit_mode = StringProperty("contain")


class Face(Image):
    """A friend's picture, ``Faces.face_size`` square."""
