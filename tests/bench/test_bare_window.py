"""The bare window ``bench ui`` compares the kiosk with is configured as the kiosk on the wall, and is bare."""

from __future__ import annotations

import json
import os
import subprocess
import sys

KIOSK = """
import os
from screens.pi.kivy_log import prepare_kivy_log
from screens.pi.launch import configure_kivy
prepare_kivy_log(os.environ)
configure_kivy((800, 480), fullscreen=False, kiosk=True)
"""
BARE = """
from screens.bench.bare_window import configure_bare
configure_bare((800, 480))
"""
REPORT = """
import json, os, sys
from kivy.config import Config
settings = {f"{s}.{k}": v for s in Config.sections() for k, v in Config.items(s)}
env = {k: v for k, v in os.environ.items() if k.startswith(("KIVY_", "KCFG_"))}
mine = sorted(m for m in sys.modules if m.split(".")[0] in ("kiosk", "screens", "device"))
print(json.dumps({"settings": settings, "env": env, "modules": mine}))
"""


def _configured(setup: str, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_"))}
    env.update(KIVY_HOME=str(tmp_path / "kivy"), SDL_VIDEODRIVER="offscreen", KIVY_NO_ARGS="1")
    (tmp_path / "kivy").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", setup + REPORT], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_bare_window_has_the_kiosks_window_settings_and_none_of_its_modules(tmp_path):
    kiosk, bare = _configured(KIOSK, tmp_path), _configured(BARE, tmp_path)
    assert bare["settings"] == kiosk["settings"]
    assert bare["env"] == kiosk["env"]
    assert kiosk["settings"]["kivy.kivy_clock"] == "interrupt" and kiosk["env"]["KIVY_NO_CONFIG"] == "1"
    assert set(bare["modules"]) <= {
        "screens", "screens.bench", "screens.bench.bare_window", "screens.shared", "screens.shared.window_setup",
        "screens.shared.touch_input",  # part of the window settings: one input provider per display
    }, "the yardstick imports nothing of the kiosk (its notify sender only once it runs)"
    assert "kiosk.pi.bootstrap" in kiosk["modules"], "what the kiosk loads beyond Kivy shows in the figures"
    assert "kiosk.pi.sync.server" not in kiosk["modules"], "the network's modules load after the first frame"
