"""A held card is one scan; the same card after the gap is a new one (time is driven, not slept)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device.errors import ReaderSettingsError
from device.repeat_filter import RepeatFilter


def held(start: float, seconds: float, every: float = 0.1) -> list[float]:
    """Times at which a reader repeats a card held from ``start`` for ``seconds``."""
    return [start + i * every for i in range(round(seconds / every) + 1)]


def test_a_card_held_for_five_seconds_is_one_scan():
    repeats = RepeatFilter(gap=2.0)
    assert [repeats.accept("0A1B2C3D4E", t) for t in held(100.0, 5.0)].count(True) == 1


def test_the_same_card_after_a_two_second_gap_is_a_new_scan():
    repeats = RepeatFilter(gap=2.0)
    first = held(100.0, 5.0)
    again = held(first[-1] + 2.0, 1.0)
    results = [repeats.accept("0A1B2C3D4E", t) for t in first + again]
    assert results.count(True) == 2 and results[len(first)] is True


def test_the_same_card_back_within_the_gap_is_still_the_same_scan():
    repeats = RepeatFilter(gap=2.0)
    assert repeats.accept("A", 10.0)
    assert not repeats.accept("A", 11.9)
    assert not repeats.accept("A", 13.8)
    assert repeats.accept("A", 15.8)


def test_another_card_is_a_new_scan_at_once_and_cards_are_tracked_apart():
    repeats = RepeatFilter(gap=2.0)
    assert repeats.accept("A", 10.0)
    assert repeats.accept("B", 10.1)
    assert not repeats.accept("A", 10.2)
    assert repeats.accept("A", 12.3)


@pytest.mark.parametrize("gap", [0.5, 5.0])
def test_the_gap_is_configurable(gap):
    repeats = RepeatFilter(gap=gap)
    assert repeats.accept("A", 0.0)
    assert not repeats.accept("A", gap * 0.9)
    assert repeats.accept("A", gap * 0.9 + gap)


def test_a_zero_gap_passes_every_sighting_and_a_negative_gap_is_refused():
    repeats = RepeatFilter(gap=0)
    assert all(repeats.accept("A", t) for t in held(0.0, 1.0))
    with pytest.raises(ReaderSettingsError):
        RepeatFilter(gap=-1)


@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B"]), st.floats(0.0, 1.0), st.floats(0.0, 6.0), st.floats(2.05, 10.0)),
        max_size=8,
    )
)
def test_one_scan_per_presentation_whatever_the_hold_and_the_gaps(presentations):
    """Presentations of one card apart by at least the gap count once each; holds never add."""
    repeats = RepeatFilter(gap=2.0)
    now, last_seen, expected, scans = 0.0, {}, 0, 0
    for card, start_delay, hold, away in presentations:
        now += start_delay
        start = max(now, last_seen.get(card, -10.0) + away)
        expected += 1
        times = held(start, hold)
        scans += sum(repeats.accept(card, t) for t in times)
        last_seen[card] = times[-1]
        now = times[-1]
    assert scans == expected
