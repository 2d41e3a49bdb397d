"""Finding ports by stable names and opening them with messages a technician can act on."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass

import pytest
import serial

from device.errors import ReaderPortError, port_error
from device.ports import SerialPortInfo, list_serial_ports, open_serial_port, stable_port_names
from tests.device.helpers import PtyDevice


@dataclass
class Listing:
    """What ``serial.tools.list_ports.comports()`` yields: device, description, hwid."""

    device: str
    description: str = "n/a"
    hwid: str = "n/a"


@pytest.fixture
def fake_dev(tmp_path):
    """A /dev with udev-style links to two pty "adapters" and one dangling link."""
    usb, gpio = PtyDevice(), PtyDevice()
    (tmp_path / "serial" / "by-id").mkdir(parents=True)
    (tmp_path / "serial" / "by-path").mkdir()
    os.symlink(usb.path, tmp_path / "serial" / "by-id" / "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0")
    os.symlink(usb.path, tmp_path / "serial" / "by-path" / "platform-usb-0:1.3:1.0-port0")
    os.symlink(tmp_path / "gone", tmp_path / "serial" / "by-id" / "usb-unplugged-if00-port0")
    os.symlink(gpio.path, tmp_path / "serial0")
    yield tmp_path, usb, gpio
    usb.unplug()
    gpio.unplug()


def test_stable_names_map_each_device_to_by_id_then_by_path_then_serial0(fake_dev):
    dev, usb, gpio = fake_dev
    names = stable_port_names(dev)
    assert names == {
        usb.path: (
            str(dev / "serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"),
            str(dev / "serial/by-path/platform-usb-0:1.3:1.0-port0"),
        ),
        gpio.path: (str(dev / "serial0"),),
    }


def test_ports_are_listed_with_stable_names_first_and_aliases_only_ports_included(fake_dev):
    dev, usb, gpio = fake_dev
    listings = [Listing("/dev/ttyS4"), Listing(usb.path, "FT232R USB UART", "USB VID:PID=0403:6001")]
    ports = list_serial_ports(dev_dir=dev, comports=lambda: listings)
    assert [p.best_name for p in ports] == [
        str(dev / "serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"),
        str(dev / "serial0"),
        "/dev/ttyS4",
    ]
    assert ports[0] == SerialPortInfo(
        usb.path, stable_port_names(dev)[usb.path], "FT232R USB UART", "USB VID:PID=0403:6001"
    )
    assert ports[1].device == gpio.path and ports[2].description == ""


def test_listing_the_real_system_works(tmp_path):
    assert all(isinstance(p, SerialPortInfo) for p in list_serial_ports())
    assert list_serial_ports(dev_dir=tmp_path / "none", comports=list) == []


def test_a_stable_name_opens_the_device_exclusively(fake_dev):
    dev, usb, _ = fake_dev
    name = str(dev / "serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0")
    port = open_serial_port(name, 9600)
    try:
        assert port.baudrate == 9600
        with pytest.raises(ReaderPortError) as busy:
            open_serial_port(usb.path)
        assert busy.value.code == "port_busy"
        assert "Another program is using" in str(busy.value)
    finally:
        port.close()
    open_serial_port(usb.path).close()


def test_a_missing_port_says_to_check_the_plug(tmp_path):
    with pytest.raises(ReaderPortError) as missing:
        open_serial_port(str(tmp_path / "ttyUSB7"))
    assert missing.value.code == "port_missing"
    assert "plugged in" in str(missing.value) and "choice-kiosk readers" in str(missing.value)
    assert missing.value.params == {"port": str(tmp_path / "ttyUSB7")}


def test_a_file_that_is_not_a_serial_port_is_named_as_such(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ReaderPortError) as wrong:
        open_serial_port(str(tmp_path / "notes.txt"))
    assert wrong.value.code == "port_not_serial"


def test_an_impossible_baud_rate_is_refused(pty_device):
    with pytest.raises(ReaderPortError) as refused:
        open_serial_port(pty_device.path, -9600)
    assert refused.value.code == "port_settings"


@pytest.mark.parametrize(
    "exc",
    [
        PermissionError(errno.EACCES, "Permission denied"),
        serial.SerialException(errno.EACCES, "could not open port /dev/ttyUSB0: Permission denied"),
    ],
)
def test_permission_denied_says_how_to_join_dialout(exc):
    error = port_error("/dev/ttyUSB0", exc)
    assert error.code == "port_denied" and "dialout" in error.message and error.detail


def test_pyserial_urls_open_too():
    open_serial_port("loop://").close()
