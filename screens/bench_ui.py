"""``choice-kiosk bench ui``: tap-to-confirm latency and memory of the real app.

Each measurement runs in its own process (one Kivy window per process), offscreen:
- ``latency``: a real touch on the big check → the first frame flipped showing
  "Have fun", over ``--choices`` choices (the choice is fsynced in between);
- ``rss``: resident memory of the kiosk after start, next to a bare Kivy window
  started the same way, and its growth over ``--growth-choices`` more choices.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["run_ui_bench"]


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _classroom(folder: Path) -> Path:
    """The demo class with free switching, so one child can choose again and again."""
    from kiosk.bootstrap import DEMO_CLASSROOM

    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["settings"]["switching"] = {"allowed": True, "min_minutes": 0}
    data["settings"]["done_timeout_s"] = 600
    path = folder / "bench-class.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _headless(folder: Path) -> None:
    """Offscreen, Kivy's log on stderr only (stdout carries the JSON result)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ.setdefault("KIVY_HOME", str(folder / "kivy"))
    from screens.launch import configure_kivy

    configure_kivy((800, 480), fullscreen=False)


def _start_app(folder: Path) -> Any:
    _headless(folder)
    from kiosk.bootstrap import build_kiosk
    from kiosk.speech import SilentSpeaker
    from screens.launch import make_app

    services = build_kiosk(folder / "data", _classroom(folder), speaker=SilentSpeaker())
    app = make_app(services)
    app._run_prepare()
    return app


def _idle(seconds: float) -> None:
    from kivy.base import EventLoop

    end = time.monotonic() + seconds
    EventLoop.idle()
    while time.monotonic() < end:
        EventLoop.idle()


def _one_choice(app: Any, i: int) -> None:
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
    app.show("choose", child_id=child.id)
    app.manager.current_screen.tap_card(free[i % len(free)])


def _latency(choices: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    app = _start_app(folder)
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    flips: list[float] = []
    Window.bind(on_flip=lambda *_: flips.append(time.perf_counter()))
    samples = []
    for i in range(choices):
        _one_choice(app, i)
        _idle(0.32)
        check = app.manager.current_screen._panel.ids.check
        x, y = check.to_window(*check.center)
        touch = UnitTestTouch(x, y)
        flips.clear()
        start = time.perf_counter()
        touch.touch_down()
        touch.touch_up()
        while not (app.manager.current == "done" and flips):
            EventLoop.idle()
        samples.append((flips[0] - start) * 1000)
    samples.sort()
    return {
        "choices": choices,
        "tap_to_confirm_p50_ms": round(statistics.median(samples), 2),
        "tap_to_confirm_p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 2),
        "tap_to_confirm_max_ms": round(samples[-1], 2),
    }


def _rss(growth_choices: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    app = _start_app(folder)
    _idle(1.0)
    start_kib = _rss_kib()
    warm = 50
    for i in range(warm + growth_choices):
        _one_choice(app, i)
        app.manager.current_screen.confirm()
        from kivy.base import EventLoop

        EventLoop.idle()
        if i == warm - 1:
            warm_kib = _rss_kib()
    end_kib = _rss_kib()
    return {"rss_start_kib": start_kib, "rss_warm_kib": warm_kib, "rss_end_kib": end_kib}


def _bare() -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    _headless(folder)
    from kivy.app import App
    from kivy.uix.label import Label

    class Bare(App):
        def build(self) -> Label:
            return Label(text="bare")

    app = Bare()
    app._run_prepare()
    _idle(1.0)
    return {"rss_start_kib": _rss_kib()}


def _in_child(part: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "screens.bench_ui", "--part", part, "--choices", str(args.choices)]
    cmd += ["--growth-choices", str(args.growth_choices)]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "KIVY_NO_ARGS": "1"})
    if out.returncode != 0:
        raise RuntimeError(f"bench ui --part {part} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="choice-kiosk bench ui")
    parser.add_argument("--choices", type=int, default=200, help="choices timed for latency")
    parser.add_argument("--growth-choices", type=int, default=1000, help="choices for memory growth")
    parser.add_argument("--part", choices=["latency", "rss", "bare"], help=argparse.SUPPRESS)
    return parser


def run_ui_bench(argv: list[str]) -> dict[str, Any]:
    args = _parser().parse_args(argv)
    latency = _in_child("latency", args)
    rss = _in_child("rss", args)
    bare = _in_child("bare", args)
    return {
        **latency,
        "rss_vs_bare": round(rss["rss_start_kib"] / bare["rss_start_kib"], 3),
        "rss_growth": round((rss["rss_end_kib"] - rss["rss_warm_kib"]) / rss["rss_warm_kib"], 4),
        "rss_app_kib": rss["rss_start_kib"],
        "rss_bare_kib": bare["rss_start_kib"],
        "growth_choices": args.growth_choices,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    options = _parser().parse_args()
    part = {"latency": lambda: _latency(options.choices), "rss": lambda: _rss(options.growth_choices), "bare": _bare}
    print(json.dumps(part[options.part]()))
