"""What fits on a card, with plain numbers and strings."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from kiosk.pi.fit import FACE_MM, face_slots, fitted_size, font_sizes, px_per_mm, shows_whole_text


def test_font_sizes_run_from_largest_to_smallest():
    assert font_sizes(14, 10) == [14, 13, 12, 11, 10]
    assert font_sizes(10, 12) == []


def test_the_largest_size_that_fits_is_chosen():
    width_at = {14: 300, 13: 260, 12: 220, 11: 190}
    assert fitted_size(font_sizes(14, 11), lambda s: width_at[s] <= 230) == 12
    assert fitted_size(font_sizes(14, 11), lambda s: False) is None
    assert fitted_size([], lambda s: True) is None


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=41))
def test_halving_finds_what_walking_finds_in_few_tries(count: int, fitting_from: int) -> None:
    """Sizes from ``fitting_from`` on (largest first) fit: the same answer as trying each, in 2 + log2 tries."""
    sizes = [float(40 - i) for i in range(count)]
    tried: list[float] = []

    def fits(size: float) -> bool:
        tried.append(size)
        return sizes.index(size) >= fitting_from

    walked = next((size for i, size in enumerate(sizes) if i >= fitting_from), None)
    assert fitted_size(sizes, fits) == walked
    assert len(tried) <= 2 + math.ceil(math.log2(count))
    assert len(set(tried)) == len(tried), "no size is laid out twice"
    if fitting_from == 0:
        assert tried == [sizes[0]], "text that fits at the largest size is laid out once"


def test_a_text_shown_whole_keeps_every_word_in_order():
    text = "Look closely with the magnifier and draw what you see."
    assert shows_whole_text(text, ["Look closely with the", "magnifier and draw what", "you see."])
    assert not shows_whole_text(text, ["Look closely with the", "magnifier and draw what you"])
    assert not shows_whole_text(text, ["Look closely with the magni", "fier and draw what you see."])
    assert shows_whole_text("  two   spaces ", ["two spaces"])


def test_faces_at_8_mm_on_the_7_inch_screen():
    face = FACE_MM * px_per_mm()
    assert 41 < face < 42
    assert face_slots(44, 100, 42, 2, 1) == (1, 0)
    assert face_slots(44, 100, 42, 2, 2) == (2, 0)
    assert face_slots(44, 100, 42, 2, 5) == (1, 4), "one face and +4"
    assert face_slots(44, 30, 42, 2, 3) == (0, 3), "no room for a face: the count alone"
    assert face_slots(200, 42, 42, 2, 0) == (0, 0)
