"""Frames built by hand (independently of ``device.frames``), pty "devices" and a callback recorder."""

from __future__ import annotations

import os
import re
import threading
import tty
from collections.abc import Callable
from functools import reduce
from operator import xor
from pathlib import Path

from device.reader import ReaderStatus

HEX_FRAMES = {
    "rdm6300": re.compile(rb"\x02([0-9A-Fa-f]{10})([0-9A-Fa-f]{2})\x03"),
    "id12": re.compile(rb"\x02([0-9A-Fa-f]{10})([0-9A-Fa-f]{2})\r\n\x03"),
}
CARD_LINE = re.compile(rb"[0-9A-Za-z]{4,32}")


def checksum(badge: str) -> str:
    return f"{reduce(xor, bytes.fromhex(badge)):02X}"


def rdm6300_frame(badge: str, check: str | None = None) -> bytes:
    return b"\x02" + badge.encode() + (check or checksum(badge)).encode() + b"\x03"


def id12_frame(badge: str, check: str | None = None) -> bytes:
    return b"\x02" + badge.encode() + (check or checksum(badge)).encode() + b"\r\n\x03"


def line_frame(number: str, end: bytes = b"\r\n") -> bytes:
    return number.encode() + end


def frame_for(frame_format: str, badge: str) -> bytes:
    return {"rdm6300": rdm6300_frame, "id12": id12_frame, "line": line_frame}[frame_format](badge)


def oracle(frame_format: str, stream: bytes) -> list[str]:
    """The ids of the whole valid frames in ``stream``, in order: the test's own regex parser."""
    if frame_format == "line":
        segments = re.split(rb"[\r\n]", stream)[:-1]
        return [s.decode().upper() for s in segments if CARD_LINE.fullmatch(s)]
    found = []
    for match in HEX_FRAMES[frame_format].finditer(stream):
        body, check = match.groups()
        if reduce(xor, bytes.fromhex(body.decode())) == int(check, 16):
            found.append(body.decode().upper())
    return found


class PtyDevice:
    """A pseudo-terminal: the test writes to the master as a reader's UART would; the slave is the port."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.plugged = True

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view):]

    def unplug(self) -> None:
        """Close both ends: reads on the port then fail, as after a USB unplug."""
        if self.plugged:
            self.plugged = False
            os.close(self.master)
            os.close(self._slave)


class StablePort:
    """A stable by-id style name that udev would create on plug-in and remove on unplug."""

    def __init__(self, root: Path, name: str = "usb-Test_RDM6300_0001-if00-port0") -> None:
        self.link = root / "serial" / "by-id" / name
        self.link.parent.mkdir(parents=True, exist_ok=True)
        self.device: PtyDevice | None = None

    def plug_in(self) -> None:
        self.device = PtyDevice()
        staging = self.link.with_name(self.link.name + ".new")
        staging.unlink(missing_ok=True)
        os.symlink(self.device.path, staging)
        os.replace(staging, self.link)

    def unplug(self) -> None:
        self.link.unlink(missing_ok=True)
        if self.device is not None:
            self.device.unplug()

    def write(self, data: bytes) -> None:
        assert self.device is not None
        self.device.write(data)


class Recorder:
    """Collects scans, statuses and frame errors from reader threads; waits with a bound."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.scans: list[str] = []
        self.statuses: list[ReaderStatus] = []
        self.errors: list[object] = []

    def on_scan(self, badge: str) -> None:
        with self._changed:
            self.scans.append(badge)
            self._changed.notify_all()

    def on_status(self, status: ReaderStatus) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def on_frame_error(self, error: object) -> None:
        with self._changed:
            self.errors.append(error)
            self._changed.notify_all()

    @property
    def online(self) -> bool | None:
        return self.statuses[-1].online if self.statuses else None

    def wait_for(self, condition: Callable[[Recorder], bool], timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: condition(self), timeout)

    def wait_online(self, online: bool = True, timeout: float = 5.0) -> bool:
        return self.wait_for(lambda r: r.online is online, timeout)

    def wait_scans(self, count: int, timeout: float = 5.0) -> bool:
        return self.wait_for(lambda r: len(r.scans) >= count, timeout)
