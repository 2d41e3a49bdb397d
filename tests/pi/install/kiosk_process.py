"""A real kiosk process watched through a notify socket the test owns (as systemd would).

``python -m tests.pi.install.kiosk_process CHOICE_KIOSK`` starts that command offscreen, waits
for READY=1 ("showing welcome"), stops it with SIGTERM and fails unless it exits 0
without a traceback: the check the packaging test and the arm64 smoke test share.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["NotifySocket", "kiosk_env", "start_kiosk", "start_to_welcome"]


class NotifySocket:
    """An AF_UNIX datagram socket standing in for systemd's $NOTIFY_SOCKET."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(path))
        self.received: list[tuple[float, str]] = []

    def wait_for(self, wanted: Callable[[str], bool], timeout: float) -> str:
        """The first message (from now on) that ``wanted`` accepts; AssertionError after timeout."""
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            message = self.receive(left)
            if message is not None and wanted(message):
                return message
        raise AssertionError(f"no such notification within {timeout} s; got {[m for _, m in self.received]}")

    def receive(self, timeout: float) -> str | None:
        self._sock.settimeout(max(timeout, 0.001))
        try:
            data = self._sock.recv(4096)
        except TimeoutError:
            return None
        message = data.decode("utf-8")
        self.received.append((time.monotonic(), message))
        return message

    def close(self) -> None:
        self._sock.close()


def kiosk_env(folder: Path, notify: NotifySocket, watchdog_usec: int | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KIVY_", "WATCHDOG_"))}
    env.update(SDL_VIDEODRIVER="offscreen", KIVY_HOME=str(folder / "kivy"), NOTIFY_SOCKET=str(notify.path))
    if watchdog_usec is not None:
        env["WATCHDOG_USEC"] = str(watchdog_usec)
    return env


def start_kiosk(command: list[str], folder: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """``command run`` on a new data dir: no zeroconf, sync on a free port."""
    args = [*command, "run", "--data-dir", str(folder / "data"), "--no-advertise", "--sync-port", "0"]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def start_to_welcome(
    command: list[str], folder: Path, timeout: float = 60.0, signum: int = signal.SIGTERM
) -> tuple[str, int, str]:
    """Start, wait for Welcome on screen, stop with ``signum``: (READY message, exit code, stderr)."""
    notify = NotifySocket(folder / "notify")
    process = start_kiosk(command, folder, kiosk_env(folder, notify))
    try:
        ready = notify.wait_for(lambda m: m.startswith("READY=1"), timeout)
        process.send_signal(signum)
        _out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        notify.close()
    return ready, process.returncode, err


def main(argv: list[str]) -> int:
    folder = Path(tempfile.mkdtemp(prefix="choice-kiosk-start-"))
    ready, code, err = start_to_welcome(argv, folder, timeout=float(os.environ.get("START_TIMEOUT_S", "60")))
    print(f"{ready!r}, exit {code}")
    if "STATUS=showing welcome" not in ready or code != 0 or "Traceback" in err:
        print(err[-4000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
