"""A virtual multitouch screen made through the kernel's uinput device (no library needed).

The kernel then offers it like the Pi's own touch screen: a /dev/input/event* node with
INPUT_PROP_DIRECT, BTN_TOUCH, ABS_X/Y and the multitouch protocol B axes, which udev
marks as a touch screen and SDL reads on the console. Constants from linux/input.h,
linux/input-event-codes.h and linux/uinput.h.
"""

from __future__ import annotations

import fcntl
import os
import struct
import time
from pathlib import Path

__all__ = ["EVENT", "UINPUT", "USER_DEV", "VirtualTouchscreen", "tap_events", "user_dev"]

UINPUT = Path("/dev/uinput")
EV_SYN, EV_KEY, EV_ABS = 0x00, 0x01, 0x03
SYN_REPORT = 0
BTN_TOUCH = 0x14A
ABS_X, ABS_Y = 0x00, 0x01
ABS_MT_SLOT, ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_TRACKING_ID = 0x2F, 0x35, 0x36, 0x39
ABS_CNT = 0x40
INPUT_PROP_DIRECT = 0x01
BUS_VIRTUAL = 0x06


def _iow(number: int) -> int:
    """``_IOW('U', number, int)`` as the generic ioctl encoding (arm64 and x86 alike) makes it."""
    return (1 << 30) | (struct.calcsize("i") << 16) | (ord("U") << 8) | number


UI_DEV_CREATE = (ord("U") << 8) | 1
UI_DEV_DESTROY = (ord("U") << 8) | 2
UI_SET_EVBIT, UI_SET_KEYBIT, UI_SET_ABSBIT, UI_SET_PROPBIT = _iow(100), _iow(101), _iow(103), _iow(110)
EVENT = struct.Struct("llHHi")  # struct input_event: a timeval, type, code, value
USER_DEV = struct.Struct(f"80sHHHHI{ABS_CNT * 4}i")


def user_dev(name: str, maxima: dict[int, int]) -> bytes:
    """``struct uinput_user_dev``: name[80], struct input_id, ff_effects_max, absmax, absmin, absfuzz, absflat."""
    absmax = [maxima.get(axis, 0) for axis in range(ABS_CNT)]
    zeros = [0] * ABS_CNT
    return USER_DEV.pack(name.encode()[:79], BUS_VIRTUAL, 0x1209, 0x0001, 1, 0, *absmax, *zeros, *zeros, *zeros)


def tap_events(x: int, y: int, tracking_id: int) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """One finger down at (x, y) then up, as a touch screen's driver reports it (protocol B)."""
    down = [
        (EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, tracking_id),
        (EV_ABS, ABS_MT_POSITION_X, x), (EV_ABS, ABS_MT_POSITION_Y, y),
        (EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, x), (EV_ABS, ABS_Y, y), (EV_SYN, SYN_REPORT, 0),
    ]
    up = [(EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0), (EV_SYN, SYN_REPORT, 0)]
    return down, up


class VirtualTouchscreen:
    """A touch screen of ``width`` x ``height`` points that exists while the object is open."""

    def __init__(self, name: str, width: int = 800, height: int = 480) -> None:
        self.name, self.width, self.height = name, width, height
        self._fd = os.open(UINPUT, os.O_WRONLY | os.O_NONBLOCK)
        self._ids = 0
        try:
            self._create()
        except OSError:
            os.close(self._fd)
            raise

    def _create(self) -> None:
        fcntl.ioctl(self._fd, UI_SET_PROPBIT, INPUT_PROP_DIRECT)
        for kind in (EV_SYN, EV_KEY, EV_ABS):
            fcntl.ioctl(self._fd, UI_SET_EVBIT, kind)
        fcntl.ioctl(self._fd, UI_SET_KEYBIT, BTN_TOUCH)
        maxima = {ABS_X: self.width - 1, ABS_Y: self.height - 1, ABS_MT_SLOT: 9,
                  ABS_MT_POSITION_X: self.width - 1, ABS_MT_POSITION_Y: self.height - 1, ABS_MT_TRACKING_ID: 65535}
        for axis in maxima:
            fcntl.ioctl(self._fd, UI_SET_ABSBIT, axis)
        os.write(self._fd, user_dev(self.name, maxima))
        fcntl.ioctl(self._fd, UI_DEV_CREATE)

    def event_node(self) -> Path | None:
        """/dev/input/eventN of this screen, once the kernel (and udev) made it."""
        for entry in Path("/sys/class/input").glob("event*"):
            try:
                name = (entry / "device" / "name").read_text().strip()
            except OSError:
                continue
            node = Path("/dev/input") / entry.name
            if name == self.name and node.exists():
                return node
        return None

    def _send(self, events: list[tuple[int, int, int]]) -> None:
        now = time.time()
        seconds, micro = int(now), int((now % 1) * 1_000_000)
        os.write(self._fd, b"".join(EVENT.pack(seconds, micro, kind, code, value) for kind, code, value in events))

    def tap(self, x: int, y: int, hold_s: float = 0.06) -> None:
        """One finger on (x, y) for ``hold_s``, then lifted."""
        self._ids += 1
        down, up = tap_events(x, y, self._ids)
        self._send(down)
        time.sleep(hold_s)
        self._send(up)

    def close(self) -> None:
        try:
            fcntl.ioctl(self._fd, UI_DEV_DESTROY)
        finally:
            os.close(self._fd)
