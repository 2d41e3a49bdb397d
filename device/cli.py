"""``choice-kiosk readers`` and ``choice-kiosk reader-test``: set up a badge reader.

``register(sub)`` adds both commands to the kiosk's argparse sub-commands; the kiosk
CLI finds it through the ``choice_kiosk.commands`` entry point group, because the core
may not import ``device``. ``python -m device.cli`` runs the same commands alone.
Messages are for the technician at the kiosk and say what to do next.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from typing import TextIO

from device.errors import BadgeFrameError, ReaderPortError
from device.frames import FrameFormat
from device.ports import SerialPortInfo, list_serial_ports, open_serial_port
from device.reader import ReaderStatus
from device.serial_reader import SerialBadgeReader

__all__ = ["main", "print_ports", "register", "run_reader_test", "run_readers"]

_NO_PORTS = (
    "No serial ports found. Plug in the badge reader's USB adapter, or on a Raspberry Pi "
    "enable the GPIO serial port (sudo raspi-config: Interface Options, Serial Port: "
    "login shell No, hardware Yes; then reboot). Keyboard-style USB readers are not "
    "serial ports and need no set-up."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # argparse has no public type
    """Add ``readers`` and ``reader-test`` to a sub-command parser; handlers return the exit code."""
    readers = sub.add_parser("readers", help="list serial ports for badge readers, with stable names")
    readers.set_defaults(handler=lambda args: run_readers())

    test = sub.add_parser("reader-test", help="show each badge scan from a serial reader until Ctrl-C")
    test.add_argument("--port", required=True, help="e.g. /dev/serial/by-id/usb-... or /dev/serial0")
    test.add_argument(
        "--format", dest="frame_format", choices=[f.value for f in FrameFormat], default="rdm6300",
        help="what the reader sends (default rdm6300)",
    )
    test.add_argument("--baud", type=_positive_int, default=None, help="baud rate (default 9600)")
    test.add_argument(
        "--gap", type=_non_negative_float, default=2.0,
        help="seconds a card must be away before it counts again (default 2)",
    )
    test.set_defaults(
        handler=lambda args: run_reader_test(
            args.port, args.frame_format, baudrate=args.baud, gap=args.gap
        )
    )


def print_ports(ports: Sequence[SerialPortInfo], out: TextIO) -> None:
    """One block per port: the name to use, then the device and what it is."""
    if not ports:
        print(_NO_PORTS, file=out)
        return
    for port in ports:
        print(port.best_name, file=out)
        about = ", ".join(part for part in (port.description, port.hwid) if part) or "no description"
        print(f"    device {port.device}: {about}", file=out)
        for other in port.stable_names[1:]:
            print(f"    also {other}", file=out)
    print("Use the first line of a port with: choice-kiosk reader-test --port NAME", file=out)


def run_readers(out: TextIO | None = None) -> int:
    """List the serial ports; always succeeds (an empty list explains what to check)."""
    print_ports(list_serial_ports(), out or sys.stdout)
    return 0


def run_reader_test(
    port: str,
    frame_format: FrameFormat | str = FrameFormat.RDM6300,
    *,
    baudrate: int | None = None,
    gap: float = 2.0,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Print every scan and frame error live until Ctrl-C (or ``stop``); 2 if the port fails."""
    out, err = out or sys.stdout, err or sys.stderr
    lock = threading.Lock()
    counts = {"scans": 0, "errors": 0}

    def say(text: str) -> None:
        with lock:
            print(text, file=out, flush=True)

    def on_scan(badge: str) -> None:
        counts["scans"] += 1
        say(f"scan {counts['scans']}: {badge}    (frame errors so far: {counts['errors']})")

    def on_error(error: BadgeFrameError) -> None:
        counts["errors"] += 1
        say(f"frame error: {error.message} [{error.detail}]    (frame errors so far: {counts['errors']})")

    def on_status(status: ReaderStatus) -> None:
        say(f"reader online: {port}" if status.online else f"reader offline: {status.detail}")

    reader = SerialBadgeReader(port, frame_format, baudrate=baudrate, gap=gap, on_frame_error=on_error)
    try:
        open_serial_port(port, reader.baudrate).close()
    except ReaderPortError as error:
        print(f"choice-kiosk: {error}", file=err, flush=True)
        return 2
    say(
        f"Listening to {port}: {reader.frame_format.value} frames at {reader.baudrate} baud; "
        f"a card held on the reader counts once (gap {gap:g} s). Press Ctrl-C to stop."
    )
    stop = stop or threading.Event()
    reader.start(on_scan, on_status)
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        reader.stop()
    say(f"Stopped: {counts['scans']} scans, {counts['errors']} frame errors.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m device.cli readers`` / ``reader-test ...`` without the kiosk CLI."""
    parser = argparse.ArgumentParser(prog="choice-kiosk", description=__doc__.splitlines()[0])
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"the baud rate must be a whole number above 0, not {text!r}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"the gap must be a number of seconds, 0 or more, not {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
