"""Kivy's log, bounded so a day of errors cannot fill the Pi's SD card.

Left alone, Kivy writes a new file per start at INFO level into ``KIVY_HOME/logs``,
each unbounded, and keeps 100 of them. The kiosk instead keeps Kivy's messages at
WARNING and up, and writes them either to the journal (under systemd: stderr, which
journald bounds and rotates) or, started by hand, to one rotating file of at most
``MAX_BYTES`` with ``BACKUPS`` older ones, in the data directory.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import MutableMapping
from pathlib import Path

__all__ = ["BACKUPS", "LOG_LEVEL", "MAX_BYTES", "attach_file_log", "prepare_kivy_log"]

LOG_LEVEL = "warning"
MAX_BYTES = 256 * 1024
BACKUPS = 2


def under_journal(env: MutableMapping[str, str]) -> bool:
    """systemd connected stderr to the journal (it sets JOURNAL_STREAM)."""
    return bool(env.get("JOURNAL_STREAM"))


def prepare_kivy_log(env: MutableMapping[str, str]) -> None:
    """Before Kivy is imported: its handlers on its own logger, no per-start file."""
    env.setdefault("KIVY_LOG_MODE", "MIXED")
    env["KIVY_NO_FILELOG"] = "1"
    env.setdefault("KCFG_KIVY_LOG_LEVEL", LOG_LEVEL)


def _owner_only(folder: Path) -> None:
    """Kivy copies its icons into its home with the package's modes (0644), umask or not."""
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            path.chmod(mode & 0o700)


def attach_file_log(log_dir: Path, env: MutableMapping[str, str]) -> Path | None:
    """After Kivy is imported: owner-only home, the level, and the rotating file unless the journal keeps it."""
    from kivy import kivy_home_dir
    from kivy.config import Config
    from kivy.logger import Logger

    _owner_only(Path(kivy_home_dir))
    Config.set("kivy", "log_level", LOG_LEVEL)
    Logger.setLevel(logging.WARNING)
    if under_journal(env):
        return None
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = log_dir / "kiosk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s] %(message)s"))
    Logger.addHandler(handler)
    return path
