"""Small drawing pieces of the review window: coloured cells, bars, a day's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Sequence

from kivy.app import App
from kivy.properties import ColorProperty, NumericProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label
from kivy.utils import get_color_from_hex

__all__ = ["Bar", "Cell", "Heading", "LinkButton", "Note", "ScriptWords", "TimelineRow", "lanes", "tint"]


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


class Cell(ScriptWords, Label):
    """A label on a coloured background (heat-map cells, timeline blocks)."""

    bg = ColorProperty([1, 1, 1, 1])


class Heading(ScriptWords, Label):
    pass


class Note(ScriptWords, Label):
    """Wrapped body text that takes the height it needs."""


class LinkButton(ScriptWords, Button):
    """A flat button that opens a page or runs an action."""


class Bar(FloatLayout):
    """A labelled horizontal bar: ``value`` out of ``top``, in the center's colour."""

    caption = StringProperty("")
    value = NumericProperty(0)
    top_value = NumericProperty(1)
    colour = ColorProperty([0.34, 0.46, 0.56, 1])


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


class TimelineRow(FloatLayout):
    """One center's day: a block per child from arrival to leaving, on a shared time axis."""

    lane_height = NumericProperty(26)

    def show(
        self,
        blocks: Sequence[tuple[str, datetime, datetime, str]],
        start: datetime,
        end: datetime,
        on_press: Callable[[str], None] | None = None,
    ) -> None:
        """``blocks`` are (text, from, to, colour); ``on_press`` gets the block's text."""
        self.clear_widgets()
        span = max((end - start).total_seconds(), 60.0)
        placed = lanes([(b[1], b[2]) for b in blocks])
        count = max(placed, default=-1) + 1
        self.height = max(1, count) * self.lane_height
        for (text, begin, finish, colour), lane in zip(blocks, placed):
            x = (begin - start).total_seconds() / span
            w = max((finish - begin).total_seconds() / span, 0.035)
            bg = tint(colour, 0.75)
            cell = Cell(
                text=text, bg=bg, color=ink_on(bg), shorten=True,
                size_hint=(min(w, 1 - x), 1 / max(1, count)),
                pos_hint={"x": min(x, 0.965), "y": (count - 1 - lane) / max(1, count)},
            )
            self.add_widget(cell)
