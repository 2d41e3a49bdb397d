"""The files ``setup-pi`` writes: the kiosk's systemd service and a journald bound.

Pure text from plain values, so tests read every line and ``systemd-analyze verify``
checks the unit. The default runs the kiosk on the console's screen through SDL's
KMSDRM driver, with no desktop: nothing but the kiosk is ever on screen, and the
service owns tty1 so SDL switches the console's keyboard off while it runs.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

__all__ = ["JOURNALD_DROP_IN", "SERVICE_NAME", "KioskUnit", "journald_drop_in", "service_unit"]

SERVICE_NAME = "choice-kiosk.service"
JOURNALD_DROP_IN = Path("/etc/systemd/journald.conf.d/choice-kiosk.conf")
WATCHDOG_S = 30
RESTART_S = 5


@dataclass(frozen=True)
class KioskUnit:
    """Who runs the kiosk, from where, on which data."""

    user: str
    executable: Path
    data_dir: Path
    classroom: Path | None = None


def _exec_start(unit: KioskUnit) -> str:
    args = [str(unit.executable), "run", "--fullscreen", "--kiosk", "--data-dir", str(unit.data_dir)]
    if unit.classroom is not None:
        args += ["--classroom", str(unit.classroom)]
    return shlex.join(args)


def service_unit(unit: KioskUnit) -> str:
    """The service: at boot, full screen, restarted on exit, crash or a hung UI."""
    return f"""\
# Written by `choice-kiosk setup-pi`; run it again rather than editing this file.
[Unit]
Description=Choice Kiosk (the classroom's choice board)
After=systemd-user-sessions.service getty@tty1.service network.target
Conflicts=getty@tty1.service
StartLimitIntervalSec=0

[Service]
Type=notify
NotifyAccess=main
User={unit.user}
WorkingDirectory=~
UMask=0077
Environment=SDL_VIDEODRIVER=kmsdrm
Environment=KIVY_WINDOW=sdl2
Environment=KIVY_NO_ARGS=1
Environment=KIVY_HOME={unit.data_dir / "kivy"}
ExecStart={_exec_start(unit)}
Restart=always
RestartSec={RESTART_S}
WatchdogSec={WATCHDOG_S}
TimeoutStartSec=180
TimeoutStopSec=20
TTYPath=/dev/tty1
TTYReset=yes
TTYVHangup=yes
StandardInput=tty
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=multi-user.target
"""


def journald_drop_in() -> str:
    """The journal keeps the kiosk's log; bounded so a day of errors cannot fill the card."""
    return """\
# Written by `choice-kiosk setup-pi`: the journal holds the kiosk's log, bounded.
[Journal]
SystemMaxUse=64M
SystemMaxFileSize=8M
RuntimeMaxUse=32M
RateLimitIntervalSec=30s
RateLimitBurst=1000
"""
