"""Finding and opening the serial port of a badge reader.

USB adapters change name (``ttyUSB0`` becomes ``ttyUSB1`` after a replug while the old
one is still open), so settings should use the stable names udev makes:
``/dev/serial/by-id/...`` (the adapter itself) or ``/dev/serial/by-path/...`` (the
USB socket), and ``/dev/serial0`` for the Pi's GPIO serial port. Ports are always
opened exclusively, so two programs never share one reader.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import serial
import serial.tools.list_ports

from device.errors import port_error

__all__ = ["SerialPortInfo", "list_serial_ports", "open_serial_port", "stable_port_names"]


class _PortListing(Protocol):
    device: str
    description: str
    hwid: str


@dataclass(frozen=True)
class SerialPortInfo:
    """A serial port, its stable names (best first) and what the system says it is."""

    device: str
    stable_names: tuple[str, ...]
    description: str
    hwid: str

    @property
    def best_name(self) -> str:
        """The name to put in the settings: stable if there is one."""
        return self.stable_names[0] if self.stable_names else self.device


def stable_port_names(dev_dir: Path = Path("/dev")) -> dict[str, tuple[str, ...]]:
    """Map each real device path to its stable names: by-id, then by-path, then serialN."""
    links: list[Path] = []
    for folder in ("serial/by-id", "serial/by-path"):
        if (dev_dir / folder).is_dir():
            links += sorted((dev_dir / folder).iterdir())
    links += sorted(dev_dir.glob("serial[0-9]"))
    names: dict[str, list[str]] = {}
    for link in links:
        if link.is_symlink() and link.exists():
            names.setdefault(os.path.realpath(link), []).append(str(link))
    return {device: tuple(found) for device, found in names.items()}


def list_serial_ports(
    *,
    dev_dir: Path = Path("/dev"),
    comports: Callable[[], Iterable[_PortListing]] = serial.tools.list_ports.comports,
) -> list[SerialPortInfo]:
    """Every serial port pyserial sees, plus any port only reachable by a stable name."""
    aliases = stable_port_names(dev_dir)
    ports: dict[str, SerialPortInfo] = {}
    for listing in comports():
        real = os.path.realpath(listing.device)
        ports[real] = SerialPortInfo(
            listing.device, aliases.get(real, ()), _known(listing.description), _known(listing.hwid)
        )
    for real, names in aliases.items():
        ports.setdefault(real, SerialPortInfo(real, names, "", ""))
    return sorted(ports.values(), key=lambda port: (not port.stable_names, port.best_name))


def open_serial_port(port: str, baudrate: int = 9600) -> serial.SerialBase:
    """Open ``port`` (a path or a pyserial URL such as ``loop://``) for exclusive reading.

    Raises ``ReaderPortError`` with a message saying what to do.
    """
    try:
        return serial.serial_for_url(port, baudrate=baudrate, exclusive=True, timeout=None)
    except Exception as exc:  # whatever the driver raises, the port did not open
        raise port_error(port, exc) from exc


def _known(text: str | None) -> str:
    return "" if text in (None, "n/a") else str(text)
