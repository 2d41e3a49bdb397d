"""A window destroyed from outside is a close request, never an X error that kills the kiosk.

Real processes under Xvfb: the kiosk on SDL's X11 driver, its window destroyed with
``xdotool windowclose`` (XDestroyWindow), which used to end it with Xlib's "BadWindow"
and exit status 1. A locked kiosk refuses that close as it refuses any: it starts again
in the same process (systemd sees the same PID and a new READY=1) with its data; an
unlocked one closes cleanly with status 0.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pi.install.kiosk_process import NotifySocket, kiosk_env

KIOSK = [sys.executable, "-m", "kiosk.cli"]
needs_x = pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="Xvfb and xdotool are installed by .ci/run",
)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """An Xvfb server on a free display number, 800×480."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "800x480x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def window_of(pid: int, display: str, timeout: float = 30.0) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = subprocess.run(
            ["xdotool", "search", "--pid", str(pid), "--name", "Choice Kiosk"],
            env={**os.environ, "DISPLAY": display}, capture_output=True, text=True,
        ).stdout.split()
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the kiosk's window never appeared")


def start_on_x(tmp_path: Path, display: str, *flags: str) -> tuple[subprocess.Popen[str], NotifySocket]:
    notify = NotifySocket(tmp_path / "notify")
    env = {**kiosk_env(tmp_path, notify), "SDL_VIDEODRIVER": "x11", "DISPLAY": display}
    (tmp_path / "kivy").mkdir()  # a locked kiosk keeps Kivy's home owner-only, as it finds it
    process = subprocess.Popen(
        [*KIOSK, "run", *flags, "--windowed", "--size", "800x480", "--data-dir", str(tmp_path / "data"),
         "--no-advertise", "--sync-port", "0"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        notify.wait_for(lambda m: m.startswith("READY=1"), timeout=90)
    except AssertionError:
        process.kill()
        raise AssertionError(f"the kiosk did not start on {display}: {process.communicate()[1][-3000:]}") from None
    return process, notify


def destroy(window: str, display: str) -> None:
    subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display}, check=True)


@needs_x
def test_a_locked_kiosk_whose_window_is_destroyed_comes_back_in_the_same_process(tmp_path, display):
    process, notify = start_on_x(tmp_path, display, "--kiosk")
    try:
        first = window_of(process.pid, display)
        destroy(first, display)
        again = notify.wait_for(lambda m: m.startswith("READY=1"), timeout=90)
        assert process.poll() is None, "the same process, so systemd sees no crash"
        second = window_of(process.pid, display)
        assert second and "STATUS=showing welcome" in again, "a new window (X may give it the old id)"
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        notify.close()
    assert process.returncode == 0
    assert "Traceback" not in err and "X Error of failed request" not in err, "Xlib's handler never ran"
    assert err.count("X error 3 ") == 1, "the X error was taken and logged once"


@needs_x
def test_an_unlocked_kiosk_whose_window_is_destroyed_closes_cleanly(tmp_path, display):
    process, notify = start_on_x(tmp_path, display)
    try:
        destroy(window_of(process.pid, display), display)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        notify.close()
    assert process.returncode == 0, err[-3000:]
    assert "Traceback" not in err


def test_only_an_error_about_the_kiosks_own_window_counts_as_losing_it():
    from screens.pi.x_errors import BAD_DRAWABLE, BAD_WINDOW, XError, is_lost_window

    assert is_lost_window(XError(BAD_WINDOW, 131, 55, 0x400006), 0x400006)
    assert is_lost_window(XError(BAD_DRAWABLE, 14, 0, 0x400006), 0x400006)
    assert not is_lost_window(XError(BAD_WINDOW, 20, 0, 0x500001), 0x400006), "another client's window"
    assert not is_lost_window(XError(8, 42, 0, 0x400006), 0x400006), "BadMatch is not a lost window"
    assert is_lost_window(XError(BAD_WINDOW, 20, 0, 0x1), None), "the window's id unknown: any BadWindow"
