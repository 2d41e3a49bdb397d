"""``choice-kiosk bench review``: patterns for a school year, computed and drawn.

Two parts. In this process (no window): the heat map and "Worth a look" for the
generated year next to SQLite's GROUP BY on the same choices (``patterns_vs_sqlite``,
kiosk/review/sqlite_check.py). In a child process (one Kivy window per process):
the real review window offscreen on a laptop store holding the year, timing a
range change on the Patterns screen from the button's action to the first frame
flipped with the new heat map (``patterns_draw_ms``, the median).
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
from typing import Any

from kiosk.review.sqlite_check import bench_patterns
from screens.bench_support import in_child, percentiles

__all__ = ["run_review_bench"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="choice-kiosk bench review")
    parser.add_argument("--part", default="all")
    parser.add_argument("--events", type=int, default=36000, help="events in the generated year")
    parser.add_argument("--draws", type=int, default=9, help="range changes timed on screen")
    return parser


def _draw(events: int, draws: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="choice-kiosk-bench-review-"))
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ.setdefault("KIVY_HOME", str(folder / "kivy"))
    from kiosk.laptop.demo import load_year
    from kiosk.laptop.store import LaptopStore
    from kiosk.review.ranges import last_weeks, school_year
    from kiosk.review.sample_year import generate_school_year

    year_events, centers, children = generate_school_year(events=events)
    last_day = max(e["day"] for e in year_events)
    with LaptopStore(folder / "laptop") as store:
        load_year(store, year_events, centers, children, retention_until="2099-07-31")
    from screens.review.launch import configure_window, make_review_app

    configure_window((1280, 800))
    from datetime import date

    from kivy.base import EventLoop
    from kivy.core.window import Window

    today = date.fromisoformat(last_day)
    app = make_review_app(folder / "laptop", today=lambda: today, export_dir=folder / "exports")
    app._run_prepare()
    while app.snapshot is None:
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


def run_review_bench(argv: list[str]) -> dict[str, Any]:
    args = _parser().parse_args(argv)
    from kiosk.review.choices import class_info, review_choices
    from kiosk.review.sample_year import generate_school_year

    events, centers, children = generate_school_year(events=args.events)
    core = bench_patterns(choices=review_choices(events), info=class_info(centers, children))
    drawn = in_child(__name__, "draw", ["--events", str(args.events), "--draws", str(args.draws)])
    return {
        "benchmark": "review",
        "patterns_vs_sqlite": round(core["patterns_vs_sqlite"], 2),
        "patterns_draw_ms": drawn["patterns_draw_ms"],
        "patterns_ms": round(core["patterns_ms"], 1),
        "sqlite_ms": round(core["sqlite_ms"], 1),
        "heat_map_ms": round(core["heat_map_ms"], 1),
        "choices": int(core["choices"]),
        "events": args.events,
        **{k: v for k, v in drawn.items() if k != "patterns_draw_ms"},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    options = _parser().parse_args()
    print(json.dumps(_draw(options.events, options.draws)))
