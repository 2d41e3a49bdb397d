"""The demo's reader: the same callbacks as a real one, driven by a key press."""

from __future__ import annotations

from device.reader import BadgeReader
from device.serial_reader import SerialBadgeReader
from device.simulated import SimulatedReader
from tests.device.helpers import Recorder


def started(badges: list[str]) -> tuple[SimulatedReader, Recorder]:
    reader, recorder = SimulatedReader(badges), Recorder()
    reader.start(recorder.on_scan, recorder.on_status)
    return reader, recorder


def test_scan_next_hands_out_the_demo_badges_in_turn():
    reader, recorder = started(["111111", "222222"])
    assert recorder.online is True
    assert [reader.scan_next() for _ in range(3)] == ["111111", "222222", "111111"]
    assert recorder.scans == ["111111", "222222", "111111"]


def test_nothing_is_scanned_before_start_after_stop_or_without_badges():
    reader = SimulatedReader(["111111"])
    assert reader.scan_next() is None
    reader, recorder = started(["111111"])
    reader.stop()
    assert reader.scan_next() is None and recorder.scans == []
    assert started([])[0].scan_next() is None


def test_unplug_and_plug_in_report_status_and_pause_scans():
    reader, recorder = started(["111111"])
    reader.unplug()
    reader.unplug()
    assert reader.scan_next() is None
    reader.plug_in()
    assert reader.scan_next() == "111111"
    assert [s.online for s in recorder.statuses] == [True, False, True]
    assert recorder.statuses[1].code == "reader_offline"


def test_any_badge_can_be_presented():
    reader, recorder = started([])
    assert reader.present("0A1B2C3D4E")
    assert recorder.scans == ["0A1B2C3D4E"]


def test_simulated_and_serial_readers_share_the_interface():
    assert isinstance(SimulatedReader(["1"]), BadgeReader)
    assert isinstance(SerialBadgeReader("/dev/ttyUSB0"), BadgeReader)
