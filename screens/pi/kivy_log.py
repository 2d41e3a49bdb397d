"""Kivy's files on the Pi: its home made owner-only before Kivy starts, its log bounded.

Kivy makes its home folder (``KIVY_HOME``, else ``~/.kivy``) only when it may write its
config file; a locked-down kiosk (``KIVY_NO_CONFIG``) runs with none, so on a fresh Pi
nobody would make it: ``make_kivy_home`` does, before Kivy is imported.

Left alone, Kivy writes a new file per start at INFO level into ``KIVY_HOME/logs``,
each unbounded, and keeps 100 of them. The kiosk instead keeps Kivy's messages at
WARNING and up, and writes them either to the journal (under systemd: stderr, which
journald bounds and rotates) or, started by hand, to one rotating file of at most
``MAX_BYTES`` with ``BACKUPS`` older ones, in the data directory.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from collections.abc import Mapping, MutableMapping
from pathlib import Path

__all__ = ["BACKUPS", "LOG_LEVEL", "MAX_BYTES", "attach_file_log", "kivy_home", "make_kivy_home", "prepare_kivy_log"]

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


def kivy_home(env: Mapping[str, str]) -> Path:
    """The folder Kivy will use, decided as Kivy decides it: ``KIVY_HOME``, else ``~/.kivy``."""
    given = env.get("KIVY_HOME")
    return Path(given).expanduser() if given else Path.home() / ".kivy"


def make_kivy_home(env: Mapping[str, str]) -> Path:
    """Before Kivy is imported: its home exists, owner-only, with any missing parents (a fresh user has none)."""
    home = kivy_home(env)
    for folder in [*reversed(home.parents), home]:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    return home


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
