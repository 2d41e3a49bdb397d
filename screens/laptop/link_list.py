"""A column of links (children who chose a center, a child's friends, Today's lines) kept from one visit to the next.

Opening a page used to make a new Button per link; here the buttons are made once
and only their text, action and number change, so a page over a class of thirty
costs no new widgets after its first visit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kivy.app import App
from kivy.uix.gridlayout import GridLayout

from screens.laptop.widgets import LinkButton

__all__ = ["LinkList"]

Link = tuple[str, Callable[[], None]]


class LinkList(GridLayout):
    """``show`` a list of (text, action); the text is a name in any script (``ReviewApp.script``)."""

    def __init__(self, make: Callable[[], LinkButton] = LinkButton, **kwargs: object) -> None:
        kwargs.setdefault("cols", 1)
        kwargs.setdefault("size_hint_y", None)
        super().__init__(**kwargs)
        self.bind(minimum_height=self.setter("height"))
        self._make = make
        self._pool: list[LinkButton] = []
        self._actions: list[Callable[[], None]] = []

    def show(self, links: Sequence[Link]) -> None:
        app = App.get_running_app()
        while len(self._pool) < len(links):
            index = len(self._pool)
            button = self._make()
            button.markup = True
            button.bind(on_release=lambda _b, at=index: self._actions[at]())
            self._pool.append(button)
        self._actions = [action for _text, action in links]
        self.clear_widgets()
        for button, (text, _action) in zip(self._pool, links, strict=False):
            button.text = app.script(text) if hasattr(app, "script") else text
            self.add_widget(button)

    def texts(self) -> list[str]:
        """The links' texts as shown (markup), top to bottom."""
        return [button.text for button in reversed(self.children)]
