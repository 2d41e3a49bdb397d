"""``choice-kiosk bench flood``: the real kiosk under a connection flood on its sync port.

In a child process (one Kivy window, offscreen) whose open-file limit is lowered
to ``--nofile`` (1,024 by default, the common limit), the real app runs with its
real sync server on 127.0.0.1. A laptop store pairs with it and syncs one school
day quietly; then a flood (kiosk/bench/flood_client.py, another process) keeps up to
``--connections`` slow TLS connections from eight loopback addresses
(127.0.0.2–9) trickling request heads, for ``--seconds``. During it:

* ``sync_flood_vs_quiet``: the same laptop's one-day sync during the flood over
  the quiet one (goal ≤ 3);
* ``choice_during_flood_ms``: a real touch on the big check → the first frame
  showing "Have fun" (p50 and max over ``--choices``; goal ≤ 100 ms);
* ``picture_loads``: every center picture read afresh from disk during the flood;
* ``kiosk_threads_max``, ``kiosk_fds_max``: sampled in the kiosk process;
* ``flood_connections``: connections the flood opened (and the kiosk had to take
  or refuse), ``flood_held_max``: the most open at once on the flood's side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from screens.bench.drive import run_until
from screens.bench.support import Figures, idle, in_child, new_folder, start_app
from screens.bench.ui import bench_classroom, one_choice, tap_check

__all__ = ["GOALS", "run_flood_bench"]

GOALS = {"sync_flood_vs_quiet": 3.0, "choice_during_flood_ms": 100.0, "flood_connections": 1000}
SOURCES = ",".join(f"127.0.0.{i}" for i in range(2, 10))


def _in_thread(work: Callable[[], Any]) -> Any:
    """Run ``work`` on a thread while the Kivy loop keeps running (the storage thread is the Clock's)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed back below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    run_until(lambda: not thread.is_alive(), "the laptop's work on its thread", timeout=300)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _timed_sync(app: Any, laptop: Any, kiosk_id: str, day: int, on_laptop: Any) -> float:
    from kiosk.laptop.sync import sync_kiosk

    for i in range(day):  # one school day's choices, made through the screens
        one_choice(app, i)
        app.manager.current_screen.confirm()
        idle(0.002)
    start = time.perf_counter()
    receipt = _in_thread(lambda: on_laptop(lambda: sync_kiosk(laptop, kiosk_id, timeout=30)))
    elapsed = time.perf_counter() - start
    if receipt.received < day:
        raise RuntimeError(f"the sync brought {receipt.received} choices, not {day}")
    return elapsed


def _tap_to_done(app: Any, i: int) -> float:
    from screens.bench.drive import Frames

    frames = Frames(lambda: app.manager.current)
    try:
        return tap_check(app, frames, i)[0]
    finally:
        frames.close()


def _pictures_load(app: Any) -> bool:
    """Every center's picture, read afresh from disk (no cache), gives a texture."""
    from kivy.core.image import Image as CoreImage

    ok = True
    for center in app.services.service.centers():
        image = CoreImage(app.services.picture_path(center.picture), nocache=True)
        ok = ok and image.texture is not None
    return ok


def _sample() -> tuple[int, int]:
    return threading.active_count(), len(os.listdir("/proc/self/fd"))


def _flood_run(args: argparse.Namespace) -> Figures:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(args.nofile, hard), hard))
    folder = new_folder()
    app = start_app(folder, bench_classroom(folder))
    from kiosk.laptop.store import LaptopStore
    from kiosk.laptop.sync import pair_with_kiosk

    run_until(lambda: app.sync_server is not None, "the sync service, built after the first frame")
    server = app.sync_server
    idle(0.3)
    address = f"127.0.0.1:{server.address[1]}"
    from kiosk.shared.sync.storage_thread import QueuedStorageThread

    on_laptop = QueuedStorageThread("laptop", timeout=120)  # the laptop's store lives on its own thread
    laptop = on_laptop(lambda: LaptopStore(folder / "laptop"))
    window = server.open_pairing()
    paired = _in_thread(lambda: on_laptop(lambda: pair_with_kiosk(laptop, address, window.code, timeout=30)))
    _timed_sync(app, laptop, paired.kiosk_id, args.day, on_laptop)  # the first sync carries the class setup
    quiet = _timed_sync(app, laptop, paired.kiosk_id, args.day, on_laptop)
    flood = subprocess.Popen(
        [sys.executable, "-m", "kiosk.bench.flood_client", "127.0.0.1", str(server.address[1]),
         "--connections", str(args.connections), "--seconds", str(args.seconds), "--sources", SOURCES],
        stdout=subprocess.PIPE, text=True,
    )
    threads_max = fds_max = 0
    deadline = time.monotonic() + 2.0  # let the flood reach its size
    while time.monotonic() < deadline:
        idle(0.05)
        threads, fds = _sample()
        threads_max, fds_max = max(threads_max, threads), max(fds_max, fds)
    during = _timed_sync(app, laptop, paired.kiosk_id, args.day, on_laptop)
    taps = []
    for i in range(args.choices):
        taps.append(_tap_to_done(app, i))
        threads, fds = _sample()
        threads_max, fds_max = max(threads_max, threads), max(fds_max, fds)
    pictures = _pictures_load(app)
    flood_alive = flood.poll() is None
    flood.terminate()  # it reports what it did, then ends
    run_until(lambda: flood.poll() is not None, "the flood's report")
    assert flood.stdout is not None  # started with stdout=PIPE
    flooded = json.loads(flood.stdout.read().strip().splitlines()[-1])
    taps.sort()
    return {
        "benchmark": "flood",
        "flood_connections": flooded["opened"],
        "flood_handshakes": flooded["handshakes"],
        "flood_held_max": flooded["held_max"],
        "flood_seconds": flooded["seconds"],
        "flood_still_running_after_measures": flood_alive,
        "sync_quiet_s": round(quiet, 4),
        "sync_flood_s": round(during, 4),
        "sync_flood_vs_quiet": round(during / quiet, 2),
        "choice_during_flood_ms": round(taps[len(taps) // 2], 2),
        "choice_during_flood_max_ms": round(taps[-1], 2),
        "picture_loads": pictures,
        "kiosk_threads_max": threads_max,
        "kiosk_fds_max": fds_max,
        "kiosk_connections_max": server._transport.table.peak,
        "kiosk_connection_bound": server.max_connections,
        "nofile_limit": min(args.nofile, hard),
        "day_choices": args.day,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="choice-kiosk bench flood")
    parser.add_argument("--connections", type=int, default=1000, help="slow connections the flood keeps up")
    parser.add_argument("--seconds", type=float, default=60.0, help="the longest the flood lasts")
    parser.add_argument("--nofile", type=int, default=1024, help="the kiosk's open-file limit")
    parser.add_argument("--choices", type=int, default=20, help="choices timed during the flood")
    parser.add_argument("--day", type=int, default=60, help="choices in the day each sync carries")
    parser.add_argument("--part", choices=["run"], help=argparse.SUPPRESS)
    return parser


def run_flood_bench(argv: list[str]) -> Figures:
    args = _parser().parse_args(argv)
    options = ["--connections", str(args.connections), "--seconds", str(args.seconds), "--nofile", str(args.nofile),
               "--choices", str(args.choices), "--day", str(args.day)]
    result = in_child(__name__, "run", options)
    return {
        **result,
        "goals": GOALS,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


if __name__ == "__main__":
    print(json.dumps(_flood_run(_parser().parse_args())))
