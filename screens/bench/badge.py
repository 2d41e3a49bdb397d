"""``choice-kiosk bench badge``: from a badge frame on the wire to the greeting drawn.

A pty pair stands in for the reader's UART: the benchmark writes an RDM6300 frame to
the master side and times, in the real app offscreen with the real serial reader on
the slave side, until the first frame showing the child's Choose screen is drawn
(its pixels finished: see ``screens.bench.drive.Frames``). Children take turns so that
no card comes back within the repeat gap, and the next child scans ``--gap`` seconds
after Welcome is back on the screen. The first scan of each badge is reported apart
(``first_scan_to_greeting_*``): its slow keyed hash is made then
(kiosk/shared/badges.py), and its greeting is spoken for the first time; later scans
find both ready.

Where the time goes, per scan: ``wake`` (the frame written → the UI thread handles
the scan: the reader thread, the Clock), ``prepare`` (the scan handled: the child
found, Choose filled), ``draw`` (→ the frame finished: layout, text, drawing), and
``scan_cpu`` (the processor time the kiosk process spent from the frame written to
the greeting drawn, all its threads, the software renderer's included; not the
speech's child processes). Under a CPU quota on a quiet machine a scan whose CPU time
fits what is left of the quota's period is greeted in about that time; one that does
not waits for the next period. Every wait is bounded (``BenchStuck``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import time
import tty
from functools import reduce
from operator import xor
from pathlib import Path
from typing import Any

from screens.bench.drive import Frames, run_for, run_until
from screens.bench.support import Figures, conditions, in_child, new_folder, percentiles, speech_used, start_app

__all__ = ["run_badge_bench"]

GREETING_WAIT_S = 30.0
"""A scan not greeted by then stops the benchmark: the kiosk lost it."""


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


class _ScanTimes:
    """When the UI thread began and finished handling each scan (the app's handler, wrapped)."""

    def __init__(self, app: Any) -> None:
        self.began = self.ended = 0.0
        handle = app.handle_scan

        def timed(raw: str) -> None:
            self.began = time.perf_counter()
            handle(raw)
            self.ended = time.perf_counter()

        app.handle_scan = timed


def _scans(count: int, gap: float, speech: bool) -> Figures:
    master, slave = os.openpty()
    tty.setraw(slave)
    folder = new_folder()
    app = start_app(folder, _classroom(folder, os.ttyname(slave)), speech=speech)
    from kiosk.shared.assets import DEMO_CLASSROOM

    badges = [c["badges"][0] for c in json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))["children"]]
    run_until(lambda: app.reader_online and app.readers[0].online, "the serial reader online")
    frames = Frames(lambda: app.manager.current)
    handled = _ScanTimes(app)
    samples: list[float] = []
    phases: dict[str, list[float]] = {"wake": [], "prepare": [], "draw": [], "scan_cpu": []}
    for i in range(count):
        app.go_home()
        frames.settle("welcome", "Welcome on the screen")
        run_for(gap)  # the next child walks up
        cpu = time.process_time()
        start = time.perf_counter()
        os.write(master, rdm6300_frame(badges[i % len(badges)]))
        greeted = frames.wait(start, "choose", f"scan {i}'s greeting", GREETING_WAIT_S)
        samples.append((greeted - start) * 1000)
        phases["wake"].append((handled.began - start) * 1000)
        phases["prepare"].append((handled.ended - handled.began) * 1000)
        phases["draw"].append((greeted - handled.ended) * 1000)
        phases["scan_cpu"].append((time.process_time() - cpu) * 1000)
    frames.close()
    first = samples[: len(badges)]  # each badge's first scan: its slow keys are made then
    return {
        "scans": count,
        **percentiles(samples, "scan_to_greeting"),
        **percentiles(first, "first_scan_to_greeting"),
        **{k: v for name, times in phases.items() for k, v in percentiles(times, name).items()},
        "badge_key_ms": _badge_key_ms(),
        "gap_s": gap,
        "speech": speech_used(app),
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
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between Welcome drawn and the next scan")
    parser.add_argument(
        "--silent", action="store_true", help="no espeak-ng even where installed (by default the kiosk speaks)"
    )
    parser.add_argument("--part", choices=["scans"], help=argparse.SUPPRESS)
    return parser


def run_badge_bench(argv: list[str]) -> Figures:
    args = _parser().parse_args(argv)
    before = conditions()
    options = ["--scans", str(args.scans), "--gap", str(args.gap), *(["--silent"] if args.silent else [])]
    result = in_child(__name__, "scans", options)
    return {
        "benchmark": "badge",
        **result,
        "conditions": {"before": before, "after": conditions()},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    options = _parser().parse_args()
    print(json.dumps(_scans(options.scans, options.gap, speech=not options.silent and bool(shutil.which("espeak-ng")))))
