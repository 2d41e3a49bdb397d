"""``choice-kiosk bench ui``: tap-to-confirm latency and memory of the real app.

Each measurement runs in its own process (one Kivy window per process), offscreen:
- ``latency``: a real touch on the big check → the first frame drawn showing
  "Have fun" (its pixels finished), over ``--choices`` choices (each choice is fsynced
  in between). The check is touched as soon as the confirm panel is on the screen; a
  touch the kiosk refuses (its guard against a duplicated touch on a new step) is made
  again after a short pause and counted in ``check_touches_refused``
  (``screens.bench.drive``);
- ``rss``: resident memory of the kiosk after start, next to a bare Kivy window
  started the same way, and its growth over ``--growth-choices`` more choices;
- ``cold_start_vs_bare`` and ``idle_write_bytes_per_min``: see ``screens.bench.start``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
from typing import Any

from kiosk.pi.visits import ChooseVisit
from screens.bench.drive import Frames, run_for, tap
from screens.bench.start import RUNS, measure_start_and_idle
from screens.bench.support import (
    Figures,
    conditions,
    headless,
    in_child,
    new_folder,
    number,
    percentiles,
    rss_kib,
    start_app,
)

__all__ = ["run_ui_bench"]

WARM_CHOICES = 50


def bench_classroom(folder: Path) -> Path:
    """The demo class with free switching, so one child can choose again and again."""
    from kiosk.shared.assets import DEMO_CLASSROOM

    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["settings"]["switching"] = {"allowed": True, "min_minutes": 0}
    data["settings"]["done_timeout_s"] = 600
    path = folder / "bench-class.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def one_choice(app: Any, i: int) -> None:
    """Child number ``i`` (round robin) opens a center with a free seat other than theirs."""
    service = app.services.service
    children = service.children()
    child = children[i % len(children)]
    placement = service.placement_of(child.id)
    free = [
        c.id
        for c in service.open_centers()
        if service.seats_left(c.id) > 0 and (placement is None or placement.center_id != c.id)
    ]
    app.show(ChooseVisit(child.id))
    app.manager.current_screen.tap_card(free[i % len(free)])


def tap_check(app: Any, frames: Frames, i: int) -> tuple[float, int]:
    """Choice ``i``: the panel opened and drawn, the big check touched until it takes; (ms to Done drawn, refused)."""
    one_choice(app, i)
    frames.settle("choose", f"choice {i}'s confirm panel on the screen")
    touch = tap(
        lambda: app.manager.current_screen._panel.ids.check,
        lambda: app.manager.current == "done",
        f"the check of choice {i}",
    )
    done = frames.wait(touch.start, "done", f"choice {i}'s Have fun")
    return (done - touch.start) * 1000, touch.refused


def _latency(choices: int) -> Figures:
    folder = new_folder()
    app = start_app(folder, bench_classroom(folder))
    frames = Frames(lambda: app.manager.current)
    samples, refused = [], 0
    for i in range(choices):
        milliseconds, refusals = tap_check(app, frames, i)
        samples.append(milliseconds)
        refused += refusals
    frames.close()
    return {"choices": choices, **percentiles(samples, "tap_to_confirm"), "check_touches_refused": refused}


def _rss(growth_choices: int) -> Figures:
    folder = new_folder()
    app = start_app(folder, bench_classroom(folder))
    from kivy.base import EventLoop

    run_for(1.0)
    start_kib = rss_kib()
    warm_kib = start_kib
    for i in range(WARM_CHOICES + growth_choices):
        one_choice(app, i)
        app.manager.current_screen.confirm()
        EventLoop.idle()
        if i == WARM_CHOICES - 1:
            warm_kib = rss_kib()
    return {"rss_start_kib": start_kib, "rss_warm_kib": warm_kib, "rss_end_kib": rss_kib()}


def _bare() -> Figures:
    """A Kivy window with one label, started the same way: the memory floor."""
    headless(new_folder())
    from kivy.app import App
    from kivy.uix.label import Label

    class Bare(App):
        def build(self) -> Label:
            return Label(text="bare")

    Bare()._run_prepare()
    run_for(1.0)
    return {"rss_start_kib": rss_kib()}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="choice-kiosk bench ui")
    parser.add_argument("--choices", type=int, default=200, help="choices timed for latency")
    parser.add_argument("--growth-choices", type=int, default=1000, help="choices for memory growth")
    parser.add_argument("--idle-seconds", type=float, default=60.0, help="how long the idle kiosk's writes are counted")
    parser.add_argument("--starts", type=int, default=RUNS, help="cold starts of each, kiosk and bare window")
    parser.add_argument("--part", choices=["latency", "rss", "bare"], help=argparse.SUPPRESS)
    return parser


def run_ui_bench(argv: list[str]) -> Figures:
    args = _parser().parse_args(argv)
    before = conditions()
    options = ["--choices", str(args.choices), "--growth-choices", str(args.growth_choices)]
    latency = in_child(__name__, "latency", options)
    rss = in_child(__name__, "rss", options)
    bare = in_child(__name__, "bare", options)
    start_and_idle = measure_start_and_idle(args.idle_seconds, args.starts)
    warm = number(rss, "rss_warm_kib")
    return {
        "benchmark": "ui",
        **latency,
        "rss_vs_bare": round(number(rss, "rss_start_kib") / number(bare, "rss_start_kib"), 3),
        "rss_growth": round((number(rss, "rss_end_kib") - warm) / warm, 4),
        "rss_app_kib": rss["rss_start_kib"],
        "rss_bare_kib": bare["rss_start_kib"],
        "growth_choices": args.growth_choices,
        **start_and_idle,
        "conditions": {"before": before, "after": conditions()},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    options = _parser().parse_args()
    part = {"latency": lambda: _latency(options.choices), "rss": lambda: _rss(options.growth_choices), "bare": _bare}
    print(json.dumps(part[options.part]()))
