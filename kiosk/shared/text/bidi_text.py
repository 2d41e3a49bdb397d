"""Right-to-left names drawn left to right: Arabic shaped and every RTL run put in visual order.

SDL draws a line left to right in the order it is given. A name in Arabic or Hebrew
(alone or inside an English or Spanish sentence) is therefore given in visual order
by the Unicode bidi algorithm (python-bidi), and Arabic letters are first turned into
their joined forms (arabic-reshaper), since they would otherwise be joined as if read
left to right. Text with no right-to-left letter is returned as it is.
"""

from __future__ import annotations

import unicodedata

from arabic_reshaper import reshape
from bidi import get_display

__all__ = ["has_rtl", "isolate", "visual_order"]

_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
"""Bidi marks and isolates: they steer the order and are drawn as nothing (fonts have no glyph for them)."""


def isolate(name: str) -> str:
    """A name set apart in a sentence, so "محمد · 2 badges" does not pull the number into the name's run."""
    return f"\u2068{name}\u2069" if has_rtl(name) else name


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def visual_order(text: str) -> str:
    """``text`` as it is drawn left to right; each line on its own, so a wrapped sentence stays in order.

    The paragraph direction is left to right (the kiosk's languages are), so "محمد · 2
    badges" keeps its English order with the name drawn right to left inside it.
    """
    if not has_rtl(text):
        return text
    lines = (get_display(reshape(line), base_dir="L") for line in text.split("\n"))
    return "\n".join(line.translate(_CONTROLS) for line in lines)
