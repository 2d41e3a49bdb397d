"""``SerialBadgeReader`` on a real pseudo-terminal: the real pyserial port and reader thread."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from device.errors import ReaderSettingsError
from device.reconnect import ReconnectPolicy
from device.serial_reader import SerialBadgeReader
from tests.device.helpers import PtyDevice, Recorder, frame_for, oracle, rdm6300_frame


class SteppedClock:
    """Monotonic time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


HANG_S = 60.0  # a timeout only a hang reaches


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12", "line"])
def test_scans_arrive_from_a_real_port(pty_device, start_reader, frame_format):
    reader, recorder = start_reader(pty_device.path, frame_format)
    assert recorder.wait_online()
    assert recorder.statuses[0].code == "reader_online"
    pty_device.write(frame_for(frame_format, "0A1B2C3D4E") + frame_for(frame_format, "62E3086CED"))
    assert recorder.wait_scans(2)
    assert recorder.scans == ["0A1B2C3D4E", "62E3086CED"]
    assert reader.online and reader.stats.scans == 2 and reader.stats.connections == 1


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12", "line"])
def test_frames_split_at_every_byte_boundary_on_the_wire(pty_device, start_reader, frame_format):
    _, recorder = start_reader(pty_device.path, frame_format)
    assert recorder.wait_online()
    expected = []
    length = len(frame_for(frame_format, "0A1B2C3D4E"))
    for cut in range(1, length):
        badge = f"{cut:02d}1B2C3D4E"
        frame = frame_for(frame_format, badge)
        pty_device.write(frame[:cut])
        time.sleep(0.01)
        pty_device.write(frame[cut:])
        expected.append(badge)
    assert recorder.wait_scans(len(expected))
    assert recorder.scans == expected and recorder.errors == []


def test_bad_frames_and_junk_are_counted_and_only_valid_ids_come_out(pty_device, start_reader):
    reader, recorder = start_reader(pty_device.path, "rdm6300")
    assert recorder.wait_online()
    pty_device.write(
        b"\xff\x00noise" + rdm6300_frame("0A1B2C3D4E", "00") + rdm6300_frame("0A1B2C3D4E")[:8] + rdm6300_frame("62E3086CED")
    )
    assert recorder.wait_scans(1)
    assert recorder.wait_for(lambda r: len(r.errors) == 3)
    assert recorder.scans == ["62E3086CED"]
    assert [e.code for e in recorder.errors] == [
        "badge_frame_noise", "badge_frame_bad_checksum", "badge_frame_cut_short",
    ]
    assert reader.stats.frame_errors == 3


def test_a_card_held_five_seconds_is_one_scan_and_again_after_the_gap(pty_device, start_reader):
    clock = SteppedClock()
    reader, recorder = start_reader(pty_device.path, "rdm6300", clock=clock, gap=2.0)
    assert recorder.wait_online()
    frame = rdm6300_frame("0A1B2C3D4E")

    def sighting() -> None:
        seen = reader.stats.scans + reader.stats.repeats
        pty_device.write(frame)
        assert wait_until(lambda: reader.stats.scans + reader.stats.repeats == seen + 1)

    for _ in range(51):
        sighting()
        clock.now += 0.1
    assert recorder.scans == ["0A1B2C3D4E"] and reader.stats.repeats == 50
    clock.now += 1.9
    sighting()
    assert recorder.scans == ["0A1B2C3D4E", "0A1B2C3D4E"]


def test_a_failing_app_callback_does_not_stop_the_reader(pty_device):
    recorder = Recorder()

    def on_scan(badge: str) -> None:
        recorder.on_scan(badge)
        raise RuntimeError("the app has a bug")

    reader = SerialBadgeReader(pty_device.path, "rdm6300")
    reader.start(on_scan, recorder.on_status)
    try:
        assert recorder.wait_online()
        pty_device.write(rdm6300_frame("0A1B2C3D4E"))
        assert recorder.wait_scans(1)
        pty_device.write(rdm6300_frame("62E3086CED"))
        assert recorder.wait_scans(2)
        assert reader.online and reader.stats.connections == 1
    finally:
        reader.stop()


