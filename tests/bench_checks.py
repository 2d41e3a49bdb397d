"""What a benchmark's figures must look like to be believed, whatever the machine.

A benchmark test checks that the figures are measurements and not placeholders: each
time positive and finite, each ratio finite and within a band no real run leaves
(``SANE_RATIO``: a twentieth to fifty times), each ratio the quotient of the times it
names, each count the number of things the run made. The goals themselves (how fast
is fast enough) stay in the benchmarks and their results in docs/.
"""

from __future__ import annotations

import math

__all__ = ["SANE_RATIO", "assert_ratio", "assert_ratio_of", "assert_times"]

SANE_RATIO = (0.05, 50.0)


def assert_times(*values: object) -> None:
    """Each value is a measured time: a number, finite and above zero."""
    for value in values:
        assert isinstance(value, int | float) and not isinstance(value, bool), value
        assert math.isfinite(value) and value > 0, value


def assert_ratio(value: object, low: float = SANE_RATIO[0], high: float = SANE_RATIO[1]) -> None:
    """A ratio of two measured times, inside the band a real run stays in."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    assert math.isfinite(value) and low <= value <= high, value


def assert_ratio_of(
    ratio: float,
    numerator: float,
    denominator: float,
    digits: int = 2,
    band: tuple[float, float] = SANE_RATIO,
    time_digits: int = 4,
) -> None:
    """``ratio`` is ``numerator / denominator`` (both measured), as rounded to ``digits`` in the report.

    The two times are printed rounded to ``time_digits`` on their own, so the ratio
    may lie anywhere their rounding allows, and a half unit of its own rounding
    beyond. A test's small run may need a wider ``band`` than a full benchmark run
    (fixed costs weigh more); it says why.
    """
    assert_times(numerator, denominator)
    assert_ratio(ratio, *band)
    half = 0.5 * 10**-time_digits
    lowest = (numerator - half) / (denominator + half)
    highest = (numerator + half) / (denominator - half) if denominator > half else math.inf
    slack = 0.5 * 10**-digits + 1e-9
    assert lowest - slack <= ratio <= highest + slack, (ratio, numerator, denominator)
