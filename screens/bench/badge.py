"""``choice-kiosk bench badge``: from a badge frame on the wire to the greeting drawn.

A pty pair stands in for the reader's UART: the benchmark writes an RDM6300 frame to
the master side and times, in the real app offscreen with the real serial reader on
the slave side, until the first frame is flipped showing the child's Choose screen.
Children take turns so that no card comes back within the repeat gap. The first scan of
each badge is reported apart (``first_scan_to_greeting_*``): its slow keyed hash is made
then (kiosk/shared/badges.py); later scans of it find its keys in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import tty
from functools import reduce
from operator import xor
from pathlib import Path
from typing import Any

from screens.bench.support import idle, in_child, new_folder, percentiles, start_app

__all__ = ["run_badge_bench"]


def rdm6300_frame(badge: str) -> bytes:
    """STX, ten hex characters, their XOR checksum in hex, ETX."""
    return b"\x02" + badge.encode() + f"{reduce(xor, bytes.fromhex(badge)):02X}".encode() + b"\x03"


def _classroom(folder: Path, port: str) -> Path:
    from kiosk.shared.assets import DEMO_CLASSROOM

    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["settings"]["reader"] = {"kind": "serial", "port": port, "format": "rdm6300"}
    path = folder / "bench-class.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _scans(count: int) -> dict[str, Any]:
    master, slave = os.openpty()
    tty.setraw(slave)
    folder = new_folder()
    app = start_app(folder, _classroom(folder, os.ttyname(slave)))
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.shared.assets import DEMO_CLASSROOM

    badges = [c["badges"][0] for c in json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"]]
    deadline = time.monotonic() + 10
    while not app.reader_online or not app.readers[0].online:
        if time.monotonic() > deadline:
            raise RuntimeError("the serial reader did not come online")
        EventLoop.idle()
    flips: list[float] = []
    Window.bind(on_flip=lambda *_: flips.append(time.perf_counter()))
    samples = []
    for i in range(count):
        app.go_home()
        idle(0.15)
        frame = rdm6300_frame(badges[i % len(badges)])
        flips.clear()
        os.write(master, frame)
        start = time.perf_counter()
        while not (app.manager.current == "choose" and flips and flips[-1] > start):
            EventLoop.idle()
            if time.perf_counter() - start > 5:
                raise RuntimeError(f"scan {i} was not greeted")
        greeted = next(t for t in flips if t > start)
        samples.append((greeted - start) * 1000)
    first = samples[: len(badges)]  # each badge's first scan: its slow keys are made then
    return {
        "scans": count,
        **percentiles(samples, "scan_to_greeting"),
        **percentiles(first, "first_scan_to_greeting"),
        "badge_key_ms": _badge_key_ms(),
    }


def _badge_key_ms() -> float:
    """One stored form of a badge (the deliberately slow keyed hash), median of 21."""
    import statistics

    from kiosk.shared.badges import badge_key, new_badge_secret

    secret, times = new_badge_secret(), []
    for i in range(21):
        start = time.perf_counter()
        badge_key(secret, f"{i:010X}")
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="choice-kiosk bench badge")
    parser.add_argument("--scans", type=int, default=200, help="scans timed")
    parser.add_argument("--part", choices=["scans"], help=argparse.SUPPRESS)
    return parser


def run_badge_bench(argv: list[str]) -> dict[str, Any]:
    args = _parser().parse_args(argv)
    result = in_child(__name__, "scans", ["--scans", str(args.scans)])
    return {
        "benchmark": "badge",
        **result,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    print(json.dumps(_scans(_parser().parse_args().scans)))
