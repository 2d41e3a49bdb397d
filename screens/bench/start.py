"""Cold start and idle writes of the real kiosk process, for ``bench ui``.

- ``cold_start_vs_bare``: from process start to the first frame on screen, the kiosk
  (``choice-kiosk run`` on an existing data dir, as at every power-on) over a bare Kivy
  window with one label started the same way, medians of alternating runs. Both
  report their first frame through the notify socket systemd would use (READY=1), so
  both are timed by this process in the same way.
- ``idle_write_bytes_per_min``: bytes the idle kiosk process dirtied for the disk
  (``/proc/PID/io`` write_bytes) over a minute on Welcome; ``idle_wchar_per_min``
  counts every byte it wrote anywhere (files, pipes, the log).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from screens.bench.support import new_folder

__all__ = ["measure_start_and_idle"]

RUNS = 9


def _notify_socket(folder: Path) -> Any:
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(folder / "notify"))
    sock.settimeout(120)
    return sock


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIVY_")}
    env.update(SDL_VIDEODRIVER="offscreen", KIVY_HOME=str(folder / "kivy"), NOTIFY_SOCKET=str(folder / "notify"))
    return env


def _kiosk(folder: Path) -> list[str]:
    return [
        sys.executable, "-m", "kiosk.cli", "run",
        "--data-dir", str(folder / "data"), "--no-advertise", "--sync-port", "0",
    ]


def _to_first_frame(command: list[str], folder: Path) -> tuple[float, subprocess.Popen[bytes]]:
    """Seconds from spawning ``command`` to its READY=1; the process is left running."""
    sock = _notify_socket(folder)
    try:
        start = time.monotonic()
        process = subprocess.Popen(command, env=_env(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not sock.recv(4096).startswith(b"READY=1"):
            pass
        return time.monotonic() - start, process
    finally:
        sock.close()
        (folder / "notify").unlink()


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)


def _io(pid: int) -> dict[str, int]:
    fields = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    return {key: int(value) for key, value in fields.items()}


def _bare_window() -> None:
    """A Kivy window with one label, configured like the kiosk; READY on its first frame."""
    from screens.pi.launch import configure_kivy

    configure_kivy((800, 480), fullscreen=False)
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from kiosk.pi.sd_notify import notifier_from_env

    notifier = notifier_from_env()
    assert notifier is not None

    class Bare(App):
        def build(self) -> Label:
            return Label(text="bare")

    def first_frame(window: Any) -> None:
        window.unbind(on_flip=first_frame)
        notifier.ready("bare")

    Window.bind(on_flip=first_frame)
    Bare().run()


def measure_start_and_idle(idle_s: float = 60.0) -> dict[str, Any]:
    folder = new_folder()
    _stop(_to_first_frame(_kiosk(folder), folder)[1])
    fresh = new_folder()
    first_start, process = _to_first_frame(_kiosk(fresh), fresh)
    _stop(process)
    kiosk, bare = [], []
    for _ in range(RUNS):
        seconds, process = _to_first_frame(_kiosk(folder), folder)
        _stop(process)
        kiosk.append(seconds)
        seconds, process = _to_first_frame([sys.executable, "-m", __name__], folder)
        _stop(process)
        bare.append(seconds)
    _seconds, process = _to_first_frame(_kiosk(folder), folder)
    time.sleep(5.0)
    before = _io(process.pid)
    time.sleep(idle_s)
    after = _io(process.pid)
    _stop(process)
    per_min = 60.0 / idle_s
    return {
        "cold_start_vs_bare": round(statistics.median(kiosk) / statistics.median(bare), 3),
        "cold_start_s": round(statistics.median(kiosk), 3),
        "bare_start_s": round(statistics.median(bare), 3),
        "first_start_s": round(first_start, 3),
        "idle_write_bytes_per_min": round((after["write_bytes"] - before["write_bytes"]) * per_min),
        "idle_wchar_per_min": round((after["wchar"] - before["wchar"]) * per_min),
        "idle_seconds": idle_s,
    }


if __name__ == "__main__":
    _bare_window()
