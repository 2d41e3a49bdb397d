"""The laptop's language: the class's (set on the laptop, synced), for the CLI, CSV and report.

A teacher who set their class to Spanish reads the laptop's messages in Spanish too;
a laptop that has not synced a class yet speaks English.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from kiosk.shared.assets import LOCALE_DIR
from kiosk.shared.files.atomic_storage import parse_config
from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.sync.setup_record_types import SettingsRecord, settings_records
from kiosk.shared.text.i18n import SOURCE_LANGUAGE, Translator
from kiosk.shared.turn_language import turn_language

__all__ = ["class_language", "folder_translator", "laptop_translator", "locale_dir"]


class _Settings(Protocol):
    def settings(self) -> SettingsRecord: ...


def locale_dir() -> Path:
    return LOCALE_DIR


def class_language(store: _Settings) -> str:
    """The class settings' language, or English before the first sync."""
    return turn_language("", str(store.settings().get("language") or SOURCE_LANGUAGE))


def laptop_translator(store: _Settings) -> Translator:
    return Translator(class_language(store), locale_dir())


def folder_translator(folder: Path) -> Translator:
    """The class's language of a laptop folder, read without opening it (English when unknown).

    For what a command says before it can open the folder — the window may have it
    open — so "already open" too reaches the teacher in the class's language. The
    folder's ``laptop.json`` (written atomically, checked as the store checks it) is only read.
    """
    path = folder / "laptop.json"
    try:
        tables = json.loads(parse_config(path.read_bytes(), path))
        settings = [r for r in tables.get("settings", {}).values() if isinstance(r, dict)]
    except (OSError, ValueError, CorruptFileError):
        settings = []
    return laptop_translator(_FolderSettings(settings_records(settings)))


class _FolderSettings:
    def __init__(self, settings: list[SettingsRecord]) -> None:
        self._settings = settings

    def settings(self) -> SettingsRecord:
        none: SettingsRecord = {}
        return next((r for r in self._settings if r.get("id") == "class"), none)
