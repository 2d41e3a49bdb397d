"""The watchdog for real: a kiosk process, a notify socket the test owns, a blocked UI.

systemd restarts a service whose pings stop; these tests check that the kiosk's pings
come from the UI loop (they stop when it blocks), that READY=1 waits for Welcome on
screen, and that SIGTERM/SIGINT end the kiosk cleanly.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.pi.install.kiosk_process import NotifySocket, kiosk_env, start_to_welcome

KIOSK = [sys.executable, "-m", "kiosk.cli"]


def test_pings_stop_when_the_ui_thread_blocks(tmp_path):
    notify = NotifySocket(tmp_path / "notify")
    args = [sys.executable, "-m", "tests.pi.install.blocking_kiosk",
            "--data-dir", str(tmp_path / "data"), "--no-advertise", "--sync-port", "0"]
    process = subprocess.Popen(args, env=kiosk_env(tmp_path, notify, watchdog_usec=400_000),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        ready = notify.wait_for(lambda m: m.startswith("READY=1"), timeout=60)
        ready_at = notify.received[-1][0]
        for _ in range(4):
            notify.wait_for(lambda m: m == "WATCHDOG=1", timeout=30)
        process.send_signal(signal.SIGUSR1)  # the UI thread sleeps from now on
        blocked_at = time.monotonic()
        while notify.receive(timeout=3.0) is not None:
            assert time.monotonic() < blocked_at + 30.0, "the pings never stopped although the UI thread blocked"
    finally:
        process.kill()
        process.communicate()
        notify.close()
    pings = [at for at, message in notify.received if message == "WATCHDOG=1" and at > ready_at]
    assert "STATUS=showing welcome" in ready
    assert len(pings) >= 4, "the UI loop pinged every 0.2 s before it blocked"
    assert max(b - a for a, b in zip(pings, pings[1:])) < 1.0
    assert process.returncode == -signal.SIGKILL, "still alive (blocked) until killed"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_kiosk_cleanly(tmp_path, signum):
    ready, code, err = start_to_welcome(KIOSK, tmp_path, signum=signum)
    assert ready == "READY=1\nSTATUS=showing welcome"
    assert code == 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_every_file_the_kiosk_writes_is_owner_only(tmp_path):
    _ready, code, _err = start_to_welcome(KIOSK, tmp_path)
    written = [p for root in (tmp_path / "data", tmp_path / "kivy") for p in [root, *root.rglob("*")]]
    assert code == 0 and len(written) > 5
    assert [p for p in written if p.stat().st_mode & 0o077] == []


def test_no_screen_gets_a_clear_message_not_a_traceback(tmp_path):
    notify = NotifySocket(tmp_path / "notify")
    env = {**kiosk_env(tmp_path, notify), "SDL_VIDEODRIVER": "kmsdrm"}
    done = subprocess.run([*KIOSK, "run", "--data-dir", str(tmp_path / "data"), "--no-advertise"],
                          env=env, capture_output=True, text=True, timeout=60)
    notify.close()
    assert done.returncode == 3
    assert "the screen could not be opened (SDL_VIDEODRIVER=kmsdrm)" in done.stderr
    assert "'video' and 'render'" in done.stderr
    assert "AttributeError" not in done.stderr
