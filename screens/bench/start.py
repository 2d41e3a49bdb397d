"""Cold start, idle memory and idle writes of the real kiosk process, for ``bench ui``.

The kiosk runs as its systemd unit runs it: ``choice-kiosk run --kiosk`` (locked, its
log at WARNING, advertising itself on the network) on an existing data dir, as at
every power-on; the window is 800×480 in both. Next to it, a bare Kivy window with one
label and the same window settings (``screens.bench.bare_window``, which imports none
of the kiosk). Both run with their bytecode compiled, as pip leaves an installed
package (into the run's own folder: ``PYTHONPYCACHEPREFIX``).

- ``cold_start_vs_bare``: from spawning the process to its first frame on the screen
  (both report it through the notify socket systemd would use, READY=1), medians of
  alternating runs.
- ``idle_pss_vs_bare``: the proportional set size (``/proc/PID/smaps_rollup``: each
  shared page divided among the processes that map it) of the kiosk idle on Welcome,
  over the bare window's, each measured alone ``SETTLE_S`` after its first frame.
- ``*_vs_welcome_floor``: the same over a bare window that draws what Welcome shows (the
  class's pictures and names in the kiosk's font) and does nothing of what it does
  (``bare_window --with-welcome-content``): the floor of any kiosk showing that screen.
- ``idle_anon_vs_*``: the same over the anonymous memory (heap and anonymous maps), which
  unlike PSS does not depend on what other processes on the machine map at that moment.
- ``*_vs_bare_with_kiosk_modules``: the same over the bare window started after importing
  the kiosk's launch module (``bare_window --with-kiosk-modules``), the yardstick of the
  figures before 2026-12: what the kiosk costs beyond its imports.
- ``idle_write_bytes_per_min``: bytes the idle kiosk process dirtied for the disk
  (``/proc/PID/io`` write_bytes) over ``idle_seconds`` on Welcome; ``idle_wchar_per_min``
  counts every byte it wrote anywhere (files, pipes, the log).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from screens.bench.drive import WAIT_S, BenchStuck
from screens.bench.support import Figures, new_folder

__all__ = ["RUNS", "SETTLE_S", "measure_start_and_idle", "smaps_kib"]

RUNS = 9
SETTLE_S = 5.0
"""After its first frame, a kiosk builds its other screens and starts its threads: memory is read after this."""


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIVY_") and k != "PYTHONDONTWRITEBYTECODE"}
    (folder / "kivy").mkdir(mode=0o700, exist_ok=True)
    env.update(
        SDL_VIDEODRIVER="offscreen",
        KIVY_HOME=str(folder / "kivy"),
        NOTIFY_SOCKET=str(folder / "notify"),
        PYTHONPYCACHEPREFIX=str(folder / "bytecode"),
    )
    return env


def _kiosk(folder: Path) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", "run", "--kiosk", "--data-dir", str(folder / "data"), "--sync-port", "0"]


BARE = [sys.executable, "-m", "screens.bench.bare_window"]
BARE_WITH_MODULES = [*BARE, "--with-kiosk-modules"]
WELCOME_FLOOR = [*BARE, "--with-welcome-content"]


def _to_first_frame(command: list[str], folder: Path) -> tuple[float, subprocess.Popen[bytes]]:
    """Seconds from spawning ``command`` to its READY=1; the process is left running."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(folder / "notify"))
    sock.settimeout(0.5)
    log = folder / "stderr.log"
    try:
        start = time.monotonic()
        with log.open("wb") as stderr:
            process = subprocess.Popen(command, env=_env(folder), stdout=subprocess.DEVNULL, stderr=stderr)
        while True:
            try:
                if sock.recv(4096).startswith(b"READY=1"):
                    return time.monotonic() - start, process
            except TimeoutError:
                pass
            if process.poll() is not None:
                said = log.read_text(errors="replace")[-3000:]
                raise BenchStuck(f"{command[2:4]} ended ({process.returncode}) before its first frame:\n{said}")
            if time.monotonic() - start > WAIT_S:
                _stop(process)
                raise BenchStuck(f"{command[2:4]} drew no first frame within {WAIT_S:.0f} s")
    finally:
        sock.close()
        (folder / "notify").unlink()


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WAIT_S)
        raise BenchStuck(f"process {process.pid} did not stop on SIGTERM within {WAIT_S:.0f} s") from None


def _io(pid: int) -> dict[str, int]:
    fields = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    return {key: int(value) for key, value in fields.items()}


def smaps_kib(pid: int) -> dict[str, int]:
    """Rss, Pss, Uss (private pages) and anonymous memory of a process in KiB, from ``/proc/PID/smaps_rollup``.

    Pss and Uss depend on which other processes map the same libraries when they are
    read (a library nobody else maps is all private); the anonymous pages (heap and
    anonymous maps: what the process allocated itself) do not.
    """
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0])
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
        "anon": fields["Anonymous"],
    }


