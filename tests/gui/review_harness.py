"""Drive the laptop's review window offscreen over a laptop store with a generated year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.laptop.demo import load_year
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.store import LaptopStore
from tests.gui.harness import AppDriver

#: The generated year runs from 2025-09-01 to 2026-06-22; "today" is a Friday inside it.
YEAR_TODAY = date(2026, 6, 19)


def fill_year(directory: Path, **options: Any) -> tuple[list[dict], list[dict], list[dict]]:
    """A laptop store holding the generated school year (two kiosks), as after many syncs."""
    events, centers, children = generate_school_year(**options)
    with LaptopStore(directory) as store:
        load_year(store, events, centers, children)
    return events, centers, children


class ReviewDriver(AppDriver):
    """The teacher's window at 1280×800 on a laptop folder."""

    def __init__(
        self,
        directory: Path,
        *,
        today: date = YEAR_TODAY,
        export_dir: Path | None = None,
        sticks: Callable[[], list[Path]] = lambda: [],
        find_kiosk: Callable[[], str] | None = None,
        size: tuple[int, int] = (1280, 800),
        wait_for_all: bool = True,
    ) -> None:
        from screens.laptop.launch import make_review_app
        from screens.shared.window_setup import configure_window

        configure_window(size)

        def no_network() -> str:
            raise ValueError("Type the kiosk's address (no discovery in tests).")

        app = make_review_app(directory, today=lambda: today, export_dir=export_dir or directory.parent / "exports",
                              sticks=sticks, find_kiosk=find_kiosk or no_network)
        self._start(app, size)
        self.wait_until(lambda: self.app.snapshot is not None, timeout=60)
        if wait_for_all:  # the window opens on the last weeks; most tests look at every choice
            self.wait_until(lambda: self.app.snapshot.complete, timeout=60)
        self.pump(0.3)

    @property
    def screen(self) -> str:
        return self.app.manager.current

    def button(self, text: str, root: Any = None) -> Any:
        from kivy.uix.button import Button

        return self.find(root or self.app.root, lambda w: isinstance(w, Button) and w.text == text)

    def press(self, text: str, root: Any = None) -> None:
        self.tap(self.button(text, root), settle=0.05)
        self.pump(0.1)
