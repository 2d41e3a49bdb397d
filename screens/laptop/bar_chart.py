"""Labelled horizontal bars drawn on one canvas: a center's weeks, a child's centers.

A bar per row as a widget with two Labels cost a center's page over a school
year some 80 Labels each time it opened (most of its 255 ms). Here each row is
two rectangles and two cached text textures (``text_textures``): the caption —
a week, a time, or a center's name in any script — is shortened at a word when
its column is too narrow, the count is always whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from kivy.graphics import Color, Rectangle
from kivy.properties import NumericProperty
from kivy.uix.widget import Widget

from screens.laptop.text_textures import fit_words, rendered

__all__ = ["BarChart", "BarRow"]

BarRow = tuple[str, int, Sequence[float]]
"""A caption, its count and the bar's colour (RGBA)."""

_INK = (0.15, 0.16, 0.22, 1)
_TRACK = (0.93, 0.94, 0.95, 1)
CAPTION_SHARE, BAR_AT, BAR_SHARE, COUNT_AT = 0.31, 0.32, 0.6, 0.93


class BarChart(Widget):
    """Rows of ``caption | bar | count``; each bar is its count over the largest count shown."""

    row_height = NumericProperty(30)
    font_size = NumericProperty(14)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._rows: list[BarRow] = []
        self.bind(pos=self._paint, size=self._paint, font_size=self._paint, row_height=self._fit_height)

    def show(self, rows: Sequence[BarRow]) -> None:
        self._rows = list(rows)
        self._fit_height()
        self._paint()

    def _fit_height(self, *_args: object) -> None:
        self.height = len(self._rows) * self.row_height

    def rows(self) -> list[tuple[str, int]]:
        """Each row's whole caption and count (for tests: what the chart is of)."""
        return [(caption, count) for caption, count, _colour in self._rows]

    def shown(self) -> list[str]:
        """Each caption as drawn at the current width (whole, or shortened at a word with "…")."""
        size = round(self.font_size, 1)
        return [fit_words(caption, self._caption_width(), size) for caption, _count, _colour in self._rows]

    def _caption_width(self) -> float:
        return self.width * CAPTION_SHARE - 4

    def _paint(self, *_args: object) -> None:
        self.canvas.clear()
        if not self._rows or self.width <= 1:
            return
        top = max((count for _caption, count, _colour in self._rows), default=1) or 1
        size = round(self.font_size, 1)
        pad = self.row_height / 6  # a 20-pixel bar in a 30-pixel row at the design size
        with self.canvas:
            for row, (caption, count, colour) in enumerate(self._rows):
                y = self.top - (row + 1) * self.row_height
                left, full = self.x + self.width * BAR_AT, self.width * BAR_SHARE
                Color(*_TRACK)
                Rectangle(pos=(left, y + pad), size=(full, self.row_height - 2 * pad))
                Color(*colour)
                Rectangle(pos=(left, y + pad), size=(full * count / top, self.row_height - 2 * pad))
                Color(*_INK)
                shown = fit_words(caption, self._caption_width(), size)
                if shown:
                    self._text(shown, self.x + self.width * CAPTION_SHARE - rendered(shown, size).width, y, size)
                self._text(str(count), self.x + self.width * COUNT_AT, y, size)

    def _text(self, text: str, x: float, y: float, size: float) -> None:
        texture = rendered(text, size)
        tw, th = texture.size
        # Whole pixels: a texture placed between pixels is smoothed, and small text blurs.
        Rectangle(texture=texture, pos=(round(x), round(y + (self.row_height - th) / 2)), size=(tw, th))
