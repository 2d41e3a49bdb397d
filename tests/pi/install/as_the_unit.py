"""Start the kiosk as systemd starts it from the unit ``setup-pi`` writes.

The unit's own text decides: its ``Environment=`` lines, its ``ExecStart=`` arguments, its
working directory (the user's home) and umask. Around them, what systemd adds for a
service (a clean environment with HOME and USER, NOTIFY_SOCKET, JOURNAL_STREAM for a
stderr that goes to the journal) and one change for a machine with no screen: the
video driver. ``unit_kiosk`` stands in for the executable when a test also needs to read
what only the running process knows (Kivy's input providers, the touches that reach
the window).
"""

from __future__ import annotations

import getpass
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from tests.pi.install.kiosk_process import NotifySocket

__all__ = ["CHECKOUT", "exec_start", "read_report", "service_env", "start_as_the_unit", "unit_settings"]

CHECKOUT = Path(__file__).resolve().parents[3]


def unit_settings(text: str) -> dict[str, list[str]]:
    """``Key=value`` lines of a systemd file, every value of a repeated key kept."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def exec_start(text: str) -> list[str]:
    (line,) = unit_settings(text)["ExecStart"]
    return shlex.split(line)


def service_env(text: str, home: Path, notify: NotifySocket, stderr: IO[str], video: str) -> dict[str, str]:
    """The environment systemd gives the service, with SDL's video driver set to ``video``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "USER": getpass.getuser(),
        "LOGNAME": getpass.getuser(),
        "NOTIFY_SOCKET": str(notify.path),
    }
    stat = os.fstat(stderr.fileno())
    env["JOURNAL_STREAM"] = f"{stat.st_dev}:{stat.st_ino}"
    for assignment in unit_settings(text)["Environment"]:
        key, value = assignment.split("=", 1)
        env[key] = value
    env["SDL_VIDEODRIVER"] = video
    return env


def start_as_the_unit(
    text: str,
    home: Path,
    notify: NotifySocket,
    stderr: IO[str],
    *,
    video: str = "offscreen",
    report: Path | None = None,
    prefix: Sequence[str] = (),
) -> subprocess.Popen[str]:
    """The unit's ExecStart in the home, umask 077; through ``unit_kiosk`` when a report is asked for."""
    command = exec_start(text)
    env = service_env(text, home, notify, stderr, video)
    if report is not None:
        command = [sys.executable, "-m", "tests.pi.install.unit_kiosk", str(report), *command[1:]]
        env["PYTHONPATH"] = str(CHECKOUT)
    return subprocess.Popen(
        [*prefix, *command], cwd=home, env=env, umask=0o077, text=True,
        stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr,
    )


def read_report(report: Path) -> list[dict[str, object]]:
    """The lines ``unit_kiosk`` wrote so far."""
    if not report.exists():
        return []
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines() if line.strip()]
