"""Turning the bytes a badge reader sends into badge ids, whatever the chunking.

Pure decoders, no serial port: ``feed(data)`` may be called with any split of the
stream (a frame across several reads, junk before a start byte, a frame cut short by a
card moving away) and returns only ids of frames that are whole and valid, plus a
``BadgeFrameError`` per rejected frame or run of stray bytes. A partial frame older than
``stale_after`` seconds is dropped, so bytes from two different moments never join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import reduce
from operator import xor
from typing import Protocol

from device.errors import BadgeFrameError, FrameErrorKind, ReaderSettingsError

__all__ = [
    "Decoded",
    "FrameDecoder",
    "FrameFormat",
    "HexFrameDecoder",
    "LineDecoder",
    "make_decoder",
    "parse_frame_format",
]

_STX = 0x02
_HEX = frozenset(b"0123456789ABCDEFabcdef")
_LINE_ENDS = re.compile(rb"[\r\n]")


class FrameFormat(str, Enum):
    """The byte formats readers send; the value is the name used in settings and the CLI."""

    RDM6300 = "rdm6300"
    ID12 = "id12"
    LINE = "line"

    @property
    def default_baudrate(self) -> int:
        """RDM6300 and ID-12LA/ID-20LA talk at 9600 baud; so do most line readers."""
        return 9600


def parse_frame_format(name: str | FrameFormat) -> FrameFormat:
    """``FrameFormat`` from its name, or a ``ReaderSettingsError`` naming the choices."""
    try:
        return FrameFormat(name)
    except ValueError:
        choices = ", ".join(f.value for f in FrameFormat)
        raise ReaderSettingsError(
            f"Unknown badge reader format {name!r}; choose one of {choices}."
        ) from None


@dataclass
class Decoded:
    """What one ``feed`` produced: badge ids and frame errors, in stream order."""

    items: list[str | BadgeFrameError] = field(default_factory=list)

    @property
    def badges(self) -> list[str]:
        return [item for item in self.items if isinstance(item, str)]

    @property
    def errors(self) -> list[BadgeFrameError]:
        return [item for item in self.items if isinstance(item, BadgeFrameError)]


class FrameDecoder(Protocol):
    frame_format: FrameFormat

    def feed(self, data: bytes, at: float | None = None) -> Decoded:
        """Take the next bytes (received at monotonic time ``at``); return what completed."""


class _BufferedDecoder:
    """What both decoders share: a byte buffer that a pause in the stream cuts short.

    ``_skipping`` is true while bytes are being thrown away until the next frame can
    start; a pause longer than ``stale_after`` ends a half-received frame as an error.
    """

    frame_format: FrameFormat

    def __init__(self, stale_after: float) -> None:
        self._stale_after = stale_after
        self._buffer = bytearray()
        self._last_at: float | None = None
        self._skipping = False

    def _take(self, data: bytes, at: float | None) -> Decoded:
        """Add ``data`` to the buffer; report a frame cut short by a pause first."""
        out = Decoded()
        if _is_stale(self._last_at, at, self._stale_after):
            if self._buffer:
                out.items.append(self._error(FrameErrorKind.CUT_SHORT, bytes(self._buffer)))
            self._buffer.clear()
            self._skipping = False
        if at is not None:
            self._last_at = at
        self._buffer += data
        return out

    def _error(self, kind: FrameErrorKind, raw: bytes) -> BadgeFrameError:
        return BadgeFrameError(kind, raw, self.frame_format.value)


class HexFrameDecoder(_BufferedDecoder):
    """STX, 10 hex characters, 2 hex checksum characters (XOR of the 5 bytes), a trailer.

    RDM6300: the trailer is ETX. ID-12LA / ID-20LA (ASCII): CR, LF, ETX.
    """

    def __init__(self, frame_format: FrameFormat, trailer: bytes, stale_after: float = 0.5) -> None:
        super().__init__(stale_after)
        self.frame_format = frame_format
        self._trailer = trailer
        self._length = 13 + len(trailer)

    def feed(self, data: bytes, at: float | None = None) -> Decoded:
        out = self._take(data, at)
        self._drain(out)
        return out

    def _drain(self, out: Decoded) -> None:
        buffer = self._buffer
        while buffer:
            if buffer[0] != _STX:
                start = buffer.find(_STX)
                end = len(buffer) if start < 0 else start
                if not self._skipping:
                    out.items.append(self._error(FrameErrorKind.NOISE, bytes(buffer[:end])))
                    self._skipping = True
                del buffer[:end]
                continue
            self._skipping = False
            problem = self._first_problem(buffer)
            if problem is not None:
                kind, index = problem
                raw = bytes(buffer[:index] if kind is FrameErrorKind.CUT_SHORT else buffer[: index + 1])
                out.items.append(self._error(kind, raw))
                del buffer[:index]
                self._skipping = True
                continue
            if len(buffer) < self._length:
                return
            frame = bytes(buffer[: self._length])
            del buffer[: self._length]
            badge = _checked_id(frame[1:11], frame[11:13])
            if badge is None:
                out.items.append(self._error(FrameErrorKind.BAD_CHECKSUM, frame))
            else:
                out.items.append(badge)

    def _first_problem(self, buffer: bytearray) -> tuple[FrameErrorKind, int] | None:
        for index in range(1, min(len(buffer), self._length)):
            byte = buffer[index]
            if byte == _STX:
                return FrameErrorKind.CUT_SHORT, index
            if index <= 12:
                if byte not in _HEX:
                    return FrameErrorKind.BAD_CHARACTER, index
            elif byte != self._trailer[index - 13]:
                return FrameErrorKind.BAD_END, index
        return None


class LineDecoder(_BufferedDecoder):
    """A card number (letters and digits) ended by CR and/or LF; empty lines are skipped."""

    frame_format = FrameFormat.LINE

    def __init__(self, min_length: int = 4, max_length: int = 32, stale_after: float = 0.5) -> None:
        super().__init__(stale_after)
        self._card = re.compile(rb"[0-9A-Za-z]{%d,%d}" % (min_length, max_length))
        self._max_length = max_length

    def feed(self, data: bytes, at: float | None = None) -> Decoded:
        out = self._take(data, at)
        while (end := _LINE_ENDS.search(self._buffer)) is not None:
            line = bytes(self._buffer[: end.start()])
            del self._buffer[: end.end()]
            if self._skipping:
                self._skipping = False
            elif self._card.fullmatch(line):
                out.items.append(line.decode("ascii").upper())
            elif line:
                out.items.append(self._error(_line_problem(line), line))
        if len(self._buffer) > self._max_length:
            if not self._skipping:
                out.items.append(self._error(FrameErrorKind.WRONG_LENGTH, bytes(self._buffer)))
            self._skipping = True
            self._buffer.clear()
        return out


def make_decoder(frame_format: FrameFormat | str, stale_after: float = 0.5) -> FrameDecoder:
    """A fresh decoder for ``frame_format`` (one per connection)."""
    chosen = parse_frame_format(frame_format)
    if chosen is FrameFormat.RDM6300:
        return HexFrameDecoder(chosen, b"\x03", stale_after)
    if chosen is FrameFormat.ID12:
        return HexFrameDecoder(chosen, b"\r\n\x03", stale_after)
    return LineDecoder(stale_after=stale_after)


def _line_problem(line: bytes) -> FrameErrorKind:
    if re.search(rb"[^0-9A-Za-z]", line):
        return FrameErrorKind.BAD_CHARACTER
    return FrameErrorKind.WRONG_LENGTH


def _is_stale(last_at: float | None, at: float | None, stale_after: float) -> bool:
    return last_at is not None and at is not None and at - last_at > stale_after


def _checked_id(body: bytes, checksum: bytes) -> str | None:
    """The id if the XOR of the 5 bytes in ``body`` equals ``checksum``, else ``None``."""
    if reduce(xor, bytes.fromhex(body.decode("ascii"))) != int(checksum, 16):
        return None
    return body.decode("ascii").upper()
