"""The composition root picks the readers the settings name, and explains bad settings."""

from __future__ import annotations

from device.serial_reader import SerialBadgeReader
from device.simulated import SimulatedReader
from kiosk.shared.domain import ReaderSettings
from screens.pi.launch import build_readers, is_raspberry_pi


def test_serial_keyboard_and_demo_readers():
    readers, demo, problem = build_readers(ReaderSettings("serial", "/dev/ttyUSB0", 9600, "id12"))
    assert isinstance(readers[0], SerialBadgeReader) and demo is None and problem is None
    assert build_readers(ReaderSettings("keyboard")) == ([], None, None)
    readers, demo, problem = build_readers(ReaderSettings("simulated"))
    assert readers == [demo] and isinstance(demo, SimulatedReader) and len(demo.badges) == 21


def test_bad_reader_settings_give_no_reader_and_a_reason():
    assert build_readers(ReaderSettings("serial", "", 9600, "rdm6300"))[2].startswith("A serial reader needs a port")
    assert "Unknown frame format" in build_readers(ReaderSettings("serial", "/dev/x", 9600, "wiegand"))[2]
    assert "Unknown reader kind" in build_readers(ReaderSettings("nfc"))[2]


def test_raspberry_pi_is_recognised_from_the_device_tree(tmp_path):
    model = tmp_path / "model"
    model.write_text("Raspberry Pi 4 Model B Rev 1.4\x00")
    assert is_raspberry_pi(model)
    model.write_text("QEMU Virtual Machine")
    assert not is_raspberry_pi(model)
    assert not is_raspberry_pi(tmp_path / "missing")


def test_the_kiosks_peer_watcher_looks_for_its_peers_where_they_announce_themselves(tmp_path):
    """The composition root gives the peer watcher a zeroconf browser when the kiosk announces itself."""
    from kiosk.pi.bootstrap import build_kiosk
    from kiosk.pi.speech import SilentSpeaker
    from kiosk.shared.sync.announced import AnnouncedKiosks
    from screens.pi.launch import make_app

    services = build_kiosk(tmp_path / "data", speaker=SilentSpeaker())
    try:
        announcing = make_app(services, sync_port=0, advertise=True)
        assert isinstance(announcing.network.peer_watcher._announced, AnnouncedKiosks)
        announcing.sync_server.stop()
        quiet = make_app(services, sync_port=0, advertise=False)
        assert quiet.network.peer_watcher._announced is None
        quiet.sync_server.stop()
    finally:
        services.close()
