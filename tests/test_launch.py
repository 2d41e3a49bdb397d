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
    """The network's parts give the peer watcher a zeroconf browser when the kiosk announces itself."""
    from kiosk.pi.bootstrap import build_kiosk
    from kiosk.pi.speech import SilentSpeaker
    from kiosk.shared.sync.announced import AnnouncedKiosks
    from screens.pi.kiosk_network import build_kiosk_network

    services = build_kiosk(tmp_path / "data", speaker=SilentSpeaker())
    try:
        announcing = build_kiosk_network(services, 0, True, lambda _answer: None)
        assert isinstance(announcing.peer_watcher._announced, AnnouncedKiosks)
        assert announcing.advertiser is not None and services.service.class_desk.settler is not None
        announcing.sync_server.stop()
        quiet = build_kiosk_network(services, 0, False, lambda _answer: None)
        assert quiet.peer_watcher._announced is None and quiet.advertiser is None
        quiet.sync_server.stop()
    finally:
        services.close()


def test_the_launchers_sync_port_is_the_sync_services():
    from kiosk.pi.sync.server import DEFAULT_PORT
    from screens.pi.launch import DEFAULT_SYNC_PORT

    assert DEFAULT_SYNC_PORT == DEFAULT_PORT
