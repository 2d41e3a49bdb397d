"""A child's single tap reaches the kiosk once: taps from a virtual multitouch screen (uinput).

The kiosk starts as the unit starts it, on the screen (SDL's KMSDRM driver, as on the wall;
``CHOICE_KIOSK_TOUCH_VIDEO=x11`` under a desktop), and every touch that reaches its window
is counted before any rule of the app could hide a duplicate. Where the kernel has no
uinput (this CI's has none) the test says how to run it on a Pi; the device's bytes are
checked against the kernel's layout everywhere.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.pi.install.unit import KioskUnit, service_unit
from tests.pi.install.as_the_unit import read_report, start_as_the_unit
from tests.pi.install.kiosk_process import NotifySocket
from tests.pi.install.uinput_touch import (
    ABS_MT_POSITION_X,
    ABS_MT_TRACKING_ID,
    BTN_TOUCH,
    EV_ABS,
    EV_KEY,
    EV_SYN,
    EVENT,
    UINPUT,
    USER_DEV,
    VirtualTouchscreen,
    tap_events,
    user_dev,
)
from tests.waiting import HANG_S, wait_until

CHOICE_KIOSK = Path(sys.executable).parent / "choice-kiosk"
HOW_TO = (
    "run it on a Raspberry Pi with its screen, as README's 'One touch, one event' says: "
    "sudo systemctl stop choice-kiosk, then in a copy of the checkout "
    "sudo ~/choice-kiosk/bin/python -m pytest tests/pi/install/test_touch_uinput.py "
    "(the venv with the test extra)"
)
TAPS = [(100, 100), (700, 100), (400, 240), (100, 380), (700, 380), (250, 300)]


def _uinput_and_a_screen_or_skip(video: str) -> None:
    if not UINPUT.exists():
        pytest.skip(f"this kernel has no {UINPUT} (CONFIG_INPUT_UINPUT; try sudo modprobe uinput): {HOW_TO}")
    if not os.access(UINPUT, os.W_OK):
        pytest.skip(f"{UINPUT} is not writable by this user: {HOW_TO}")
    if video == "kmsdrm" and not list(Path("/dev/dri").glob("card*")):
        pytest.skip(f"no screen here (no /dev/dri/card*) for SDL to read touches through: {HOW_TO}")
    if video == "x11" and not os.environ.get("DISPLAY"):
        pytest.skip(f"CHOICE_KIOSK_TOUCH_VIDEO=x11 needs DISPLAY: {HOW_TO}")


def test_the_virtual_screen_speaks_the_kernels_layout():
    assert USER_DEV.size == 80 + 4 * 2 + 4 + 4 * 64 * 4  # sizeof(struct uinput_user_dev)
    assert EVENT.size == 2 * struct.calcsize("l") + 2 + 2 + 4  # sizeof(struct input_event): a timeval first
    setup = user_dev("a screen", {ABS_MT_POSITION_X: 799})
    assert setup[:8] == b"a screen" and USER_DEV.unpack(setup)[6 + ABS_MT_POSITION_X] == 799
    down, up = tap_events(120, 80, 7)
    assert (EV_ABS, ABS_MT_TRACKING_ID, 7) in down and (EV_KEY, BTN_TOUCH, 1) in down and down[-1][0] == EV_SYN
    assert (EV_ABS, ABS_MT_TRACKING_ID, -1) in up and (EV_KEY, BTN_TOUCH, 0) in up and up[-1][0] == EV_SYN


def _touches(report: Path) -> list[dict[str, object]]:
    return [line for line in read_report(report) if "touch" in line]


def _settle_udev() -> None:
    udevadm = shutil.which("udevadm")
    if udevadm:
        subprocess.run([udevadm, "settle", "--timeout=10"], check=False)


def test_each_tap_of_a_virtual_touch_screen_reaches_the_kiosk_once(tmp_path):
    video = os.environ.get("CHOICE_KIOSK_TOUCH_VIDEO", "kmsdrm")
    _uinput_and_a_screen_or_skip(video)
    screen = VirtualTouchscreen("Choice Kiosk uinput touch screen")
    home = tmp_path / "home"
    home.mkdir()
    notify = NotifySocket(tmp_path / "notify")
    report = tmp_path / "report.jsonl"
    log = tmp_path / "journal.log"
    text = service_unit(KioskUnit(getpass.getuser(), CHOICE_KIOSK, home / "data"))
    process = None
    try:
        assert wait_until(lambda: screen.event_node() is not None), "the kernel made no /dev/input node for the screen"
        node = screen.event_node()
        assert node is not None
        _settle_udev()
        with log.open("w") as stderr:
            process = start_as_the_unit(text, home, notify, stderr, video=video, report=report)
            ready = wait_until(lambda: process.poll() is not None or len(read_report(report)) > 0, HANG_S * 4)
            assert ready and process.poll() is None, (
                f"the kiosk did not start on the screen (exit {process.poll()}; is the service stopped?):\n"
                + log.read_text()[-3000:])
            for x, y in TAPS:
                screen.tap(x, y)
                time.sleep(0.5)
            wait_until(lambda: len(_touches(report)) >= len(TAPS), timeout=HANG_S)
            wait_until(lambda: len(_touches(report)) > len(TAPS), timeout=1.5)  # a late duplicate would show here
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=HANG_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        notify.close()
        screen.close()
    got = _touches(report)
    assert len(got) == len(TAPS), f"{len(TAPS)} taps arrived as {len(got)} touches: {got}"
    for (x, y), touch in zip(TAPS, got, strict=True):
        sx, sy = touch["spos"]  # type: ignore[misc]
        assert abs(sx - x / 799) < 0.05 and abs(sy - (1 - y / 479)) < 0.05, (x, y, touch)
    road = "mouse" if video == "x11" else node.name  # SDL's pointer under a desktop; Kivy's mtdev on the console
    assert {touch["touch"] for touch in got} == {road}
