"""One touch, one event: the running kiosk has exactly one input provider reading the touch screen.

Kivy's Linux default (kept whenever its config file is not read, as on the wall) opens
two roads from a touch screen: ``probesysfs`` (every multitouch screen under
/sys/class/input, read through mtdev) and the ``mouse`` provider (SDL's pointer, which
carries touches whenever SDL turns them into presses). ``screens.shared.touch_input``
keeps one per display. The tests give the kiosk a touch screen to find (a private mount
namespace with a touch screen's sysfs entry: ABS_MT_POSITION_X and Y), start it as the Pi
starts it, and read the providers the running process holds (``EventLoop.input_providers``).
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.pi.install.unit import KioskUnit, service_unit
from screens.shared.touch_input import POINTER, TOUCH_SCREENS, has_display_server, touch_input
from tests.pi.install.as_the_unit import read_report, start_as_the_unit
from tests.pi.install.kiosk_process import NotifySocket
from tests.waiting import HANG_S, wait_until

CHOICE_KIOSK = Path(sys.executable).parent / "choice-kiosk"
ABS_BITS = (0x00, 0x01, 0x2F, 0x35, 0x36, 0x39)  # X, Y, MT slot, MT position X and Y, MT tracking id
# Kivy's SDL window always adds this one; it is fed SDL's finger events only on iOS and
# Android (kivy/core/window/window_sdl2.py drops them on Linux), so it reads no device here.
SDL_FINGERS = ["kivy.core.window.window_sdl2", "SDL2MotionEventProvider", "sdl"]
SDL_POINTER = ["kivy.input.providers.mouse", "MouseMotionEventProvider", "mouse"]
MTDEV = ["kivy.input.providers.mtdev", "MTDMotionEventProvider", "event0"]
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


def test_which_road_follows_the_display_server_sdl_will_use():
    assert not has_display_server({"SDL_VIDEODRIVER": "kmsdrm", "DISPLAY": ":0"})  # the unit's console
    assert not has_display_server({"SDL_VIDEODRIVER": "offscreen"}) and not has_display_server({})
    assert has_display_server({"SDL_VIDEODRIVER": "x11"}) and has_display_server({"DISPLAY": ":0"})
    assert has_display_server({"WAYLAND_DISPLAY": "wayland-0"})
    console, desktop = touch_input({}, "linux"), touch_input({"DISPLAY": ":0"}, "linux")
    assert console.providers == {"mouse": POINTER, "%(name)s": TOUCH_SCREENS}
    assert console.sdl_hints == {"SDL_TOUCH_MOUSE_EVENTS": "0"}
    assert desktop.providers == {"mouse": POINTER} and desktop.sdl_hints == {"SDL_TOUCH_MOUSE_EVENTS": "1"}
    assert touch_input({}, "win32").providers is None, "Kivy's own defaults stay on Windows and macOS"


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A display of the Pi's screen size, for the desktop road (X11)."""
    server = shutil.which("Xvfb")
    if server is None:
        pytest.fail("Xvfb is missing: apt-get install xvfb (see .ci/run)")
    read_end, write_end = os.pipe()
    process = subprocess.Popen([server, "-displayfd", str(write_end), "-screen", "0", "800x480x24", "-nolisten", "tcp"],
                               pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        display = answer.readline().strip()
    try:
        assert display, "Xvfb chose no display"
        yield f":{display}"
    finally:
        process.terminate()
        process.wait()


def _providers_of(process: subprocess.Popen[str], report: Path, notify: NotifySocket, log: Path) -> dict[str, object]:
    """The first report line of the running kiosk, after stopping it cleanly."""
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
    assert process.returncode == 0, log.read_text()
    return read_report(report)[0]


def test_on_the_console_kivy_reads_the_touch_screen_and_sdls_pointer_only_a_mouse(tmp_path):
    prefix = _namespace_with_a_touchscreen()
    home = tmp_path / "home"
    home.mkdir()
    text = service_unit(KioskUnit(getpass.getuser(), CHOICE_KIOSK, home / "data"))
    notify = NotifySocket(tmp_path / "notify")
    report = tmp_path / "report.jsonl"
    log = tmp_path / "journal.log"
    with log.open("w") as stderr:
        process = start_as_the_unit(text, home, notify, stderr, report=report, prefix=prefix)
        first = _providers_of(process, report, notify, log)
    providers = [p for p in first["providers"] if p != SDL_FINGERS]  # type: ignore[attr-defined]
    assert providers == [SDL_POINTER, MTDEV], providers
    assert first["SDL_TOUCH_MOUSE_EVENTS"] == "0", "SDL's pointer would carry every touch a second time"


def test_under_a_desktop_sdls_pointer_is_the_only_road(tmp_path, xvfb):
    """The README's desktop command: ``SDL_VIDEODRIVER=x11 choice-kiosk run --fullscreen --kiosk``."""
    prefix = _namespace_with_a_touchscreen()
    home = tmp_path / "home"
    home.mkdir()
    notify = NotifySocket(tmp_path / "notify")
    report = tmp_path / "report.jsonl"
    log = tmp_path / "kiosk.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_", "XDG_", "SDL_"))}
    env.update(HOME=str(home), DISPLAY=xvfb, SDL_VIDEODRIVER="x11", NOTIFY_SOCKET=str(notify.path),
               PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    command = [sys.executable, "-m", "tests.pi.install.unit_kiosk", str(report), "run", "--fullscreen", "--kiosk",
               "--no-advertise", "--sync-port", "0"]
    with log.open("w") as stderr:
        process = subprocess.Popen([*prefix, *command], cwd=home, env=env, stdout=stderr, stderr=stderr, text=True)
        first = _providers_of(process, report, notify, log)
    providers = [p for p in first["providers"] if p != SDL_FINGERS]  # type: ignore[attr-defined]
    assert providers == [SDL_POINTER], providers
    assert first["SDL_TOUCH_MOUSE_EVENTS"] == "1", "the display server's touches reach Kivy as SDL's pointer presses"
