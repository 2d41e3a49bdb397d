"""What the UI benchmarks share: a headless app in a child process, frames, RSS.

Kivy allows one window per process, so each measurement runs in a child process
(``python -m <module> --part NAME``) that prints one JSON line on stdout.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "Figures",
    "conditions",
    "cpu_quota_percent",
    "idle",
    "in_child",
    "new_folder",
    "number",
    "percentiles",
    "rss_kib",
    "speech_used",
    "start_app",
]

Figures = dict[str, object]
"""A benchmark's (or one part's) figures, printed as one JSON object: only the parts that do
sums with a figure read it, as a number (:func:`number`)."""

CHILD_TIMEOUT_S = 3600.0
"""The longest one part of a benchmark may run, even under a Pi-class CPU cap on a busy machine."""


def new_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="choice-kiosk-bench-"))


def rss_kib() -> int:
    """Resident memory of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def headless(folder: Path) -> None:
    """Offscreen, Kivy's log on stderr only (stdout carries the JSON result)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ.setdefault("KIVY_HOME", str(folder / "kivy"))
    from screens.pi.launch import configure_kivy

    configure_kivy((800, 480), fullscreen=False)


def start_app(folder: Path, classroom: Path, speech: bool = False) -> Any:
    """The real kiosk app on a fresh data dir, prepared but driven by ``idle``.

    With ``speech`` it speaks as a kiosk does (espeak-ng on its worker thread, where
    installed); without, a silent speaker only notes what it was asked to say.
    """
    headless(folder)
    from kiosk.pi.bootstrap import build_kiosk
    from kiosk.pi.speech import SilentSpeaker
    from screens.pi.launch import make_app

    speaker = None if speech else SilentSpeaker()
    app = make_app(build_kiosk(folder / "data", classroom, speaker=speaker), sync_port=0, advertise=False)
    app._run_prepare()
    return app


def speech_used(app: Any) -> str:
    """What speaks in this benchmark run: "espeak-ng" or "silent"."""
    from kiosk.pi.speech import SilentSpeaker

    return "silent" if isinstance(app.services.speaker, SilentSpeaker) else "espeak-ng"


def idle(seconds: float) -> None:
    """Run frames of the event loop for ``seconds``."""
    from kivy.base import EventLoop

    end = time.monotonic() + seconds
    EventLoop.idle()
    while time.monotonic() < end:
        EventLoop.idle()


def in_child(module: str, part: str, options: list[str], timeout: float = CHILD_TIMEOUT_S) -> Figures:
    """Run one part of a benchmark in its own process and return its JSON result."""
    cmd = [sys.executable, "-m", module, "--part", part, *options]
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, env={**os.environ, "KIVY_NO_ARGS": "1"}, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        stderr = error.stderr.decode(errors="replace") if isinstance(error.stderr, bytes) else ""
        raise RuntimeError(f"{module} --part {part} did not finish in {timeout:.0f} s:\n{stderr[-4000:]}") from error
    if out.returncode != 0:
        raise RuntimeError(f"{module} --part {part} failed:\n{out.stderr[-4000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    if not isinstance(figures, dict):
        raise RuntimeError(f"{module} --part {part} printed no JSON object:\n{out.stdout[-4000:]}")
    return figures


def number(figures: Mapping[str, object], key: str) -> float:
    """A figure a part reported, as a number; a clear error when it is missing or is not one."""
    value = figures.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuntimeError(f"the benchmark's part reported no number {key!r} (it reported {value!r})")
    return value


def percentiles(samples: list[float], prefix: str) -> dict[str, float]:
    """p50, p95 and max of millisecond samples, keyed by ``prefix``.

    p95 is the nearest-rank one (the smallest sample with 95 % at or below it), so it
    is never below the median, however few samples a small run takes.
    """
    samples = sorted(samples)
    return {
        f"{prefix}_p50_ms": round(statistics.median(samples), 2),
        f"{prefix}_p95_ms": round(samples[math.ceil(0.95 * len(samples)) - 1], 2),
        f"{prefix}_max_ms": round(samples[-1], 2),
    }


def cpu_quota_percent(
    cgroup_file: Path = Path("/proc/self/cgroup"), root: Path = Path("/sys/fs/cgroup")
) -> float | None:
    """The share of one core this process's cgroup may use (35.0 under ``pi-class-cpu``), None when unlimited."""
    try:
        lines = cgroup_file.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _id, controllers, path = line.split(":", 2)
        try:
            if "cpu" in controllers.split(","):
                folder = root / "cpu" / path.lstrip("/")
                quota = int((folder / "cpu.cfs_quota_us").read_text())
                period = int((folder / "cpu.cfs_period_us").read_text())
            elif controllers == "":
                quota_text, period_text = (root / path.lstrip("/") / "cpu.max").read_text().split()
                if quota_text == "max":
                    continue
                quota, period = int(quota_text), int(period_text)
            else:
                continue
        except (OSError, ValueError):
            continue
        if quota > 0:
            return round(100.0 * quota / period, 1)
    return None


def conditions() -> Figures:
    """What a figure depends on besides the code: the machine's load, the cores and the quota this run had."""
    return {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus_allowed": len(os.sched_getaffinity(0)),
        "cpu_quota_percent": cpu_quota_percent(),
    }
