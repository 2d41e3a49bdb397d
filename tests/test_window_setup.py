"""Both programs set Kivy's window up the same way; the kiosk adds only what a wall kiosk needs.

Kivy keeps its settings per process, so each program's set-up runs in a fresh
Python with a temporary Kivy home, as the programs themselves start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from screens.shared.window_setup import design_scale

ROOT = Path(__file__).resolve().parents[1]
SHARED = {
    "graphics.multisamples": "0",
    "graphics.resizable": "1",
    "kivy.exit_on_escape": "0",
    "input.mouse": "mouse,multitouch_on_demand",
}
READ_BACK = """
import json, os, sys
{setup}
from kivy.config import Config
keys = ["graphics.multisamples", "graphics.resizable", "kivy.exit_on_escape", "input.mouse", "graphics.width",
        "graphics.height", "graphics.fullscreen", "kivy.kivy_clock", "graphics.show_cursor"]
values = {{k: Config.get(*k.split(".")) for k in keys}}
values["KIVY_NO_ARGS"] = os.environ.get("KIVY_NO_ARGS")
print(json.dumps(values))
"""


def _settings_after(setup: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_"))}
    env.update(KIVY_HOME=str(tmp_path / "kivy"), SDL_VIDEODRIVER="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", READ_BACK.format(setup=setup)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_teacher_window_gets_the_shared_settings_at_its_size(tmp_path: Path) -> None:
    setup = "from screens.shared.window_setup import configure_window\nconfigure_window((1280, 800))"
    got = _settings_after(setup, tmp_path)
    assert {k: got[k] for k in SHARED} == SHARED
    assert (got["graphics.width"], got["graphics.height"], got["graphics.fullscreen"]) == ("1280", "800", "0")
    assert got["KIVY_NO_ARGS"] == "1"


def test_the_kiosk_gets_the_same_shared_settings_and_its_own_on_top(tmp_path: Path) -> None:
    setup = "from screens.pi.launch import configure_kivy\nconfigure_kivy((800, 480), fullscreen=True, kiosk=True)"
    got = _settings_after(setup, tmp_path)
    assert {k: got[k] for k in SHARED} == SHARED
    assert (got["graphics.width"], got["graphics.height"], got["graphics.fullscreen"]) == ("800", "480", "auto")
    assert (got["kivy.kivy_clock"], got["graphics.show_cursor"], got["KIVY_NO_ARGS"]) == ("interrupt", "0", "1")


@pytest.mark.parametrize(
    ("size", "design", "smallest", "scale"),
    [
        ((800, 480), (800, 480), 0.0, 1.0),
        ((1600, 960), (800, 480), 0.0, 2.0),
        ((1024, 600), (800, 480), 0.0, 1.25),  # the narrower side decides, so nothing is cut off
        ((640, 400), (1280, 800), 0.6, 0.6),  # the laptop window never shrinks its words below 0.6
        ((1920, 1080), (1280, 800), 0.6, 1.35),
    ],
)
def test_the_scale_fits_the_design_into_the_window(size, design, smallest, scale) -> None:
    assert design_scale(size, design, smallest) == pytest.approx(scale)
