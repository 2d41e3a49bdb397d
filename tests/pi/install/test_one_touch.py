"""One touch, one event: the kiosk as the unit starts it runs one input provider, SDL's pointer.

Kivy's Linux default (kept whenever its config file is not read, as on the wall) adds
``probesysfs`` beside the ``mouse`` provider: it finds every multitouch screen under
/sys/class/input and opens it through mtdev, while SDL reads the same screen and turns
each finger into a press. The test gives the kiosk a touch screen to find: a private
mount namespace with a touch screen's sysfs entry (ABS_MT_POSITION_X and Y), then reads
the providers the running kiosk holds (``EventLoop.input_providers``), not the config.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.pi.install.unit import KioskUnit, service_unit
from tests.pi.install.as_the_unit import read_report, start_as_the_unit
from tests.pi.install.kiosk_process import NotifySocket
from tests.waiting import HANG_S, wait_until

CHOICE_KIOSK = Path(sys.executable).parent / "choice-kiosk"
ABS_BITS = (0x00, 0x01, 0x2F, 0x35, 0x36, 0x39)  # X, Y, MT slot, MT position X and Y, MT tracking id
# Kivy's SDL window always adds this one; it is fed SDL's finger events only on iOS and
# Android (kivy/core/window/window_sdl2.py drops them on Linux), so it reads no device here.
SDL_FINGERS = ["kivy.core.window.window_sdl2", "SDL2MotionEventProvider", "sdl"]
SDL_POINTER = ["kivy.input.providers.mouse", "MouseMotionEventProvider", "mouse"]
FAKE_TOUCHSCREEN = f"""
mount -t tmpfs tmpfs /sys/class/input
mkdir -p /sys/class/input/event0/device/capabilities
echo 'Choice Kiosk test touch screen' > /sys/class/input/event0/device/name
echo '{sum(1 << bit for bit in ABS_BITS):x}' > /sys/class/input/event0/device/capabilities/abs
exec "$@"
"""


def _namespace_with_a_touchscreen() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare (util-linux) to give the kiosk a touch screen of its own")
    prefix = [unshare, "--mount"] if os.geteuid() == 0 else [unshare, "--mount", "--map-root-user"]
    probe = subprocess.run([*prefix, "sh", "-c", FAKE_TOUCHSCREEN, "sh", "cat",
                            "/sys/class/input/event0/device/name"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here ({probe.stderr.strip()}): run as root, as CI does")
    return [*prefix, "sh", "-c", FAKE_TOUCHSCREEN, "sh"]


def test_the_kiosk_reads_a_touch_screen_through_one_provider_only(tmp_path):
    prefix = _namespace_with_a_touchscreen()
    home = tmp_path / "home"
    home.mkdir()
    text = service_unit(KioskUnit(getpass.getuser(), CHOICE_KIOSK, home / "data"))
    notify = NotifySocket(tmp_path / "notify")
    report = tmp_path / "report.jsonl"
    log = tmp_path / "journal.log"
    with log.open("w") as stderr:
        process = start_as_the_unit(text, home, notify, stderr, report=report, prefix=prefix)
        try:
            notify.wait_for(lambda m: m.startswith("READY=1"), timeout=HANG_S * 4)
            assert wait_until(lambda: len(read_report(report)) > 0), log.read_text()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=HANG_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            notify.close()
    providers = read_report(report)[0]["providers"]
    readers = [p for p in providers if p != SDL_FINGERS]
    assert readers == [SDL_POINTER], f"input providers reading the touch screen: {readers}"
    assert process.returncode == 0, log.read_text()
