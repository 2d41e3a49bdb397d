"""``readers`` and ``reader-test``: in-process, and as a real process stopped with Ctrl-C."""

from __future__ import annotations

import argparse
import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from device.cli import main, print_ports, register, run_reader_test
from device.ports import SerialPortInfo
from tests.device.helpers import id12_frame, rdm6300_frame

ROOT = Path(__file__).resolve().parents[2]


def kiosk_like_parser() -> argparse.ArgumentParser:
    """A parser built the way kiosk.cli builds its own, with our commands registered."""
    parser = argparse.ArgumentParser(prog="choice-kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_register_adds_both_commands_with_handlers():
    parser = kiosk_like_parser()
    args = parser.parse_args(["reader-test", "--port", "/dev/serial0", "--format", "id12", "--baud", "19200", "--gap", "3"])
    assert (args.command, args.port, args.frame_format, args.baud, args.gap) == (
        "reader-test", "/dev/serial0", "id12", 19200, 3.0
    )
    assert callable(args.handler) and callable(parser.parse_args(["readers"]).handler)
    assert parser.parse_args(["reader-test", "--port", "x"]).frame_format == "rdm6300"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["reader-test", "--port", "x", "--baud", "0"], "baud rate must be a whole number above 0"),
        (["reader-test", "--port", "x", "--gap", "-1"], "gap must be a number of seconds"),
        (["reader-test", "--port", "x", "--format", "wiegand"], "invalid choice"),
        (["reader-test"], "--port"),
    ],
)
def test_bad_arguments_are_refused_clearly(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        kiosk_like_parser().parse_args(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_readers_runs(capsys):
    assert main(["readers"]) == 0
    assert capsys.readouterr().out.strip()


def test_readers_prints_stable_names_first_and_explains_an_empty_list():
    out = io.StringIO()
    print_ports([SerialPortInfo("/dev/ttyUSB0", ("/dev/serial/by-id/usb-X", "/dev/serial/by-path/p"), "CP2102", "USB VID:PID=10C4:EA60")], out)
    assert out.getvalue().splitlines() == [
        "/dev/serial/by-id/usb-X",
        "    device /dev/ttyUSB0: CP2102, USB VID:PID=10C4:EA60",
        "    also /dev/serial/by-path/p",
        "Use the first line of a port with: choice-kiosk reader-test --port NAME",
    ]
    empty = io.StringIO()
    print_ports([], empty)
    assert "No serial ports found" in empty.getvalue() and "raspi-config" in empty.getvalue()


def test_reader_test_on_a_bad_port_exits_non_zero_with_a_clear_message(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert run_reader_test(str(tmp_path / "ttyUSB9"), "rdm6300", out=out, err=err) == 2
    assert f"No serial port at {tmp_path / 'ttyUSB9'}" in err.getvalue()
    assert out.getvalue() == ""


def test_reader_test_in_process_prints_scans_and_error_counts_until_stopped(pty_device):
    out, stop = io.StringIO(), threading.Event()
    result: list[int] = []
    runner = threading.Thread(
        target=lambda: result.append(run_reader_test(pty_device.path, "id12", out=out, err=out, stop=stop))
    )
    runner.start()
    try:
        deadline = time.monotonic() + 5
        while "reader online" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        pty_device.write(id12_frame("0A1B2C3D4E") * 3 + id12_frame("0A1B2C3D4E", "00") + id12_frame("62E3086CED"))
        while "scan 2:" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        runner.join(5)
    lines = out.getvalue().splitlines()
    assert result == [0]
    assert lines[0].startswith(f"Listening to {pty_device.path}: id12 frames at 9600 baud")
    assert "scan 1: 0A1B2C3D4E    (frame errors so far: 0)" in lines
    assert any(line.startswith("frame error: A badge frame failed its checksum") for line in lines)
    assert "scan 2: 62E3086CED    (frame errors so far: 1)" in lines
    assert lines[-1] == "Stopped: 2 scans, 1 frame errors."


def _reader_test_process(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-m", "device.cli", "reader-test", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )


def _lines(stream) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in stream], daemon=True).start()
    return lines


def _read_until(lines: queue.Queue[str], prefix: str, seen: list[str], timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        seen.append(line)
        if line.startswith(prefix):
            return line


def test_reader_test_as_a_process_until_ctrl_c(pty_device):
    seen: list[str] = []
    with _reader_test_process("--port", pty_device.path, "--format", "rdm6300", "--gap", "2") as process:
        try:
            lines = _lines(process.stdout)
            _read_until(lines, "reader online", seen)
            pty_device.write(b"\x13junk" + rdm6300_frame("0A1B2C3D4E") * 5)
            assert _read_until(lines, "scan 1:", seen) == "scan 1: 0A1B2C3D4E    (frame errors so far: 1)"
            pty_device.write(rdm6300_frame("62E3086CED", "00") + rdm6300_frame("62E3086CED"))
            assert _read_until(lines, "scan 2:", seen) == "scan 2: 62E3086CED    (frame errors so far: 2)"
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
            assert _read_until(lines, "Stopped:", seen) == "Stopped: 2 scans, 2 frame errors."
            assert process.stderr.read() == ""
        finally:
            if process.poll() is None:
                process.kill()


def test_reader_test_as_a_process_on_a_port_in_use_exits_2(pty_device, start_reader):
    _, recorder = start_reader(pty_device.path)
    assert recorder.wait_online()
    with _reader_test_process("--port", pty_device.path) as process:
        _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert err.strip() == (
        f"choice-kiosk: Another program is using {pty_device.path} (another kiosk, a reader-test, "
        "or a serial console). Close it and try again."
    )
