"""The Kivy window set-up both programs share: the kiosk on the wall and the teacher's laptop window.

Kivy reads its settings when its modules are first imported, so ``configure_window``
runs before any Kivy module that makes a window. The rest runs in each App's
``build``: Andika as the default font (made for children learning to read, and it
has the letters of every catalogue language), the .kv rules with the shared widgets
first, and the scale ``u`` every size is multiplied by.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from screens.shared.touch_input import POINTER, touch_input

__all__ = ["configure_window", "design_scale", "load_kv_folders", "register_fonts"]

SHARED_KV = "widgets.kv"


def configure_window(size: tuple[int, int], *, fullscreen: bool = False) -> None:
    """A resizable window of ``size``; no Kivy argument parsing, no escape-to-quit.

    Kivy's own command-line options would swallow the program's; escape closing the
    window would let a child (or a stray key on a laptop) end the program. No
    multisampling: the flat drawings gain nothing from it, and it doubles the cost of
    every frame on a small GPU or a software renderer. Each touch screen reaches Kivy
    through one input provider only (``screens.shared.touch_input``).
    """
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config

    Config.set("graphics", "multisamples", "0")
    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "resizable", "1")
    Config.set("kivy", "exit_on_escape", "0")
    touch = touch_input(os.environ)
    os.environ.update(touch.sdl_hints)
    if touch.providers is None:
        Config.set("input", "mouse", POINTER)
        return
    for name in Config.options("input"):
        Config.remove_option("input", name)
    for name, value in touch.providers.items():
        Config.set("input", name, value)


def register_fonts(fonts_dir: Path) -> None:
    """Andika, regular and bold, as the font every label uses unless it names another."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    LabelBase.register(
        DEFAULT_FONT, fn_regular=str(fonts_dir / "Andika-Regular.ttf"), fn_bold=str(fonts_dir / "Andika-Bold.ttf")
    )


def load_kv_folders(folders: Iterable[Path]) -> None:
    """Every .kv file of each folder, its ``widgets.kv`` first: the others' rules use its widgets."""
    from kivy.lang import Builder

    for folder in folders:
        shared = folder / SHARED_KV
        own = sorted(p for p in folder.glob("*.kv") if p != shared)
        for kv in [shared, *own] if shared.is_file() else own:
            Builder.load_file(str(kv))


def design_scale(size: tuple[int, int], design: tuple[int, int], smallest: float = 0.0) -> float:
    """How much to scale a layout drawn for ``design`` so it fits ``size``, never below ``smallest``."""
    return max(smallest, min(size[0] / design[0], size[1] / design[1]))
