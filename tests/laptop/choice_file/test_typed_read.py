"""Choice lines are read once into ChoiceEvent where they enter the laptop, and written back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.laptop.choice_events import merge_events, read_event
from kiosk.laptop.choice_file import ChoiceFile
from kiosk.shared.domain import ChoiceEvent, EventKind, Method
from kiosk.shared.files.journal_format import event_line
from kiosk.shared.sync.merge import EventFormatError, merge_logs
from tests.laptop.choice_file.helpers import kiosk_line, make_event, make_record, stream

SHAPES = [
    {},
    {"kind": "reflected", "feeling": "happy", "ref": "e1"},
    {"kind": "moved", "method": "teacher", "replaces": "e0"},
    {"child_id": "*", "center_id": None, "kind": "left", "method": "teacher", "choice_time": "ended"},
    {"mono": 12},  # a whole number of seconds is still a time
]


@pytest.mark.parametrize("fields", SHAPES)
def test_a_line_reads_as_the_kiosks_event_and_writes_back_the_same_bytes(fields: dict[str, object]) -> None:
    record = make_record(7, **fields)
    event = read_event(record)
    assert event == ChoiceEvent.from_dict(record) and repr(event) == repr(ChoiceEvent.from_dict(record))
    assert isinstance(event.kind, EventKind) and isinstance(event.method, Method) and isinstance(event.mono, float)
    assert event_line(event.to_dict()) == event_line(ChoiceEvent.from_dict(record).to_dict())
    assert hash(event) == hash(ChoiceEvent.from_dict(record))


def test_what_a_kiosk_wrote_comes_back_byte_for_byte_after_a_rewrite(file: ChoiceFile, path: Path) -> None:
    events = [make_event(seq, **fields) for seq, fields in enumerate(SHAPES[:4], start=1)]
    stream(file, events, 4)
    sent = b"".join(kiosk_line(e) for e in events)
    file.rewrite(file.read().events, 4)
    assert sent in path.read_bytes()


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"kind": "teleported"}, "not a choice this version reads"),
        ({"method": "telepathy"}, "not a choice this version reads"),
        ({"mono": "soon"}, "not a choice this version reads"),
        ({"boot_id": None}, None),
        ({"seq": 0}, "no valid number"),
        ({"id": ""}, "has no id"),
    ],
)
def test_a_value_that_is_not_a_choice_event_is_refused_with_its_reason(change: dict[str, object], why: str | None) -> None:
    record = {key: value for key, value in {**make_record(3), **change}.items() if value is not None}
    with pytest.raises(EventFormatError, match=why or "has no boot_id"):
        read_event(record)


def test_a_line_that_is_not_a_whole_event_is_counted_damaged_and_the_rest_read(file: ChoiceFile, path: Path) -> None:
    good = [make_event(1), make_event(3)]
    stream(file, good[:1], 1)
    with path.open("ab") as raw:
        raw.write(kiosk_line({**make_record(2), "kind": "teleported"}))
        raw.write(kiosk_line({key: v for key, v in make_record(2).items() if key != "wall"}))
    stream(file, good[1:], 3)
    read = file.read()
    assert (read.events, read.unreadable) == (good, 2)


def test_the_union_of_typed_logs_keeps_merge_logs_rules() -> None:
    first, second, third = make_event(2, "kA"), make_event(1, "kB"), make_event(1, "kA")
    copy = ChoiceEvent.from_dict({**first.to_dict(), "child_id": "c0"})  # one id, two differing copies
    merged = merge_events([first, second], [copy, third])
    expected = merge_logs([first.to_dict(), second.to_dict()], [copy.to_dict(), third.to_dict()])
    assert [e.to_dict() for e in merged] == expected and copy in merged and len(merged) == 3
