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
from bidi.algorithm import get_display

__all__ = ["has_rtl", "visual_order"]


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def visual_order(text: str) -> str:
    """``text`` as it is drawn left to right; each line on its own, so a wrapped sentence stays in order."""
    if not has_rtl(text):
        return text
    return "\n".join(get_display(reshape(line)) for line in text.split("\n"))
