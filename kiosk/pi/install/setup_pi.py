"""``choice-kiosk setup-pi``: turn a Raspberry Pi into a kiosk, as a plan of steps.

The plan (files to write, commands to run) is built from plain values by a pure
function, so ``--dry-run`` prints exactly what a real run does and tests read it.
Run as the Pi's own user: the commands that need root go through sudo.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.pi.install.unit import JOURNALD_DROP_IN, SERVICE_NAME, KioskUnit, journald_drop_in, service_unit

__all__ = [
    "DEBIAN_PACKAGES", "GROUPS", "Command", "FileWrite", "apply_plan", "describe_plan", "finish_message", "setup_plan"
]

DEBIAN_PACKAGES = (
    "python3-venv",
    "libgl1",
    "libegl1",
    "libgles2",
    "libgl1-mesa-dri",
    "libgbm1",
    "libdrm2",
    "libmtdev1",
    "espeak-ng",
    "alsa-utils",
    "fonts-noto-core",
    "fonts-noto-cjk",  # children's names in Chinese, Japanese, Korean (kiosk/shared/text/fonts.py)
    "fonts-symbola",  # emoji in names, in the text's size
)
GROUPS = ("dialout", "input", "video", "render", "audio")
UNIT_DIR = Path("/etc/systemd/system")


@dataclass(frozen=True)
class FileWrite:
    """A root-owned file, readable by all (systemd and journald read it)."""

    path: Path
    content: str


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]


Step = FileWrite | Command


def setup_plan(unit: KioskUnit, install_packages: bool = True) -> list[Step]:
    """Every step, in order: packages, groups, the service, the journal bound, boot target."""
    steps: list[Step] = []
    if install_packages:
        steps.append(Command(("sudo", "apt-get", "install", "-y", "--no-install-recommends", *DEBIAN_PACKAGES)))
    steps += [
        Command(("sudo", "usermod", "--append", "--groups", ",".join(GROUPS), unit.user)),
        FileWrite(UNIT_DIR / SERVICE_NAME, service_unit(unit)),
        FileWrite(JOURNALD_DROP_IN, journald_drop_in()),
        Command(("sudo", "systemctl", "set-default", "multi-user.target")),
        Command(("sudo", "systemctl", "daemon-reload")),
        Command(("sudo", "systemctl", "restart", "systemd-journald.service")),
        Command(("sudo", "systemctl", "enable", SERVICE_NAME)),
    ]
    return steps


def describe_plan(steps: Sequence[Step]) -> str:
    """What ``--dry-run`` prints: each file after ``# file: PATH``, each command after ``$``."""
    parts = []
    for step in steps:
        if isinstance(step, FileWrite):
            parts.append(f"# file: {step.path}\n{step.content}")
        else:
            parts.append(f"$ {shlex.join(step.argv)}\n")
    return "".join(parts)


def finish_message(unit: KioskUnit) -> str:
    return f"""\
The kiosk starts full screen at the next power-on (now: sudo reboot).
It restarts by itself if it closes, crashes or hangs ({SERVICE_NAME}).
For maintenance, from ssh or a keyboard on a second console (Ctrl+Alt+F2):
  sudo systemctl stop choice-kiosk       # until the next power-on
  sudo systemctl disable --now choice-kiosk   # off the wall for good
  journalctl -u choice-kiosk -b          # its log since this boot
Data: {unit.data_dir}
"""


def _write_as_root(step: FileWrite, run: Callable[[Sequence[str]], object]) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=step.path.suffix, delete=False) as tmp:
        tmp.write(step.content)
    try:
        run(("sudo", "install", "-D", "-m", "0644", "-o", "root", "-g", "root", tmp.name, str(step.path)))
    finally:
        os.unlink(tmp.name)


def apply_plan(steps: Sequence[Step], run: Callable[[Sequence[str]], object] | None = None) -> None:
    """Carry the plan out, stopping at the first step that fails."""
    run = run or (lambda argv: subprocess.run(list(argv), check=True))
    for step in steps:
        if isinstance(step, FileWrite):
            _write_as_root(step, run)
        else:
            run(step.argv)
