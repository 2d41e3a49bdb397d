"""``choice-kiosk bench review``: patterns for a school year, computed and drawn; every view change.

Three parts. In this process (no window): the heat map and "Worth a look" for the
generated year next to SQLite's GROUP BY on the same choices (``patterns_vs_sqlite``,
kiosk/bench/sqlite_check.py). In a child process (one Kivy window per process):
the real review window offscreen on a laptop store holding the year, timing a
range change on the Patterns screen from the button's action to the first frame
flipped with the new heat map (``patterns_draw_ms``, the median). And in two more
child processes, one after the other in the same run (screens/bench/review_views.py):
every kind of view change and the window's opening, on one class's year and on five
school years from six kiosks: ``view_switch_p95_ms`` and ``open_to_data_s`` on one
year, and ``five_years_vs_one``, the same view changes' p95 on five years over one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from kiosk.bench.sqlite_check import bench_patterns
from screens.bench.support import Figures, in_child, number, percentiles

__all__ = ["run_review_bench"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="choice-kiosk bench review")
    parser.add_argument("--part", default="all")
    parser.add_argument("--events", type=int, default=36000, help="events in the generated year")
    parser.add_argument("--draws", type=int, default=9, help="range changes timed on screen")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of every view change, per data set")
    parser.add_argument("--years", type=int, default=5, help="school years in the large data set (0: skip it)")
    return parser


def _draw(events: int, draws: int) -> Figures:
    folder = Path(tempfile.mkdtemp(prefix="choice-kiosk-bench-review-"))
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ.setdefault("KIVY_HOME", str(folder / "kivy"))
    from kiosk.laptop.demo import load_year
    from kiosk.laptop.review.ranges import last_weeks, school_year
    from kiosk.laptop.review.sample_year import generate_school_year
    from kiosk.laptop.store import LaptopStore

    year_events, centers, children = generate_school_year(events=events)
    last_day = max(e.day for e in year_events)
    with LaptopStore(folder / "laptop") as store:
        load_year(store, year_events, centers, children, retention_until="2099-07-31")
    from screens.laptop.launch import make_review_app
    from screens.shared.window_setup import configure_window

    configure_window((1280, 800))
    from datetime import date

    from kivy.base import EventLoop
    from kivy.core.window import Window

    today = date.fromisoformat(last_day)
    app = make_review_app(folder / "laptop", today=lambda: today, export_dir=folder / "exports")
    app._run_prepare()
    while app.snapshot is None or not app.snapshot.complete:  # every choice folded: drawing alone is timed
        EventLoop.idle()
    app.show("patterns")
    flips: list[float] = []
    Window.bind(on_flip=lambda *_: flips.append(time.perf_counter()))
    ranges = [school_year(today), last_weeks(today, 4), school_year(today - timedelta(days=7))]
    samples = []
    for turn in range(draws):
        for _ in range(3):
            EventLoop.idle()
        flips.clear()
        began = time.perf_counter()
        app.set_range(ranges[turn % len(ranges)])
        while not flips:
            EventLoop.idle()
        samples.append((flips[0] - began) * 1000)
    cells = len(app.manager.get_screen("patterns").ids.heat.drawn)
    app.stop()
    return {"draw_samples_ms": [round(s, 1) for s in samples], "cells": cells,
            "patterns_draw_ms": round(statistics.median(samples), 1), **percentiles(samples, "patterns_draw")}


def run_review_bench(argv: list[str]) -> Figures:
    args = _parser().parse_args(argv)
    from kiosk.laptop.review.choices import class_info, review_choices
    from kiosk.laptop.review.sample_year import generate_school_year

    events, centers, children = generate_school_year(events=args.events)
    core = bench_patterns(choices=review_choices(events), info=class_info(centers, children))
    drawn = in_child(__name__, "draw", ["--events", str(args.events), "--draws", str(args.draws)])
    rounds = ["--events", str(args.events), "--rounds", str(args.rounds)]
    one = in_child(__name__, "views", [*rounds, "--years", "1"])
    many = in_child(__name__, "views", [*rounds, "--years", str(args.years)]) if args.years > 1 else None
    views = {
        "view_switch_p95_ms": one["view_switch_p95_ms"],
        "open_to_data_s": one["open_to_data_s"],
        "five_years_vs_one": round(number(many, "view_switch_p95_ms") / number(one, "view_switch_p95_ms"), 2)
        if many else None,
        "five_years_open_vs_one": round(number(many, "open_to_data_s") / number(one, "open_to_data_s"), 2)
        if many else None,
        "one_year": one,
        "five_years": many,
    }
    return {
        "benchmark": "review",
        "patterns_vs_sqlite": round(core["patterns_vs_sqlite"], 2),
        "patterns_draw_ms": drawn["patterns_draw_ms"],
        "patterns_ms": round(core["patterns_ms"], 1),
        "sqlite_ms": round(core["sqlite_ms"], 1),
        "heat_map_ms": round(core["heat_map_ms"], 1),
        "choices": int(core["choices"]),
        "events": args.events,
        **views,
        **{k: v for k, v in drawn.items() if k != "patterns_draw_ms"},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    options = _parser().parse_args()
    if options.part == "views":
        from screens.bench.review_views import time_views

        print(json.dumps(time_views(options.years, options.events, options.rounds)))
    else:
        print(json.dumps(_draw(options.events, options.draws)))
