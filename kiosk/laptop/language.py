"""The laptop's language: the class's (set on the laptop, synced), for the CLI, CSV and report.

A teacher who set their class to Spanish reads the laptop's messages in Spanish too;
a laptop that has not synced a class yet speaks English.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol

from kiosk.shared.text.i18n import SOURCE_LANGUAGE, Translator
from kiosk.shared.turn_language import turn_language

__all__ = ["class_language", "laptop_translator", "locale_dir"]


class _Records(Protocol):
    def records(self, kind: str) -> list[dict[str, Any]]: ...


def locale_dir() -> Path:
    return Path(str(files("assets"))) / "locale"


def class_language(store: _Records) -> str:
    """The class settings' language, or English before the first sync."""
    settings = next((r for r in store.records("settings") if r.get("id") == "class"), {})
    return turn_language("", str(settings.get("language") or SOURCE_LANGUAGE))


def laptop_translator(store: _Records) -> Translator:
    return Translator(class_language(store), locale_dir())
