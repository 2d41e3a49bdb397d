"""Where the installed assets are: pictures, fonts, sounds, catalogues, the demo classroom.

Both programs read them (the laptop its catalogues and demo), so their place is found once.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["ASSETS_DIR", "DEMO_CLASSROOM", "LOCALE_DIR", "OWN_FONT"]


def _assets_dir() -> Path:
    """The installed ``assets`` package: a folder on disk, in a checkout or a wheel."""
    root = files("assets")
    if not isinstance(root, Path):
        raise RuntimeError(f"choice-kiosk: the assets must be installed as files, not {root!r}")
    return root


ASSETS_DIR = _assets_dir()
DEMO_CLASSROOM = ASSETS_DIR / "demo" / "classroom.json"
LOCALE_DIR = ASSETS_DIR / "locale"
OWN_FONT = ASSETS_DIR / "fonts" / "Andika-Regular.ttf"
