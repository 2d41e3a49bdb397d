"""The pyserial reader thread and protocols on real byte streams (``loop://`` and a pty)."""

from __future__ import annotations

import threading

import pytest
import serial

from device.errors import BadgeFrameError
from device.frames import FrameFormat
from device.ports import open_serial_port
from device.protocols import Id12Protocol, LineProtocol, Rdm6300Protocol, protocol_class
from device.reader_thread import GuardedReaderThread
from tests.device.helpers import frame_for


class SinkRecorder:
    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.badges: list[str] = []
        self.errors: list[BadgeFrameError] = []
        self.lost: list[BaseException | None] = []

    def badge_read(self, badge: str) -> None:
        with self.changed:
            self.badges.append(badge)
            self.changed.notify_all()

    def frame_error(self, error: BadgeFrameError) -> None:
        with self.changed:
            self.errors.append(error)
            self.changed.notify_all()

    def connection_lost(self, exc: BaseException | None) -> None:
        with self.changed:
            self.lost.append(exc)
            self.changed.notify_all()

    def wait(self, condition, timeout: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(condition, timeout)


def test_each_format_has_its_protocol():
    assert protocol_class("rdm6300") is Rdm6300Protocol
    assert protocol_class(FrameFormat.ID12) is Id12Protocol
    assert protocol_class("line") is LineProtocol


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12", "line"])
def test_frames_split_at_every_byte_through_loop_url(frame_format):
    sink = SinkRecorder()
    port = serial.serial_for_url("loop://", timeout=None)
    thread = GuardedReaderThread(port, lambda: protocol_class(frame_format)(sink), name="test")
    thread.start()
    transport, _ = thread.connect()
    badges = [f"{i:02d}A1B2C3D4" for i in range(1, 14)]
    for cut, badge in enumerate(badges, start=1):
        frame = frame_for(frame_format, badge)
        transport.write(frame[:cut])
        transport.write(frame[cut:])
    transport.write(b"\x00junk\xff\n")
    transport.write(frame_for(frame_format, "99A1B2C3D4"))
    assert sink.wait(lambda: len(sink.badges) == len(badges) + 1)
    assert sink.badges == [*badges, "99A1B2C3D4"]
    assert len(sink.errors) == 1
    thread.close()
    assert sink.lost == [None]


def test_an_unplug_seen_by_in_waiting_still_ends_in_connection_lost(pty_device):
    """pyserial's own loop dies silently here: in_waiting raises a plain OSError (EIO)."""
    sink = SinkRecorder()
    port = open_serial_port(pty_device.path)
    pty_device.unplug()
    thread = GuardedReaderThread(port, lambda: Rdm6300Protocol(sink), name="test")
    thread.start()
    assert sink.wait(lambda: sink.lost)
    assert isinstance(sink.lost[0], OSError)
    thread.join(5)
    assert not thread.is_alive()
    port.close()


def test_a_failing_sink_ends_only_that_connection(pty_device):
    class Exploding(SinkRecorder):
        def badge_read(self, badge: str) -> None:
            raise RuntimeError("bug in the app")

    sink = Exploding()
    port = open_serial_port(pty_device.path)
    thread = GuardedReaderThread(port, lambda: Rdm6300Protocol(sink), name="test")
    thread.start()
    pty_device.write(frame_for("rdm6300", "0A1B2C3D4E"))
    assert sink.wait(lambda: sink.lost)
    assert isinstance(sink.lost[0], RuntimeError)
    port.close()
