"""The review window's view changes and its opening, timed in the real window (offscreen).

Run in a child process per data set (one Kivy window per process): a laptop folder
holding one class's year, or five school years from six kiosks. Each view change
(a tab, a day step on Today, a child's or a center's page, a range change) is timed
from the action to the first frame flipped after it; the opening from the window's
creation to the first frame that shows the Today view with choices (the window opens on
the last weeks), and to the moment every choice is folded in (``open_to_every_choice_s``);
the view changes are timed after that, on every choice.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from screens.bench.support import Figures, percentiles

__all__ = ["time_views"]


def _fill(folder: Path, years: int, events: int) -> date:
    """The laptop folder with the data; returns the "today" of the run (the day after the last choice)."""
    from kiosk.laptop.demo import load_year
    from kiosk.laptop.review.sample_year import generate_school_year, generate_years
    from kiosk.laptop.store import LaptopStore

    data = generate_years(years, events) if years > 1 else generate_school_year(events=events)
    with LaptopStore(folder) as store:
        load_year(store, *data, retention_until="2099-07-31")
    return date.fromisoformat(max(e.day for e in data[0])) + timedelta(days=1)


def time_views(years: int, events: int, rounds: int) -> Figures:
    """Open the window on the data and time ``rounds`` of every kind of view change."""
    folder = Path(tempfile.mkdtemp(prefix="choice-kiosk-bench-views-"))
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ.setdefault("KIVY_HOME", str(folder / "kivy"))
    today = _fill(folder / "laptop", years, events)
    from screens.laptop.launch import make_review_app
    from screens.shared.window_setup import configure_window

    configure_window((1280, 800))
    from kivy.base import EventLoop
    from kivy.core.window import Window

    flips: list[float] = []
    app = make_review_app(folder / "laptop", today=lambda: today, export_dir=folder / "exports")
    began = time.perf_counter()
    app._run_prepare()
    Window.bind(on_flip=lambda *_: flips.append(time.perf_counter()))
    shown = None
    while shown is None:
        EventLoop.idle()
        if app.snapshot is not None and app.manager.get_screen("today").has_data:
            flips.clear()
            EventLoop.idle()
            shown = flips[0] if flips else time.perf_counter()
    opened = shown - began
    while not app.snapshot.complete:  # the older choices, folded in the background, land by themselves
        EventLoop.idle()
    every_choice = time.perf_counter() - began

    def timed(action: Callable[[], None]) -> float:
        for _ in range(2):
            EventLoop.idle()
        flips.clear()
        start = time.perf_counter()
        action()
        for _ in range(6):  # a change that draws nothing new (the same range again) flips no frame
            EventLoop.idle()
            if flips:
                return (flips[0] - start) * 1000
        return (time.perf_counter() - start) * 1000

    from kiosk.laptop.review.ranges import preset, settings_term_starts

    info = app.snapshot.info
    children, centers = sorted(info.children)[:rounds], sorted(info.centers)[:rounds]
    today_screen = app.manager.get_screen("today")
    samples: dict[str, list[float]] = {"tab": [], "day": [], "child": [], "center": [], "range": []}
    for turn in range(rounds):
        for tab in ("patterns", "worth", "class", "exports", "today"):
            samples["tab"].append(timed(partial(app.show, tab)))
        for _ in range(3):
            samples["day"].append(timed(lambda: today_screen.step(-1)))
        child, center = children[turn % len(children)], centers[turn % len(centers)]
        samples["child"].append(timed(partial(app.open_child, child)))
        samples["center"].append(timed(partial(app.open_center, center)))
        app.show("patterns")
        starts = settings_term_starts(app.snapshot.settings)
        for name in ("week", "4weeks", "term", "year"):
            samples["range"].append(timed(partial(app.set_range, preset(name, today, starts))))
        app.show("today")
    every = [s for kind in samples.values() for s in kind]
    app.stop()
    return {
        "open_to_data_s": round(opened, 3),
        "open_to_every_choice_s": round(every_choice, 3),
        **{f"{kind}_p95_ms": percentiles(values, kind)[f"{kind}_p95_ms"] for kind, values in samples.items()},
        **percentiles(every, "view_switch"),
        "view_switches": len(every),
        "choices": len(app.snapshot.choices),
    }
