"""Kivy markup that draws any script: each run of a text in the font of the chain that has it.

The label's own font (Andika) draws what it can; every other run is wrapped in
``[font=…]``, after right-to-left runs were put in visual order. Labels that show
names or class words use ``markup: True`` and ``text: app.script(words)``.
"""

from __future__ import annotations

import re

from kivy.utils import escape_markup

from kiosk.shared.text.bidi_text import visual_order
from kiosk.shared.text.fonts import FontChain

__all__ = ["plain_text", "script_markup"]

_FONT_TAG = re.compile(r"\[/?font(=[^\]]*)?\]")


def script_markup(text: str, chain: FontChain, bold: bool = False) -> str:
    """``text`` as markup for a label whose own font is the chain's first; a bold label gets bold faces."""
    own = chain.fonts[0] if chain.fonts else None
    pieces = []
    for font, run in chain.runs(visual_order(text)):
        escaped = escape_markup(run)
        if font is None or font == own:
            pieces.append(escaped)
        else:
            pieces.append(f"[font={chain.bold_of(font) if bold else font}]{escaped}[/font]")
    return "".join(pieces)


def plain_text(markup: str) -> str:
    """The words a ``script_markup`` text shows (in drawing order), without its tags."""
    return _FONT_TAG.sub("", markup).replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")
