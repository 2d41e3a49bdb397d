"""The command line: bad arguments get clear messages; ``run`` really starts the kiosk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import main


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


def test_run_starts_the_demo_kiosk_and_keeps_running(tmp_path):
    data = tmp_path / "data"
    process = subprocess.Popen(
        [*_console_script(), "run", "--windowed", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SDL_VIDEODRIVER": "offscreen"},
    )
    try:
        deadline = time.monotonic() + 60
        while not (data / "config.json").exists():
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
            assert time.monotonic() < deadline, "the kiosk did not create its data"
            time.sleep(0.1)
        time.sleep(3)
        assert process.poll() is None, "the kiosk stopped by itself"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
