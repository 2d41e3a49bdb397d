"""pyserial ``serial.threaded`` protocols, one per frame format.

A protocol lives for one connection: ``connection_made`` starts a fresh decoder,
``data_received`` feeds it whatever chunk the port gave, and ``connection_lost`` tells
the owner (the supervisor in ``serial_reader``) that the port went away. The protocol
never raises into the reader thread and never calls the UI: it hands ids and frame
errors to a ``FrameSink``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar, Protocol, Self

import serial.threaded

from device.errors import BadgeFrameError
from device.frames import FrameDecoder, FrameFormat, make_decoder, parse_frame_format

__all__ = [
    "BadgeFrameProtocol",
    "FrameSink",
    "Id12Protocol",
    "LineProtocol",
    "Rdm6300Protocol",
    "protocol_class",
]


class FrameSink(Protocol):
    """Where a protocol delivers what it decoded (called on the reader thread)."""

    def badge_read(self, badge: str) -> None: ...

    def frame_error(self, error: BadgeFrameError) -> None: ...

    def connection_lost(self, exc: BaseException | None) -> None: ...


class BadgeFrameProtocol(serial.threaded.Protocol):
    """Decodes one frame format from a serial connection into a ``FrameSink``."""

    frame_format: ClassVar[FrameFormat]

    def __init__(
        self,
        sink: FrameSink,
        clock: Callable[[], float] = time.monotonic,
        stale_after: float = 0.5,
    ) -> None:
        self.sink = sink
        self.transport: serial.threaded.ReaderThread[Self] | None = None
        self._clock = clock
        self._stale_after = stale_after
        self._decoder: FrameDecoder = make_decoder(self.frame_format, stale_after)

    def connection_made(self, transport: serial.threaded.ReaderThread[Self]) -> None:
        self.transport = transport
        self._decoder = make_decoder(self.frame_format, self._stale_after)

    def data_received(self, data: bytes) -> None:
        for item in self._decoder.feed(bytes(data), self._clock()).items:
            if isinstance(item, BadgeFrameError):
                self.sink.frame_error(item)
            else:
                self.sink.badge_read(item)

    def connection_lost(self, exc: BaseException | None) -> None:
        self.transport = None
        self.sink.connection_lost(exc)


class Rdm6300Protocol(BadgeFrameProtocol):
    """RDM6300 family: STX, 10 hex, 2 hex checksum, ETX."""

    frame_format = FrameFormat.RDM6300


class Id12Protocol(BadgeFrameProtocol):
    """ID-12LA / ID-20LA in ASCII mode: STX, 10 hex, 2 hex checksum, CR, LF, ETX."""

    frame_format = FrameFormat.ID12


class LineProtocol(BadgeFrameProtocol):
    """Readers that send the card number followed by CR and/or LF."""

    frame_format = FrameFormat.LINE


def protocol_class(frame_format: FrameFormat | str) -> type[BadgeFrameProtocol]:
    """The protocol class for a format name."""
    chosen = parse_frame_format(frame_format)
    return next(p for p in (Rdm6300Protocol, Id12Protocol, LineProtocol) if p.frame_format is chosen)
