"""Teacher mode's sentences and limits, over plain values."""

from __future__ import annotations

from kiosk.pi.teacher_mode import (
    CLOSED_COLOUR,
    board_centers,
    enrol_prompt,
    pairing_line,
    reader_line,
    reflection_rule,
    seats_after,
    short_time,
    switching_rule,
    sync_lines,
    teacher_badge_rule,
)
from kiosk.shared.domain import Center, ReaderSettings, Settings, SwitchRule


def center(cid: str, open_today: bool = True) -> Center:
    return Center(cid, cid.title(), "", "", "#123456", 4, open_today)


def test_the_board_shows_open_centers_and_closed_ones_children_are_still_at():
    shown = board_centers([center("blocks"), center("art", False), center("library", False)], occupied={"art"})
    assert [(c.center_id, c.colour) for c in shown] == [("blocks", "#123456"), ("art", CLOSED_COLOUR)]


def test_seats_stay_between_1_and_30():
    assert seats_after(4, 1) == 5
    assert seats_after(1, -1) is None
    assert seats_after(30, 1) is None


def test_rules_in_words():
    assert reflection_rule(Settings(reflection=True)) == ("Reflection: on", {})
    assert switching_rule(Settings(switching=SwitchRule(True, 10))) == ("Switching: after {minutes} min", {"minutes": 10})
    assert switching_rule(Settings(switching=SwitchRule(False, 10))) == ("Switching: not allowed", {})
    assert teacher_badge_rule(True) == ("Teacher badge: no PIN asked", {})
    assert enrol_prompt("") == ("Tap a child, then scan their badge.", {})
    assert enrol_prompt("teacher") == ("Scan the teacher's badge now.", {})
    assert enrol_prompt("c01", "Ava") == ("Scan {name}'s badge now.", {"name": "Ava"})


def test_the_reader_line_says_when_the_reader_is_fine_too():
    serial = ReaderSettings("serial", "/dev/ttyUSB0")
    assert reader_line(serial, True, "") == ("Badge reader: working on {port}.", {"port": "/dev/ttyUSB0"})
    assert reader_line(serial, False, "The port was lost.")[0].startswith("Badge reader: offline.")
    assert reader_line(ReaderSettings("serial", ""), True, "A serial reader needs a port")[0].startswith(
        "Badge reader: not set up right."
    )
    assert reader_line(ReaderSettings("keyboard"), True, "")[0] == "Badge reader: a USB reader that types is used when plugged in."
    assert reader_line(ReaderSettings("none"), True, "")[0] == "Badge reader: none; children tap their picture."


def test_sync_lines_for_no_laptop_a_new_pairing_and_a_receipt():
    assert sync_lines({}, {}, 3) == [
        ("No laptop is paired with this kiosk.", {}),
        ("Choices not yet on a laptop: {count}.", {"count": 3}),
    ]
    receipts = {"l2": {"kiosk_time": "2026-11-25T15:30:00", "sent": 2, "received": 2, "agree": True, "last_seq": 2}}
    lines = sync_lines({"l1": {"name": "Old laptop"}, "l2": {"name": "Ms Lee"}}, receipts, 3)
    assert lines[0] == ("{name}: paired, not synced yet.", {"name": "Old laptop"})
    assert lines[1][0].endswith("(counts agree).") and lines[1][1]["time"] == "25 Nov 15:30"
    assert lines[2] == ("Choices not yet on a laptop: {count}.", {"count": 3})
    differ = sync_lines({"l2": {}}, {"l2": {**receipts["l2"], "agree": False}}, 2)
    assert differ[0][0].endswith("(counts DIFFER).") and differ[0][1]["name"] == "l2"


def test_sync_lines_name_this_kiosk_and_the_other_kiosks_of_the_class():
    lines = sync_lines({}, {}, 0, kiosk_name="Room 4 by the door", peers=["Room 4 – kiosk 9C1E"])
    assert lines == [
        ("This kiosk: {name}.", {"name": "Room 4 by the door"}),
        ("No laptop is paired with this kiosk.", {}),
        ("Choices not yet on a laptop: {count}.", {"count": 0}),
        ("Other kiosks of this class: {names}.", {"names": "Room 4 – kiosk 9C1E"}),
    ]


def test_times_and_pairing_codes_for_the_teacher():
    assert short_time("not a time") == "not a time"
    assert pairing_line("123456", 125.7) == (
        "Pairing code: {code}   ({minutes}:{seconds:02d} left)",
        {"code": "123 456", "minutes": 2, "seconds": 5},
    )
