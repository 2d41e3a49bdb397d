"""The base of every review screen: the app (snapshot, range, navigation) passed in."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.laptop.review.ranges import DateRange

__all__ = ["ReviewScreen"]


class ReviewScreen(Screen):
    """``review`` is the app; ``refresh`` asks for a redraw, ``draw`` makes it.

    However many times ``refresh`` is called before the next frame (fast clicks, a
    sync landing), ``draw`` runs once, with the newest state: a newer click wins and
    no click waits behind the drawing of an older one.
    """

    review = ObjectProperty(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._drawn_for: tuple | None = None
        self._draw_soon = Clock.create_trigger(lambda _dt: self._draw_if_changed(), -1)

    def _draw_if_changed(self) -> None:
        """Back on a tab whose data, range and size did not change, the drawing already there stays."""
        key = self.draw_key()
        if key is not None and key == self._drawn_for:
            return
        self._drawn_for = key
        self.draw()

    def draw_key(self) -> tuple | None:
        """What this screen's drawing depends on (``None``: draw every time)."""
        return None

    def common_key(self) -> tuple:
        """The snapshot (by its serial), the range and the scale: what most screens draw from."""
        return (self.review.serial, self.review.rng, self.review.u, self.review.today())

    def prepare(self, **context: Any) -> None:
        """Take what this visit shows (a child, a center), then draw."""
        self.refresh()

    def refresh(self) -> None:
        """Redraw on the next frame (once, however often asked)."""
        self._draw_soon()

    def draw(self) -> None:
        """Draw from ``self.review.snapshot``; run again after every sync or edit."""

    def still_reading(self, rng: DateRange | None = None) -> str:
        """What to say instead of figures the snapshot does not hold yet ("" when it holds them).

        The window opens on the last weeks; older choices are folded in the background
        (``ReviewApp._fold_older``) and the screen is drawn again when they land.
        """
        snap = self.review.snapshot
        if snap is None or (snap.covers(rng) if rng is not None else snap.complete):
            return ""
        return self.review.tr("Still reading older choices… this fills in by itself in a moment.")

    def to_top(self, *scrollers: Any) -> None:
        """A page opened anew starts at its top."""
        for scroller in scrollers:
            scroller.scroll_y = 1