def _settled(command: list[str], folder: Path) -> tuple[subprocess.Popen[bytes], dict[str, int]]:
    """A process started alone, its memory read ``SETTLE_S`` after its first frame; left running."""
    _seconds, process = _to_first_frame(command, folder)
    time.sleep(SETTLE_S)
    return process, smaps_kib(process.pid)


def measure_start_and_idle(idle_s: float = 60.0, runs: int = RUNS) -> Figures:
    folder = new_folder()
    for command in (_kiosk(folder), BARE, BARE_WITH_MODULES, WELCOME_FLOOR):  # a kiosk here; every bytecode compiled
        _stop(_to_first_frame(command, folder)[1])
    fresh = new_folder()
    first_start, process = _to_first_frame(_kiosk(fresh), fresh)
    _stop(process)
    kiosk: list[float] = []
    bare: list[float] = []
    bare_with_modules: list[float] = []
    floor: list[float] = []
    for _ in range(runs):
        for command, times in (
            (_kiosk(folder), kiosk), (BARE, bare), (BARE_WITH_MODULES, bare_with_modules), (WELCOME_FLOOR, floor)
        ):
            seconds, process = _to_first_frame(command, folder)
            _stop(process)
            times.append(seconds)
    process, kiosk_memory = _settled(_kiosk(folder), folder)
    before = _io(process.pid)
    time.sleep(idle_s)
    after = _io(process.pid)
    kiosk_memory_after = smaps_kib(process.pid)
    _stop(process)
    process, bare_memory = _settled(BARE, folder)
    _stop(process)
    process, with_modules_memory = _settled(BARE_WITH_MODULES, folder)
    _stop(process)
    process, floor_memory = _settled(WELCOME_FLOOR, folder)
    _stop(process)
    per_min = 60.0 / idle_s
    started, started_bare = statistics.median(kiosk), statistics.median(bare)
    started_with_modules = statistics.median(bare_with_modules)
    started_floor = statistics.median(floor)
    return {
        "cold_start_vs_bare": round(started / started_bare, 3),
        "cold_start_s": round(started, 3),
        "bare_start_s": round(started_bare, 3),
        "cold_starts_s": [round(s, 3) for s in kiosk],
        "bare_starts_s": [round(s, 3) for s in bare],
        "first_start_s": round(first_start, 3),
        "cold_start_vs_bare_with_kiosk_modules": round(started / started_with_modules, 3),
        "bare_with_kiosk_modules_start_s": round(started_with_modules, 3),
        "idle_pss_vs_bare": round(kiosk_memory["pss"] / bare_memory["pss"], 3),
        "idle_pss_kib": kiosk_memory["pss"],
        "bare_pss_kib": bare_memory["pss"],
        "idle_rss_kib": kiosk_memory["rss"],
        "bare_rss_kib": bare_memory["rss"],
        "idle_uss_kib": kiosk_memory["uss"],
        "bare_uss_kib": bare_memory["uss"],
        "idle_pss_after_idle_kib": kiosk_memory_after["pss"],
        "idle_pss_vs_bare_with_kiosk_modules": round(kiosk_memory["pss"] / with_modules_memory["pss"], 3),
        "bare_with_kiosk_modules_pss_kib": with_modules_memory["pss"],
        "cold_start_vs_welcome_floor": round(started / started_floor, 3),
        "welcome_floor_start_s": round(started_floor, 3),
        "welcome_floor_starts_s": [round(s, 3) for s in floor],
        "welcome_floor_vs_bare": round(started_floor / started_bare, 3),
        "idle_pss_vs_welcome_floor": round(kiosk_memory["pss"] / floor_memory["pss"], 3),
        "welcome_floor_pss_kib": floor_memory["pss"],
        "welcome_floor_uss_kib": floor_memory["uss"],
        "welcome_floor_rss_kib": floor_memory["rss"],
        "idle_anon_vs_bare": round(kiosk_memory["anon"] / bare_memory["anon"], 3),
        "idle_anon_vs_welcome_floor": round(kiosk_memory["anon"] / floor_memory["anon"], 3),
        "idle_anon_kib": kiosk_memory["anon"],
        "bare_anon_kib": bare_memory["anon"],
        "welcome_floor_anon_kib": floor_memory["anon"],
        "idle_write_bytes_per_min": round((after["write_bytes"] - before["write_bytes"]) * per_min),
        "idle_wchar_per_min": round((after["wchar"] - before["wchar"]) * per_min),
        "idle_seconds": idle_s,
        "start_runs": runs,
    }
