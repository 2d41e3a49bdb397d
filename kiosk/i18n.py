"""One translation function for every user-visible string.

Catalogs are JSON files ``assets/lang/<code>.json`` mapping the English text to the
translation; English needs no catalog. A missing entry falls back to English so a
half-translated catalog never shows a blank button.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["Translator"]


class Translator:
    """Translates and formats: ``tr("Have fun at {center}!", center="Art")``."""

    def __init__(self, language: str, catalog_dir: Path) -> None:
        self.language = language
        self._catalog: dict[str, str] = {}
        path = catalog_dir / f"{language}.json"
        if language != "en" and path.is_file():
            self._catalog = json.loads(path.read_text(encoding="utf-8"))

    def __call__(self, text: str, **values: object) -> str:
        return self._catalog.get(text, text).format(**values)
