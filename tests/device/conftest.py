"""Fixtures for the badge reader tests: pty devices and readers that always get stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from device.serial_reader import SerialBadgeReader
from tests.device.helpers import PtyDevice, Recorder, StablePort


@pytest.fixture
def pty_device() -> Iterator[PtyDevice]:
    device = PtyDevice()
    yield device
    device.unplug()


@pytest.fixture
def stable_port(tmp_path) -> Iterator[StablePort]:
    port = StablePort(tmp_path)
    yield port
    port.unplug()


@pytest.fixture
def start_reader() -> Iterator[Callable[..., tuple[SerialBadgeReader, Recorder]]]:
    """Start a ``SerialBadgeReader`` on a port with a fresh ``Recorder``; stopped at the end."""
    started: list[SerialBadgeReader] = []

    def start(port: str, frame_format: str = "rdm6300", **options) -> tuple[SerialBadgeReader, Recorder]:
        recorder = Recorder()
        reader = SerialBadgeReader(port, frame_format, on_frame_error=recorder.on_frame_error, **options)
        reader.start(recorder.on_scan, recorder.on_status)
        started.append(reader)
        return reader, recorder

    yield start
    for reader in started:
        reader.stop()
