"""What fits on a card at the Pi's 800×480: text shrunk to fit whole, faces big enough to know.

The screens measure (Kivy lays out the text); these rules decide, over plain values:
which font size to use, whether a laid-out text still shows every word whole, and
how many friends' faces fit a box at a size a child can recognise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

__all__ = ["FACE_MM", "face_slots", "fitted_size", "font_sizes", "px_per_mm", "shows_whole_text"]

FACE_MM = 8.0
"""A friend's face is at least this big on the screen, or a count is shown instead."""


def px_per_mm(width_px: int = 800, width_mm: float = 155.0) -> float:
    """Pixels per millimetre of a screen; the default is the Pi's 7" touch screen."""
    return width_px / width_mm


def font_sizes(largest: float, smallest: float, step: float = 1.0) -> list[float]:
    """The sizes to try, largest first."""
    sizes = []
    size = largest
    while size >= smallest - 1e-9:
        sizes.append(size)
        size -= step
    return sizes


def fitted_size(sizes: Sequence[float], fits: Callable[[float], bool]) -> float | None:
    """The first (largest) size that fits, or None when even the last does not.

    Text that fits at a size fits at every smaller one, so the sizes are halved rather
    than walked: the largest is tried first (it usually fits), then the smallest, then
    the middle of what is left. Each try lays the text out (a Kivy render), so a box
    squeezed to a few pixels while its layout settles costs two tries, not one per size.
    """
    if not sizes:
        return None
    if fits(sizes[0]):
        return sizes[0]
    if len(sizes) == 1 or not fits(sizes[-1]):
        return None
    too_big, fitting = 0, len(sizes) - 1
    while fitting - too_big > 1:
        middle = (too_big + fitting) // 2
        if fits(sizes[middle]):
            fitting = middle
        else:
            too_big = middle
    return sizes[fitting]


def shows_whole_text(text: str, lines: Iterable[str]) -> bool:
    """Whether laid-out lines show every word of ``text``, none cut off or split mid-word."""
    shown = " ".join(word for line in lines for word in line.split())
    return shown == " ".join(text.split())


def face_slots(width: float, height: float, face: float, gap: float, friends: int) -> tuple[int, int]:
    """(faces shown, friends counted as "+N") for a box; (0, friends) when no face fits.

    When there are more friends than places, the last place shows the count, so every
    face shown is full size and no friend silently disappears.
    """
    if friends <= 0:
        return 0, 0
    columns = int((width + gap) // (face + gap))
    rows = int((height + gap) // (face + gap))
    places = columns * rows
    if places <= 0:
        return 0, friends
    if friends <= places:
        return friends, 0
    return places - 1, friends - (places - 1)
