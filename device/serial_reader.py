"""A serial badge reader that survives unplugging: a supervisor thread reopens it.

pyserial's ``ReaderThread`` runs one connection and reports its end through
``connection_lost``; reconnecting is ours. The supervisor opens the port, runs a
``GuardedReaderThread`` with the format's protocol, and when the connection ends it
reports "offline", closes the port and tries again with a growing delay capped at
``ReconnectPolicy.max_delay`` (1 s), so a reader is back within about a second of
its device returning. One ``RepeatFilter`` spans reconnects: a card held through a
cable wiggle stays one scan.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import serial

from device.errors import BadgeFrameError, BadgeReaderError, ReaderSettingsError, connection_lost_error
from device.frames import FrameFormat, parse_frame_format
from device.ports import open_serial_port
from device.protocols import protocol_class
from device.reader import ReaderStatus, ScanCallback, StatusCallback
from device.reader_thread import GuardedReaderThread
from device.reconnect import ReconnectPolicy
from device.repeat_filter import RepeatFilter

__all__ = ["ReaderStats", "SerialBadgeReader"]

log = logging.getLogger(__name__)

FrameErrorCallback = Callable[[BadgeFrameError], None]
_Events = queue.Queue[tuple[str, BaseException | None]]
_T = TypeVar("_T")


@dataclass(frozen=True)
class ReaderStats:
    """Counts since ``start``: scans handed out, repeats of a held card, frame errors, ports opened."""

    scans: int = 0
    repeats: int = 0
    frame_errors: int = 0
    connections: int = 0


class SerialBadgeReader:
    """A ``BadgeReader`` on a serial port (RDM6300, ID-12LA/ID-20LA, or a line reader).

    ``port`` may be a device path, a stable ``/dev/serial/by-id/...`` name or a pyserial
    URL. Callbacks run on the reader's threads.
    """

    def __init__(
        self,
        port: str,
        frame_format: FrameFormat | str = FrameFormat.RDM6300,
        *,
        baudrate: int | None = None,
        gap: float = 2.0,
        reconnect: ReconnectPolicy = ReconnectPolicy(),
        on_frame_error: FrameErrorCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
        stale_after: float = 0.5,
    ) -> None:
        self.port = port
        self.frame_format = parse_frame_format(frame_format)
        self.baudrate = self.frame_format.default_baudrate if baudrate is None else baudrate
        if self.baudrate <= 0:
            raise ReaderSettingsError(f"The baud rate must be a positive number, not {baudrate}.")
        self._filter = RepeatFilter(gap)
        self._reconnect = reconnect
        self._on_frame_error = on_frame_error
        self._clock = clock
        self._stale_after = stale_after
        self._lock = threading.Lock()
        self._stats = ReaderStats()
        self._online = False
        self._stopping = threading.Event()
        self._events: _Events = queue.Queue()
        self._supervisor: threading.Thread | None = None
        self._on_scan: ScanCallback | None = None
        self._on_status: StatusCallback | None = None

    @property
    def stats(self) -> ReaderStats:
        with self._lock:
            return self._stats

    @property
    def online(self) -> bool:
        return self._online

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        """Open the port in the background; ``on_status`` hears at once whether it worked."""
        if self._supervisor is not None and self._supervisor.is_alive():
            raise RuntimeError(f"the badge reader on {self.port} is already running")
        self._on_scan, self._on_status = on_scan, on_status
        self._stopping.clear()
        self._events = queue.Queue()
        self._stats = ReaderStats()
        self._supervisor = threading.Thread(
            target=self._supervise, args=(self._events,), name=f"badge-reader {self.port}", daemon=True
        )
        self._supervisor.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Close the port and end the threads; safe to call twice or before ``start``.

        Call it from the app's thread, not from a callback.
        """
        self._stopping.set()
        self._events.put(("stop", None))
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join(timeout)
        self._online = False

    def _supervise(self, events: _Events) -> None:
        delays = self._reconnect.delays()
        reported_offline = False
        while not self._stopping.is_set():
            try:
                port = open_serial_port(self.port, self.baudrate)
            except BadgeReaderError as error:
                if not reported_offline:
                    self._set_status(ReaderStatus.offline(self.port, error.message, error.code))
                    reported_offline = True
                if _wait_for_stop(events, next(delays)):
                    return
                continue
            if self._run_connection(port, events):
                return
            reported_offline = True
            delays = self._reconnect.delays()
            if _wait_for_stop(events, next(delays)):
                return

    def _run_connection(self, port: serial.SerialBase, events: _Events) -> bool:
        """Read from ``port`` until it is lost (False) or the reader is stopped (True)."""
        sink = _ConnectionSink(self, events)
        thread = GuardedReaderThread(
            port,
            lambda: protocol_class(self.frame_format)(sink, self._clock, self._stale_after),
            name=f"badge-reader-io {self.port}",
        )
        with self._lock:
            self._stats = _bump(self._stats, connections=1)
        self._set_status(ReaderStatus.ready(self.port))
        thread.start()
        kind, exc = events.get()
        if kind == "stop":
            thread.stop()
            _close_quietly(port)
            return True
        _close_quietly(port)
        log.info("badge reader on %s lost: %r", self.port, exc)
        lost = connection_lost_error(self.port, exc)
        self._set_status(ReaderStatus.offline(self.port, lost.message, lost.code))
        return False

    def _set_status(self, status: ReaderStatus) -> None:
        self._online = status.online
        if self._on_status is not None and not self._stopping.is_set():
            _call_safely(self._on_status, status)

    def _badge_read(self, badge: str) -> None:
        is_new = self._filter.accept(badge, self._clock())
        with self._lock:
            self._stats = _bump(self._stats, scans=int(is_new), repeats=int(not is_new))
        if is_new and self._on_scan is not None and not self._stopping.is_set():
            _call_safely(self._on_scan, badge)

    def _frame_error(self, error: BadgeFrameError) -> None:
        with self._lock:
            self._stats = _bump(self._stats, frame_errors=1)
        if self._on_frame_error is not None and not self._stopping.is_set():
            _call_safely(self._on_frame_error, error)


class _ConnectionSink:
    """The ``FrameSink`` of one connection: ids and errors to the reader, its end to the supervisor."""

    def __init__(self, reader: SerialBadgeReader, events: _Events) -> None:
        self._reader = reader
        self._events = events

    def badge_read(self, badge: str) -> None:
        self._reader._badge_read(badge)

    def frame_error(self, error: BadgeFrameError) -> None:
        self._reader._frame_error(error)

    def connection_lost(self, exc: BaseException | None) -> None:
        self._events.put(("lost", exc))


def _wait_for_stop(events: _Events, delay: float) -> bool:
    """Wait ``delay`` seconds; True if ``stop`` was called meanwhile."""
    try:
        kind, _ = events.get(timeout=delay)
    except queue.Empty:
        return False
    return kind == "stop"


def _bump(
    stats: ReaderStats, *, scans: int = 0, repeats: int = 0, frame_errors: int = 0, connections: int = 0
) -> ReaderStats:
    return ReaderStats(
        stats.scans + scans,
        stats.repeats + repeats,
        stats.frame_errors + frame_errors,
        stats.connections + connections,
    )


def _call_safely(callback: Callable[[_T], None], value: _T) -> None:
    """A failing app callback must not end the reader thread."""
    try:
        callback(value)
    except Exception:  # logged; the reader keeps reading
        log.exception("badge reader callback %r failed", callback)


def _close_quietly(port: serial.SerialBase) -> None:
    try:
        port.close()
    except (serial.SerialException, OSError):
        log.debug("closing a lost port failed", exc_info=True)
