"""Small drawing pieces of the review window: coloured cells, bars, a day's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.widget import Widget
from kivy.utils import get_color_from_hex

from screens.laptop.text_textures import fit_name, rendered

__all__ = ["Heading", "LinkButton", "Note", "ScriptWords", "TimelineRow", "WrapLinkButton", "lanes", "tint"]


def tint(colour: str, strength: float) -> list[float]:
    """The center's colour faded toward white: 0 is white, 1 the full colour."""
    try:
        r, g, b, _ = get_color_from_hex(colour)
    except (ValueError, IndexError):
        r, g, b = 0.5, 0.5, 0.5
    s = max(0.0, min(1.0, strength))
    return [1 - (1 - r) * s, 1 - (1 - g) * s, 1 - (1 - b) * s, 1]


def ink_on(background: Sequence[float]) -> list[float]:
    """Dark text on light cells, white on dark ones."""
    light = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2]
    return [0.1, 0.1, 0.15, 1] if light > 0.55 else [1, 1, 1, 1]


class ScriptWords:
    """Mixin: the text a widget is made with (a child's or center's name in any script) drawn by the font chain.

    The review window builds its names' labels in Python with ``text=`` once; those
    words become markup from ``ReviewApp.script`` (Latin text stays as it is).
    """

    def __init__(self, **kwargs: Any) -> None:
        app = App.get_running_app()
        if "text" in kwargs and hasattr(app, "script"):
            kwargs["text"] = app.script(str(kwargs["text"]), bool(kwargs.get("bold", False)))
            kwargs.setdefault("markup", True)
        super().__init__(**kwargs)


class Heading(ScriptWords, Label):
    pass


class Note(ScriptWords, Label):
    """Wrapped body text that takes the height it needs."""


class LinkButton(ScriptWords, Button):
    """A flat button that opens a page or runs an action; a long text is shortened at a word."""


class WrapLinkButton(LinkButton):
    """A link whose text wraps onto as many lines as it needs (a child's day on Today)."""


def lanes(spans: Sequence[tuple[datetime, datetime]]) -> list[int]:
    """Lane of each span so overlapping ones sit one above the other (first free lane)."""
    ends: list[datetime] = []
    result = []
    for start, end in spans:
        for lane, busy_until in enumerate(ends):
            if busy_until <= start:
                ends[lane] = end
                result.append(lane)
                break
        else:
            ends.append(end)
            result.append(len(ends) - 1)
    return result


class TimelineRow(Widget):
    """One center's day: a block per child from arrival to leaving, on a shared time axis.

    Drawn on the canvas (rectangles and text textures), not as a Label per block:
    a day has some 200 blocks and a Label costs most of a millisecond to make.
    Each name is rendered once per size (Kivy's ``Cache``); a block too narrow for
    the whole name shows its initials, or "…" when not even those fit — never a
    name cut inside a word — and touching a block names it (``on_pick`` gets its
    text and times, which the screen says in words).
    """

    lane_height = NumericProperty(26)
    font_size = NumericProperty(14)
    __events__ = ("on_pick",)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._blocks: list[tuple[str, float, float, int, str]] = []  # text, x and width shares, lane, colour
        self._times: list[tuple[datetime, datetime]] = []
        self._lanes = 1
        self.bind(pos=self._paint, size=self._paint)

    def show(self, blocks: Sequence[tuple[str, datetime, datetime, str]], start: datetime, end: datetime) -> None:
        """``blocks`` are (text, from, to, colour) between ``start`` and ``end``."""
        span = max((end - start).total_seconds(), 60.0)
        shares = []
        for _text, begin, finish, _colour in blocks:
            x = min((begin - start).total_seconds() / span, 0.965)
            shares.append((x, min(max((finish - begin).total_seconds() / span, 0.035), 1 - x)))
        placed = lanes([(start + timedelta(seconds=x * span), start + timedelta(seconds=(x + w) * span))
                        for x, w in shares])  # as drawn: a short stay's wider block never covers the next
        self._lanes = max(placed, default=-1) + 1
        self._blocks, self._times = [], []
        for (text, begin, finish, colour), (x, w), lane in zip(blocks, shares, placed, strict=True):
            self._blocks.append((text, x, w, lane, colour))
            self._times.append((begin, finish))
        self.height = max(1, self._lanes) * self.lane_height
        self._paint()

    def block_at(self, x: float, y: float) -> int | None:
        """The index of the block under a point in the parent's coordinates, or None."""
        count = max(1, self._lanes)
        for index, (_text, bx, w, lane, _colour) in enumerate(self._blocks):
            left, bottom = self.x + bx * self.width, self.y + (count - 1 - lane) * self.lane_height
            if left <= x < left + w * self.width and bottom <= y < bottom + self.lane_height:
                return index
        return None

    def block_center(self, index: int) -> tuple[float, float]:
        """The middle of the ``index``-th block, in the parent's coordinates (where a finger lands)."""
        _text, bx, w, lane, _colour = self._blocks[index]
        bottom = self.y + (max(1, self._lanes) - 1 - lane) * self.lane_height
        return self.x + (bx + w / 2) * self.width, bottom + self.lane_height / 2

    def on_touch_down(self, touch: Any) -> bool:
        found = self.block_at(*touch.pos) if self.collide_point(*touch.pos) else None
        if found is None:
            return bool(super().on_touch_down(touch))
        begin, finish = self._times[found]
        self.dispatch("on_pick", self._blocks[found][0], begin, finish)
        return True

    def on_pick(self, text: str, begin: datetime, finish: datetime) -> None:
        """A block was touched: its text (a child's name) and the stay's times."""

    def texts(self) -> list[str]:
        """The texts of the blocks (for tests: what the teacher reads on the row)."""
        return [b[0] for b in self._blocks]

    def shown(self) -> list[str]:
        """What each block shows at its width: the whole name, its initials, or "…" when neither fits."""
        size = round(self.font_size, 1)
        return [fit_name(text, int(w * self.width - 6), size) for text, _x, w, _lane, _c in self._blocks]

    def _paint(self, *_args: object) -> None:
        self.canvas.clear()
        count = max(1, self._lanes)
        with self.canvas:
            for text, x, w, lane, colour in self._blocks:
                bg = tint(colour, 0.75)
                left, width = self.x + x * self.width, w * self.width
                bottom = self.y + (count - 1 - lane) * self.lane_height
                Color(*bg)
                Rectangle(pos=(left + 1, bottom + 1), size=(max(0.0, width - 2), self.lane_height - 2))
                texture = _text_texture(text, int(width - 6), round(self.font_size, 1))
                if texture is not None:
                    Color(*ink_on(bg))
                    tw, th = texture.size
                    Rectangle(texture=texture, size=(tw, th),  # on whole pixels: text between pixels blurs
                              pos=(round(left + (width - tw) / 2), round(bottom + (self.lane_height - th) / 2)))


def _text_texture(text: str, width: int, size: float) -> Texture | None:
    """The text (its initials, or "…") rendered once per size; None when not even that fits."""
    if width < 8 or not text:
        return None
    return rendered(fit_name(text, width, size), size)
