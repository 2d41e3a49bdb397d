"""The keyboard-wedge detector: reader bursts are scans, people typing are not, no key is lost."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device.errors import ReaderSettingsError
from device.keyboard_wedge import WedgeDetector, WedgeResult

READER_GAP = 0.008
HUMAN_GAP = 0.15


def typed(text: str, start: float, gap: float, enter: bool = True) -> list[tuple[str, float]]:
    keys = list(text) + (["enter"] if enter else [])
    return [(key, start + i * gap) for i, key in enumerate(keys)]


def run(detector: WedgeDetector, events: list[tuple[str, float]]) -> tuple[list[str], list[str]]:
    """Scans found, and the keys the app would deliver (released keys, then unswallowed ones)."""
    scans, delivered = [], []
    for key, at in events:
        result = detector.feed(key, at)
        delivered += result.release
        if not result.swallow:
            delivered.append(key)
        if result.scan:
            scans.append(result.scan)
    if detector.deadline is not None:
        delivered += detector.flush(detector.deadline + 1).release
    return scans, delivered


def test_a_reader_burst_is_one_scan_and_every_key_is_swallowed():
    detector = WedgeDetector()
    results = [detector.feed(k, t) for k, t in typed("0004567890", 10.0, READER_GAP)]
    assert all(r.swallow and not r.release for r in results)
    assert [r.scan for r in results] == [None] * 10 + ["0004567890"]
    assert detector.deadline is None


def test_a_person_typing_digits_and_enter_is_not_a_reader():
    scans, delivered = run(WedgeDetector(), typed("123456789", 10.0, HUMAN_GAP))
    assert scans == []
    assert delivered == list("123456789") + ["enter"]


def test_a_short_fast_burst_is_typing_not_a_badge():
    scans, delivered = run(WedgeDetector(min_digits=6), typed("12345", 10.0, READER_GAP))
    assert scans == [] and delivered == list("12345") + ["enter"]


def test_enter_without_digits_passes_through():
    assert WedgeDetector().feed("enter", 1.0) == WedgeResult(scan=None, swallow=False, release=())


def test_a_burst_interrupted_by_another_key_is_released_in_order():
    detector = WedgeDetector()
    events = typed("1234", 10.0, READER_GAP, enter=False) + [("a", 10.04)] + typed("56", 10.05, READER_GAP)
    scans, delivered = run(detector, events)
    assert scans == []
    assert delivered == ["1", "2", "3", "4", "a", "5", "6", "enter"]


def test_a_whole_burst_after_an_interruption_is_a_scan():
    events = typed("1234", 10.0, READER_GAP, enter=False) + [("a", 10.04)] + typed("567890", 10.05, READER_GAP)
    assert run(WedgeDetector(), events) == (["567890"], ["1", "2", "3", "4", "a"])


def test_a_burst_with_a_slow_key_in_the_middle_is_not_a_scan():
    events = typed("123", 10.0, READER_GAP, enter=False) + typed("4567890", 10.2, READER_GAP)
    scans, delivered = run(WedgeDetector(), events)
    assert scans == ["4567890"]
    assert delivered == ["1", "2", "3"]


def test_slow_typing_then_a_reader_burst():
    events = typed("12", 10.0, HUMAN_GAP, enter=False) + typed("62208080", 11.0, READER_GAP)
    scans, delivered = run(WedgeDetector(), events)
    assert scans == ["62208080"] and delivered == ["1", "2"]


def test_two_badges_in_a_row_are_two_scans():
    events = typed("11111111", 10.0, READER_GAP) + typed("22222222", 10.5, READER_GAP)
    assert run(WedgeDetector(), events) == (["11111111", "22222222"], [])


def test_digits_without_enter_are_released_by_flush_after_the_deadline():
    detector = WedgeDetector()
    for key, at in typed("1234567", 10.0, READER_GAP, enter=False):
        assert detector.feed(key, at).swallow
    deadline = detector.deadline
    assert deadline == pytest.approx(10.0 + 6 * READER_GAP + 0.05)
    assert detector.flush(deadline - 0.01).release == ()
    assert detector.flush(deadline + 0.001).release == tuple("1234567")
    assert detector.deadline is None


def test_numpad_digits_and_enter_keys_are_understood():
    detector = WedgeDetector()
    events = [(f"numpad{d}", 1.0 + i * READER_GAP) for i, d in enumerate("987654")] + [("numpadenter", 1.06)]
    assert run(detector, events) == (["987654"], [])


def test_a_burst_longer_than_any_badge_is_typing():
    scans, delivered = run(WedgeDetector(max_digits=12), typed("1" * 20, 1.0, READER_GAP))
    assert scans == [] and delivered == ["1"] * 20 + ["enter"]


def test_impossible_settings_are_refused():
    with pytest.raises(ReaderSettingsError):
        WedgeDetector(max_gap=0)
    with pytest.raises(ReaderSettingsError):
        WedgeDetector(min_digits=10, max_digits=8)


keys = st.sampled_from(list("0123456789") + ["enter", "a", "shift", "numpad5"])


@given(st.lists(st.tuples(keys, st.floats(0.0, 0.3)), max_size=60))
def test_no_key_is_lost_or_duplicated(presses):
    """Delivered keys plus the keys that made scans are exactly the keys pressed, in order."""
    detector, now, accounted = WedgeDetector(), 100.0, []
    for key, pause in presses:
        now += pause
        result = detector.feed(key, now)
        accounted += result.release
        if result.scan is not None:
            assert len(result.scan) >= detector.min_digits and key in ("enter",)
            accounted += [None] * (len(result.scan) + 1)
        elif not result.swallow:
            accounted.append(key)
    accounted += detector.flush(now + 1.0).release
    pressed = [key for key, _ in presses]
    assert len(accounted) == len(pressed)
    assert all(got is None or got == key for got, key in zip(accounted, pressed))


@given(st.text("0123456789", min_size=6, max_size=20), st.floats(0.08, 1.0))
def test_typing_slower_than_the_gap_is_never_a_scan(digits, gap):
    scans, delivered = run(WedgeDetector(), typed(digits, 50.0, gap))
    assert scans == [] and delivered == [*digits, "enter"]
