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
from pathlib import Path
from typing import Any

__all__ = ["idle", "in_child", "new_folder", "percentiles", "rss_kib", "start_app"]


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


def start_app(folder: Path, classroom: Path) -> Any:
    """The real kiosk app on a fresh data dir, prepared but driven by ``idle``."""
    headless(folder)
    from kiosk.pi.bootstrap import build_kiosk
    from kiosk.pi.speech import SilentSpeaker
    from screens.pi.launch import make_app

    app = make_app(build_kiosk(folder / "data", classroom, speaker=SilentSpeaker()), sync_port=0, advertise=False)
    app._run_prepare()
    return app


def idle(seconds: float) -> None:
    """Run frames of the event loop for ``seconds``."""
    from kivy.base import EventLoop

    end = time.monotonic() + seconds
    EventLoop.idle()
    while time.monotonic() < end:
        EventLoop.idle()


def in_child(module: str, part: str, options: list[str]) -> dict[str, Any]:
    """Run one part of a benchmark in its own process and return its JSON result."""
    cmd = [sys.executable, "-m", module, "--part", part, *options]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "KIVY_NO_ARGS": "1"})
    if out.returncode != 0:
        raise RuntimeError(f"{module} --part {part} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


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
