"""What can go wrong with a badge reader, in words a teacher or technician can act on.

Port problems (missing, not allowed, in use, not a serial port, unplugged) are
``ReaderPortError``; a frame that fails to decode is a ``BadgeFrameError``. Frame
errors are never raised inside a reader thread: they are counted and handed to a
callback, so a noisy cable never stops the reader. Each error has a stable ``code``
and ``params`` so the app can pass the message through its translation function.
"""

from __future__ import annotations

import errno
from enum import Enum
from types import MappingProxyType

from kiosk.shared.text.errors import KioskError

__all__ = [
    "BadgeFrameError",
    "BadgeReaderError",
    "FrameErrorKind",
    "ReaderPortError",
    "ReaderSettingsError",
    "connection_lost_error",
    "port_error",
]

_LISTS_PORTS = "'choice-kiosk readers' lists the serial ports."


class BadgeReaderError(KioskError):
    """A badge reader problem; ``str(error)`` is the message, ``detail`` is for the log."""

    code = "badge_reader_failed"


class ReaderSettingsError(BadgeReaderError, ValueError):
    """A reader setting (format, baud rate, gap) that cannot work."""

    code = "reader_settings"


class ReaderPortError(BadgeReaderError):
    """The serial port of a reader could not be opened or stopped working."""

    def __init__(self, code: str, message: str, *, port: str, detail: str = "") -> None:
        super().__init__(message, code=code, detail=detail, params={"port": port})
        self.port = port


def port_error(port: str, exc: BaseException) -> ReaderPortError:
    """Turn what pyserial or the OS said when opening ``port`` into an actionable error."""
    detail = f"{type(exc).__name__}: {exc}"
    number = getattr(exc, "errno", None)
    if isinstance(exc, ValueError):
        return ReaderPortError(
            "port_settings", f"The settings for {port} were refused ({exc}); check the baud rate.",
            port=port, detail=detail,
        )
    if number == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return ReaderPortError(
            "port_missing",
            f"No serial port at {port}. Check that the badge reader is plugged in. {_LISTS_PORTS}",
            port=port, detail=detail,
        )
    if number in (errno.EACCES, errno.EPERM):
        return ReaderPortError(
            "port_denied",
            f"The kiosk is not allowed to open {port}. Add its user to the 'dialout' group "
            "(sudo usermod -aG dialout USER), then log out and back in.",
            port=port, detail=detail,
        )
    if number in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EBUSY):
        return ReaderPortError(
            "port_busy",
            f"Another program is using {port} (another kiosk, a reader-test, or a serial "
            "console). Close it and try again.",
            port=port, detail=detail,
        )
    if number == errno.ENOTTY or "configure port" in str(exc):
        return ReaderPortError(
            "port_not_serial",
            f"{port} is not a serial port. {_LISTS_PORTS}",
            port=port, detail=detail,
        )
    return ReaderPortError(
        "port_failed",
        f"The serial port {port} could not be opened ({exc}). {_LISTS_PORTS}",
        port=port, detail=detail,
    )


def connection_lost_error(port: str, exc: BaseException | None) -> ReaderPortError:
    """The reader on ``port`` stopped answering: usually unplugged, or a loose cable."""
    return ReaderPortError(
        "port_lost",
        f"The badge reader on {port} stopped answering (unplugged or a loose cable). "
        "The kiosk reconnects by itself when it is back.",
        port=port,
        detail="" if exc is None else f"{type(exc).__name__}: {exc}",
    )


class FrameErrorKind(Enum):
    """Why bytes from a reader did not make a badge id."""

    BAD_CHECKSUM = "bad_checksum"
    BAD_CHARACTER = "bad_character"
    BAD_END = "bad_end"
    CUT_SHORT = "cut_short"
    NOISE = "noise"
    WRONG_LENGTH = "wrong_length"


_FRAME_MESSAGES = MappingProxyType({
    FrameErrorKind.BAD_CHECKSUM: "A badge frame failed its checksum and was ignored "
    "(a card moved away mid-read, or electrical noise).",
    FrameErrorKind.BAD_CHARACTER: "A badge frame held an unexpected character and was ignored; "
    "if this repeats, check the reader format ({format}) and the baud rate.",
    FrameErrorKind.BAD_END: "A badge frame did not end the way the {format} format does; "
    "if every card does this, choose the other format (rdm6300 or id12).",
    FrameErrorKind.CUT_SHORT: "A badge frame was cut short and was ignored "
    "(a card moved away, or a loose cable).",
    FrameErrorKind.NOISE: "Bytes outside any badge frame were ignored; if this repeats, "
    "check the baud rate (usually 9600) and the reader format ({format}).",
    FrameErrorKind.WRONG_LENGTH: "A line from the reader was too short or too long to be "
    "a badge number and was ignored; check the reader format ({format}).",
})


class BadgeFrameError(BadgeReaderError):
    """Bytes from a reader that were not a valid badge frame; counted, never raised in a reader."""

    def __init__(self, kind: FrameErrorKind, raw: bytes, frame_format: str) -> None:
        super().__init__(
            _FRAME_MESSAGES[kind].format(format=frame_format),
            detail=raw[:40].hex(" "),
            params={"format": frame_format},
            code=f"badge_frame_{kind.value}",
        )
        self.kind = kind
        self.raw = raw
        self.frame_format = frame_format
