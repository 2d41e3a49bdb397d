"""The command line: bad arguments get clear messages; ``run`` really starts the kiosk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import build_parser, main


def test_run_with_a_missing_classroom_file_says_so(tmp_path, capsys):
    assert main(["run", "--classroom", str(tmp_path / "nope.json"), "--data-dir", str(tmp_path)]) == 2
    assert "no classroom file at" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["big", "100x100", "800-480"])
def test_run_with_a_bad_size_is_refused(size, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--size", size])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "must look like 800x480" in err or "at least 320x240" in err


def test_unknown_command_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fly"])
    assert exit_info.value.code == 2


def _console_script() -> list[str]:
    found = shutil.which("choice-kiosk", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "kiosk.cli"]


def test_run_with_an_invalid_classroom_file_exits_with_its_problem(tmp_path):
    bad = tmp_path / "class.json"
    bad.write_text('{"format": "choice-kiosk-classroom", "centers": []}', encoding="utf-8")
    done = subprocess.run(
        [*_console_script(), "run", "--classroom", str(bad), "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SDL_VIDEODRIVER": "offscreen"},
    )
    assert done.returncode == 2
    assert "has no centers" in done.stderr


def wait_for_kiosk_data(process: subprocess.Popen, data) -> None:
    """Until a started kiosk has made its data folder (it is up), failing if it stopped."""
    deadline = time.monotonic() + 60
    while not (data / "config.json").exists():
        assert process.poll() is None, process.stdout.read().decode(errors="replace")
        assert time.monotonic() < deadline, "the kiosk did not create its data"
        time.sleep(0.1)


def test_run_starts_the_demo_kiosk_and_keeps_running(tmp_path):
    data = tmp_path / "data"
    process = subprocess.Popen(
        [*_console_script(), "run", "--windowed", "--data-dir", str(data), "--sync-port", "0", "--no-advertise"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SDL_VIDEODRIVER": "offscreen"},
    )
    try:
        wait_for_kiosk_data(process, data)
        time.sleep(3)
        assert process.poll() is None, "the kiosk stopped by itself"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _new_kiosk(tmp_path):
    from kiosk.pi.bootstrap import build_kiosk
    from kiosk.pi.speech import SilentSpeaker

    build_kiosk(tmp_path / "data", speaker=SilentSpeaker()).close()
    return tmp_path / "data"


def _reader_settings(data):
    from kiosk.pi.storage import KioskStorage
    from kiosk.shared.domain import Settings

    with KioskStorage.open(data) as storage:
        return Settings.from_dict(storage.config.get_settings()).reader


def test_set_reader_stores_a_serial_reader(tmp_path, capsys):
    data = _new_kiosk(tmp_path)
    code = main(["set-reader", "--data-dir", str(data), "--serial", "/dev/ttyUSB0", "--format", "id12", "--gap", "3"])
    assert code == 0
    assert "Restart the kiosk" in capsys.readouterr().out
    reader = _reader_settings(data)
    assert (reader.kind, reader.port, reader.format, reader.repeat_gap_s) == ("serial", "/dev/ttyUSB0", "id12", 3.0)
    assert main(["set-reader", "--data-dir", str(data), "--keyboard"]) == 0
    assert _reader_settings(data).kind == "keyboard"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--serial", "/dev/ttyUSB0", "--format", "wiegand"], "Unknown frame format 'wiegand'"),
        (["--serial", "/dev/ttyUSB0", "--baud", "0"], "baud rate must be a positive number"),
        (["--serial", "/dev/ttyUSB0", "--gap", "0"], "repeat gap must be between"),
        (["--serial", ""], "needs a port"),
    ],
)
def test_set_reader_refuses_bad_settings_and_changes_nothing(tmp_path, capsys, options, message):
    data = _new_kiosk(tmp_path)
    before = _reader_settings(data)
    assert main(["set-reader", "--data-dir", str(data), *options]) == 2
    assert message in capsys.readouterr().err
    assert _reader_settings(data) == before


def test_set_reader_without_a_kiosk_or_while_it_runs(tmp_path, capsys):
    assert main(["set-reader", "--data-dir", str(tmp_path / "none"), "--keyboard"]) == 2
    assert "no kiosk data" in capsys.readouterr().err
    data = _new_kiosk(tmp_path)
    from kiosk.pi.storage import KioskStorage

    with KioskStorage.open(data):
        assert main(["set-reader", "--data-dir", str(data), "--keyboard"]) == 2
    assert capsys.readouterr().err.startswith("choice-kiosk: ")


def test_a_locked_down_kiosk_ignores_ctrl_c_and_leaves_kivys_files_alone(tmp_path):
    """``run --kiosk``: SIGINT (Ctrl+C on the console) is ignored, SIGTERM stops it cleanly
    (SDL would make it a close request, which the kiosk refuses), and
    Kivy's config file is neither read nor written, nor any log file made."""
    data, home = tmp_path / "data", tmp_path / "kivy-home"
    home.mkdir()
    (home / "config.ini").write_text("[graphics]\nshow_cursor = 1\n", encoding="utf-8")
    process = subprocess.Popen(
        [*_console_script(), "run", "--kiosk", "--windowed", "--data-dir", str(data), "--sync-port", "0", "--no-advertise"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SDL_VIDEODRIVER": "offscreen", "KIVY_HOME": str(home)},
    )
    try:
        wait_for_kiosk_data(process, data)
        time.sleep(2)
        process.send_signal(signal.SIGINT)
        time.sleep(1.5)
        assert process.poll() is None, "Ctrl+C stopped a locked-down kiosk"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0, "SIGTERM (systemd's stop) closes the locked kiosk cleanly"
    assert (home / "config.ini").read_text(encoding="utf-8") == "[graphics]\nshow_cursor = 1\n"
    assert not (home / "logs").exists() or not any((home / "logs").iterdir())


def test_the_kiosks_start_loads_none_of_the_other_programs_commands():
    """``run`` (every power-on) parses as before without the laptop's, installer's and readers' commands loaded."""
    probe = (
        "import json, sys\n"
        "from kiosk.cli import build_parser\n"
        "args = build_parser(others=False).parse_args(['run', '--kiosk', '--sync-port', '0'])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('kiosk.laptop', 'kiosk.pi.install', 'device.cli')))\n"
        "print(json.dumps([args.kiosk, args.sync_port, loaded]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == [True, 0, []]
    commands = build_parser()._subparsers._group_actions[0].choices
    assert {"run", "setup-pi", "set-reader"} <= set(commands) and len(commands) > 8, "the others are all there otherwise"
