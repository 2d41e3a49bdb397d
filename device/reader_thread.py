"""pyserial's ``ReaderThread``, made to notice every kind of unplug.

pyserial's loop catches only ``SerialException``; after a USB unplug ``in_waiting``
raises a plain ``OSError`` (EIO), which would end the thread without
``connection_lost`` and leave the reader silently dead. This loop treats both as a
lost connection, and does not trust ``is_open`` (it stays True after an unplug).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial
import serial.threaded

__all__ = ["GuardedReaderThread"]


class GuardedReaderThread(serial.threaded.ReaderThread):
    """Reads until stopped or until any read error, then calls ``connection_lost`` once."""

    _connection_made: threading.Event  # set by pyserial's __init__; its stubs leave private names out

    def __init__(
        self,
        serial_instance: serial.SerialBase,
        protocol_factory: Callable[[], serial.threaded.Protocol],
        name: str,
    ) -> None:
        # The stubs ask for serial.Serial, but ReaderThread uses only what every SerialBase has,
        # and URL ports (loop:// in the tests, rfc2217://) are other SerialBase classes.
        super().__init__(serial_instance, protocol_factory)  # type: ignore[arg-type]
        self.name = name

    def run(self) -> None:
        if not hasattr(self.serial, "cancel_read"):
            self.serial.timeout = 1
        self.protocol = self.protocol_factory()
        error: BaseException | None = None
        try:
            self.protocol.connection_made(self)
        except Exception as exc:  # reported through connection_lost
            self.alive = False
            error = exc
        # pyserial's connect() and "with" wait on this event; keep them working.
        self._connection_made.set()
        while self.alive:
            try:
                data = self.serial.read(self.serial.in_waiting or 1)
            except (serial.SerialException, OSError) as exc:
                error = exc
                break
            if data:
                try:
                    self.protocol.data_received(data)
                except Exception as exc:  # a decoder bug ends this connection only
                    error = exc
                    break
        self.alive = False
        self.protocol.connection_lost(error)
