"""``choice-kiosk setup-pi``: turn a Raspberry Pi into a kiosk, as a plan of steps.

The plan (files to write, commands to run, see ``steps``) is built from plain values by
a pure function, so ``--dry-run`` prints exactly what a real run does and tests read it.
Run as the Pi's own user: the commands that need root go through sudo. With
``--offline`` the Debian packages come from the stick (``offline_apt``), not the internet.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.pi.install.offline_apt import offline_steps
from kiosk.pi.install.steps import Command, FileWrite, Step, apply_plan, describe_plan
from kiosk.pi.install.unit import JOURNALD_DROP_IN, SERVICE_NAME, KioskUnit, journald_drop_in, service_unit

__all__ = [
    "CLASSROOM_COPY",
    "DEBIAN_PACKAGES",
    "GROUPS",
    "MAINTENANCE",
    "Command",
    "FileWrite",
    "Step",
    "apply_plan",
    "classroom_copy",
    "describe_plan",
    "finish_message",
    "setup_plan",
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
_NAME = SERVICE_NAME.removesuffix(".service")
MAINTENANCE = (
    f"systemctl status {_NAME}               # running? restarted how often?",
    f"journalctl -u {_NAME} -b               # its log since this boot (-f to follow)",
    f"sudo systemctl stop {_NAME}            # until the next power-on",
    f"sudo systemctl start {_NAME}",
    f"sudo systemctl restart {_NAME}         # after an update",
    f"sudo systemctl disable --now {_NAME}   # take it off the wall for good",
)


CLASSROOM_COPY = "classroom.json"


def classroom_copy(data_dir: Path) -> Path:
    """Where setup-pi keeps the class's file: the kiosk reads it at its first start, after the
    reboot, when the stick it came from is no longer mounted."""
    return data_dir / CLASSROOM_COPY


def setup_plan(unit: KioskUnit, install_packages: bool = True, offline: Path | None = None,
               classroom_source: Path | None = None) -> list[Step]:
    """Every step, in order: packages (from the internet, or from ``offline``'s repository), groups,
    the class's file copied into the kiosk's data (as the kiosk's user), the service, the journal
    bound, boot target."""
    steps: list[Step] = []
    if install_packages and offline is not None:
        steps += offline_steps(offline, DEBIAN_PACKAGES)
    elif install_packages:
        steps.append(Command(("sudo", "apt-get", "install", "-y", "--no-install-recommends", *DEBIAN_PACKAGES)))
    steps += [
        Command(("sudo", "usermod", "--append", "--groups", ",".join(GROUPS), unit.user)),
    ]
    if classroom_source is not None and unit.classroom is not None:
        as_user = ("sudo", "-u", unit.user)
        steps += [
            Command((*as_user, "install", "-d", "-m", "0700", str(unit.data_dir))),
            Command((*as_user, "install", "-m", "0600", str(classroom_source), str(unit.classroom))),
        ]
    steps += [
        FileWrite(UNIT_DIR / SERVICE_NAME, service_unit(unit)),
        FileWrite(JOURNALD_DROP_IN, journald_drop_in()),
        Command(("sudo", "systemctl", "set-default", "multi-user.target")),
        Command(("sudo", "systemctl", "daemon-reload")),
        Command(("sudo", "systemctl", "restart", "systemd-journald.service")),
        Command(("sudo", "systemctl", "enable", SERVICE_NAME)),
    ]
    return steps


def finish_message(unit: KioskUnit) -> str:
    """What setup-pi prints at the end: the same maintenance commands as the README's."""
    commands = "".join(f"  {line}\n" for line in MAINTENANCE)
    return f"""\
The kiosk starts full screen at the next power-on (now: sudo reboot).
It restarts by itself if it closes, crashes or hangs ({SERVICE_NAME}).
For maintenance, from ssh or a keyboard on a second console (Ctrl+Alt+F2):
{commands}Data: {unit.data_dir}
"""
