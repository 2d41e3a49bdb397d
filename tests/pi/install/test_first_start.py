"""The first start on a fresh user: an empty home, no Kivy folder, no data folder.

A locked-down kiosk tells Kivy not to write its config (``KIVY_NO_CONFIG``), and Kivy then
makes no home folder of its own; the kiosk makes every folder it needs, owner-only,
whether started by hand (``run --fullscreen``, ``run --kiosk``) or by the unit
``setup-pi`` writes (``KIVY_HOME`` under the data directory).
"""

from __future__ import annotations

import getpass
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.pi.install.unit import KioskUnit, service_unit
from tests.pi.install.as_the_unit import start_as_the_unit
from tests.pi.install.kiosk_process import NotifySocket
from tests.waiting import HANG_S

CHOICE_KIOSK = Path(sys.executable).parent / "choice-kiosk"


def _fresh_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    return home


def _by_hand_env(home: Path, notify: NotifySocket) -> dict[str, str]:
    """A login on a fresh user: nothing of Kivy's or of XDG's set, HOME empty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_", "XDG_", "WATCHDOG_"))}
    env.update(HOME=str(home), SDL_VIDEODRIVER="offscreen", NOTIFY_SOCKET=str(notify.path))
    return env


def _ready_or_exit(process: subprocess.Popen[str], notify: NotifySocket) -> str | None:
    """READY=1's message, or None once the kiosk has exited without it (or after HANG_S * 4)."""
    deadline = time.monotonic() + HANG_S * 4
    while process.poll() is None and time.monotonic() < deadline:
        message = notify.receive(0.2)
        if message is not None and message.startswith("READY=1"):
            return message
    return None


def _to_welcome_and_stop(process: subprocess.Popen[str], notify: NotifySocket, log: Path) -> None:
    try:
        ready = _ready_or_exit(process, notify)
        assert ready is not None, f"no Welcome (exit {process.poll()}):\n{log.read_text()[-3000:]}"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        notify.close()
    assert ready == "READY=1\nSTATUS=showing welcome", log.read_text()
    assert process.returncode == 0, log.read_text()


def _not_owner_only(*roots: Path) -> list[Path]:
    return [p for root in roots for p in [root, *root.rglob("*")] if p.stat().st_mode & 0o077]


@pytest.mark.parametrize("mode", [["--fullscreen"], ["--kiosk", "--windowed"]])
def test_a_kiosk_started_by_hand_on_a_fresh_user_reaches_welcome(tmp_path, mode):
    home = _fresh_home(tmp_path)
    notify = NotifySocket(tmp_path / "notify")
    log = tmp_path / "kiosk.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [str(CHOICE_KIOSK), "run", *mode, "--no-advertise", "--sync-port", "0"],
            cwd=home, env=_by_hand_env(home, notify), stdout=stderr, stderr=stderr, text=True,
        )
        _to_welcome_and_stop(process, notify, log)
    data = home / ".local" / "share" / "choice-kiosk"
    assert (home / ".kivy").is_dir() and (data / "config.json").is_file()
    assert _not_owner_only(home / ".kivy", home / ".local") == []


def test_the_unit_starts_the_kiosk_on_a_fresh_user(tmp_path):
    home = _fresh_home(tmp_path)
    data = home / ".local" / "share" / "choice-kiosk"
    text = service_unit(KioskUnit(getpass.getuser(), CHOICE_KIOSK, data))
    notify = NotifySocket(tmp_path / "notify")
    log = tmp_path / "journal.log"
    with log.open("w") as stderr:
        process = start_as_the_unit(text, home, notify, stderr)
        _to_welcome_and_stop(process, notify, log)
    assert (data / "kivy").is_dir() and (data / "config.json").is_file()
    assert not (data / "logs").exists(), "under systemd the journal keeps the log"
    assert _not_owner_only(home / ".local") == []
    assert "Traceback" not in log.read_text()
