"""Text drawn on a canvas: each name rendered once per size, in any script, fitted at a word.

A Kivy Label costs a widget, a layout pass and a texture (most of a millisecond);
a page with a hundred captions spent most of its time making them. Canvas-drawn
views (a day's timeline, bar charts) draw these textures instead. Names go
through the same script-aware path as every label (``ReviewApp.script``: the font
chain for other scripts, right-to-left runs in visual order), and a text too wide
for its place loses whole words, never letters inside one.
"""

from __future__ import annotations

import unicodedata

from kivy.app import App
from kivy.cache import Cache
from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel
from kivy.graphics.texture import Texture

__all__ = ["ELLIPSIS", "fit_name", "fit_whole", "fit_words", "initials", "rendered"]

ELLIPSIS = "…"
Cache.register("review.text", limit=6000)


def rendered(text: str, size: float) -> Texture:
    """``text`` (a name in any script) rendered white at ``size``; tint it with a ``Color``."""
    key = f"{size}|texture|{text}"
    found = Cache.get("review.text", key)
    if found is None:
        app = App.get_running_app()
        drawn = app.script(text) if hasattr(app, "script") else text
        label = CoreLabel(text=text, font_size=size) if drawn == text else CoreMarkupLabel(text=drawn, font_size=size)
        label.refresh()
        found = label.texture
        Cache.append("review.text", key, found)
    return found


def _wide(text: str, size: float) -> int:
    return int(rendered(text, size).width) if text else 0


def fit_whole(text: str, width: float, size: float) -> str:
    """The whole text when it fits ``width`` pixels, else "…" (a block on a timeline)."""
    return text if _wide(text, size) <= width else ELLIPSIS


def initials(name: str) -> str:
    """A name's initials, each a whole letter with its accents ("José María" → "JM"; "Zoë" → "Z")."""
    found = []
    for word in name.split():
        letter = word[0]
        for mark in word[1:]:
            if not unicodedata.combining(mark):
                break
            letter += mark
        found.append(letter)
    return "".join(found)


def fit_name(text: str, width: float, size: float) -> str:
    """The whole name when it fits ``width`` pixels, else its initials, else "…" (a short stay on a timeline).

    A trailing "?" (a time the kiosk's clock may have had wrong) is kept with the initials.
    """
    if _wide(text, size) <= width:
        return text
    mark = "?" if text.endswith("?") else ""
    short = initials(text.removesuffix("?")) + mark
    return short if short and _wide(short, size) <= width else ELLIPSIS


def fit_words(text: str, width: float, size: float) -> str:
    """The whole text, else as many leading words as fit followed by "…", else "" (a caption)."""
    key = f"{size}|fit|{int(width)}|{text}"
    found = Cache.get("review.text", key)
    if found is None:
        found = _fit_words(text, width, size)
        Cache.append("review.text", key, found)
    return found


def _fit_words(text: str, width: float, size: float) -> str:
    if _wide(text, size) <= width:
        return text
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        shorter = " ".join(words[:count]).rstrip(" ,;:—-") + ELLIPSIS
        if _wide(shorter, size) <= width:
            return shorter
    return ELLIPSIS if _wide(ELLIPSIS, size) <= width else ""