def test_the_port_is_opened_exclusively(pty_device, start_reader):
    _, first = start_reader(pty_device.path)
    assert first.wait_online()
    _, second = start_reader(pty_device.path)
    assert second.wait_online(False)
    assert "Another program is using" in second.statuses[0].detail
    assert second.statuses[0].params["reason"] == "port_busy"
    assert second.statuses[0].message.startswith("The badge reader is offline")


def test_stop_is_prompt_idempotent_and_silences_callbacks(pty_device):
    recorder = Recorder()
    reader = SerialBadgeReader(pty_device.path, "rdm6300")
    reader.stop()
    reader.start(recorder.on_scan, recorder.on_status)
    assert recorder.wait_online()
    with pytest.raises(RuntimeError, match="already running"):
        reader.start(recorder.on_scan, recorder.on_status)
    reader.stop(timeout=HANG_S)  # the reader blocks on a read no data will end: only stop can end it
    reader.stop(timeout=HANG_S)
    assert not [t for t in threading.enumerate() if t.name.endswith(pty_device.path) and t.is_alive()]
    assert not reader.online
    statuses = len(recorder.statuses)
    pty_device.write(rdm6300_frame("0A1B2C3D4E"))
    time.sleep(0.1)
    assert recorder.scans == [] and len(recorder.statuses) == statuses
    assert not [t for t in threading.enumerate() if t.name.endswith(pty_device.path) and t.is_alive()]


def test_a_stopped_reader_can_start_again(pty_device):
    recorder = Recorder()
    reader = SerialBadgeReader(pty_device.path, "rdm6300")
    for badge in ("0A1B2C3D4E", "62E3086CED"):
        reader.start(recorder.on_scan, recorder.on_status)
        assert recorder.wait_for(lambda r: r.online and reader.online)
        pty_device.write(rdm6300_frame(badge))
        assert recorder.wait_for(lambda r, badge=badge: badge in r.scans)
        reader.stop()
    assert recorder.scans == ["0A1B2C3D4E", "62E3086CED"]


def test_impossible_settings_are_refused_with_a_message():
    with pytest.raises(ReaderSettingsError, match="baud rate"):
        SerialBadgeReader("/dev/ttyUSB0", "rdm6300", baudrate=-5)
    with pytest.raises(ReaderSettingsError, match="rdm6300, id12, line"):
        SerialBadgeReader("/dev/ttyUSB0", "em4100")
    with pytest.raises(ReaderSettingsError, match="gap"):
        SerialBadgeReader("/dev/ttyUSB0", "rdm6300", gap=-1)


def test_reconnect_delays_double_up_to_the_cap():
    delays = ReconnectPolicy(first_delay=0.1, max_delay=1.0).delays()
    assert [round(next(delays), 3) for _ in range(7)] == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]
    steady = ReconnectPolicy(first_delay=0.5, max_delay=0.5, factor=1).delays()
    assert [next(steady) for _ in range(3)] == [0.5, 0.5, 0.5]
    with pytest.raises(ReaderSettingsError):
        ReconnectPolicy(first_delay=0)


@pytest.fixture(scope="module", params=["rdm6300", "id12", "line"])
def live_reader(request):
    """One reader per format for a whole property test (gap 0: every frame is reported)."""
    device, recorder = PtyDevice(), Recorder()
    reader = SerialBadgeReader(device.path, request.param, gap=0, stale_after=60, on_frame_error=recorder.on_frame_error)
    reader.start(recorder.on_scan, recorder.on_status)
    assert recorder.wait_online()
    yield request.param, device, recorder
    reader.stop()
    device.unplug()


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(chunks=st.lists(st.binary(max_size=60) | st.sampled_from([b"\x02", b"\r\n", b"\x03"]), max_size=20))
def test_random_bytes_through_the_real_reader_thread_make_no_false_ids(live_reader, chunks):
    frame_format, device, recorder = live_reader
    start = len(recorder.scans)
    sentinel = f"{start + 1:04d}FEED00"
    for chunk in chunks:
        device.write(chunk)
    line_end = b"\r\n" if frame_format == "line" else b""
    device.write(line_end + frame_for(frame_format, sentinel))
    assert recorder.wait_for(lambda r: sentinel in r.scans[start:])
    got = recorder.scans[start:]
    assert got[: got.index(sentinel)] == oracle(frame_format, b"".join(chunks) + line_end)
