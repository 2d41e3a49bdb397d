"""Badge readers behind one small interface: ``start(on_scan, on_status)`` / ``stop()``.

Serial readers (RDM6300, ID-12LA/ID-20LA, line readers) run on pyserial threads and
reconnect by themselves; the keyboard-wedge detector is pure logic the app binds to
its keyboard; the simulated reader serves the demo. Nothing here imports Kivy or the
screens, and the core (``kiosk``) never imports this package.
"""

from __future__ import annotations

from device.errors import (
    BadgeFrameError,
    BadgeReaderError,
    FrameErrorKind,
    ReaderPortError,
    ReaderSettingsError,
)
from device.frames import FrameFormat, make_decoder, parse_frame_format
from device.keyboard_wedge import WedgeDetector, WedgeResult
from device.ports import SerialPortInfo, list_serial_ports, open_serial_port
from device.reader import BadgeReader, ReaderStatus, ScanCallback, StatusCallback
from device.reconnect import ReconnectPolicy
from device.repeat_filter import RepeatFilter
from device.serial_reader import ReaderStats, SerialBadgeReader
from device.simulated import SimulatedReader

__all__ = [
    "BadgeFrameError",
    "BadgeReader",
    "BadgeReaderError",
    "FrameErrorKind",
    "FrameFormat",
    "ReaderPortError",
    "ReaderSettingsError",
    "ReaderStats",
    "ReaderStatus",
    "ReconnectPolicy",
    "RepeatFilter",
    "ScanCallback",
    "SerialBadgeReader",
    "SerialPortInfo",
    "SimulatedReader",
    "StatusCallback",
    "WedgeDetector",
    "WedgeResult",
    "list_serial_ports",
    "make_decoder",
    "open_serial_port",
    "parse_frame_format",
]
