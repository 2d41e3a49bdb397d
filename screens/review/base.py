"""The base of every review screen: the app (snapshot, range, navigation) passed in."""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

__all__ = ["ReviewScreen"]


class ReviewScreen(Screen):
    """``review`` is the app; ``refresh`` redraws from its current snapshot and range."""

    review = ObjectProperty(None)

    def prepare(self, **context: Any) -> None:
        """Take what this visit shows (a child, a center), then draw."""
        self.refresh()

    def refresh(self) -> None:
        """Draw from ``self.review.snapshot``; called again after every sync or edit."""
