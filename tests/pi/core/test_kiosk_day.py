"""Which entries are "today" on a kiosk whatever its wall clock did (kiosk/pi/kiosk_day.py), with plain values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.pi.kiosk_day import Reading, today_view
from tests.shared.factories import event

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NOW = Reading("b2", 3600.0, NOON)  # the running boot began at 11:00


def at(text: str) -> str:
    return f"2026-11-25T{text}:00+00:00"


def test_the_running_boot_is_placed_by_its_monotonic_clock_whatever_its_entries_say() -> None:
    wrong = [event("ava", "blocks", boot="b2", mono=600.0, wall="2038-03-02T09:00:00+00:00"),
             event("kai", "art", boot="b2", mono=3000.0, wall="1970-01-02T09:00:00+00:00")]
    view = today_view(wrong, NOW)
    assert view.start == 0
    assert view.times == (NOON - timedelta(seconds=3000), NOON - timedelta(seconds=600))


def test_an_earlier_boot_is_placed_by_its_own_clock_when_that_is_plausible() -> None:
    entries = [event("ava", "blocks", boot="b1", mono=50.0, wall=at("10:00")),
               event("kai", "art", boot="b2", mono=100.0, wall=at("11:01"))]
    view = today_view(entries, NOW)
    assert view.start == 0 and view.times[0] == datetime.fromisoformat(at("10:00"))


def test_yesterdays_entries_are_not_today_and_today_reaches_back_to_them() -> None:
    entries = [event("ava", "blocks", boot="b2", mono=10.0, wall="2026-11-24T23:00:00+00:00")]
    running = Reading("b2", 13 * 3600.0 + 10, NOON)  # up since yesterday 23:00
    entries.append(event("kai", "art", boot="b2", mono=running.mono - 60, wall=at("11:59")))
    view = today_view(entries, running)
    assert view.start == 1 and view.reaches_back


def test_an_earlier_boot_at_2038_or_1970_is_not_today_on_its_own() -> None:
    for wall in ("2038-03-02T09:00:00+00:00", "1970-01-02T09:00:00+00:00"):
        view = today_view([event("ava", "blocks", boot="b1", mono=50.0, wall=wall)], NOW)
        assert view.start == 1 and view.times == () and not view.reaches_back, wall


def test_entries_between_two_of_today_are_today_and_get_the_next_trusted_time() -> None:
    entries = [
        event("ava", "blocks", boot="b0", mono=50.0, wall=at("09:00")),
        event("ben", "art", boot="b1", mono=40.0, wall="2038-03-02T09:00:00+00:00"),  # a boot whose clock was wrong
        event("kai", "art", boot="b2", mono=1800.0, wall="2038-03-02T10:00:00+00:00"),
    ]
    view = today_view(entries, NOW)
    assert view.start == 0
    assert view.times[1] == NOON - timedelta(seconds=3600), "Ben's time is at most the running boot's start"
    assert view.times[2] == NOON - timedelta(seconds=1800)


def test_a_laptop_anchor_places_an_earlier_boot_whatever_its_clock_said() -> None:
    entries = [event("ava", "blocks", boot="b1", mono=500.0, wall="2038-03-02T09:00:00+00:00")]
    anchor = Reading("b1", 400.0, datetime.fromisoformat(at("10:00")))
    view = today_view(entries, NOW, anchors=[anchor])
    assert view.start == 0 and view.times[0] == datetime.fromisoformat(at("10:00")) + timedelta(seconds=100)


def test_a_reading_kept_after_a_jump_places_the_entries_made_before_it() -> None:
    morning = event("ava", "blocks", boot="b1", mono=100.0, wall="2038-03-02T09:00:00+00:00")
    put_right = Reading("b1", 1900.0, datetime.fromisoformat(at("10:30")))  # the clock was set at 10:30
    view = today_view([morning], NOW, readings=[put_right])
    assert view.start == 0 and view.times[0] == datetime.fromisoformat(at("10:00"))
    later = event("ben", "art", boot="b1", mono=2000.0, wall="2026-11-25T10:31:40+00:00")
    assert today_view([morning, later], NOW).start == 0, "an entry after the jump is a reading of the same boot"
