"""Reflections on the laptop: kept, undone, corrected and counted with plain values."""

from __future__ import annotations

from datetime import date

from kiosk.laptop.review.choices import review_choices, review_reflections
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.reflections import feelings_by_center, reflections_on
from kiosk.shared.domain import ChoiceEvent


def _event(seq: int, kind: str, *, child: str = "ann", center: str = "lego", feeling: str | None = None,
           ref: str | None = None, wall: str = "2026-11-25T09:00:00+00:00") -> ChoiceEvent:
    event = {"id": f"k-{seq}", "kiosk_id": "k", "seq": seq, "child_id": child, "center_id": center, "kind": kind,
             "method": "tap", "wall": wall, "day": wall[:10], "boot_id": "b", "mono": float(seq), "ref": ref}
    if feeling is not None:
        event["feeling"] = feeling
    return ChoiceEvent.from_dict(event)


EVENTS = [
    _event(1, "chose", wall="2026-11-25T09:00:00+00:00"),
    _event(2, "reflected", feeling="happy", ref="k-1", wall="2026-11-25T09:30:00+00:00"),
    _event(3, "chose", center="paint", wall="2026-11-25T09:31:00+00:00"),
    _event(4, "reflected", center="paint", feeling="sad", ref="k-3", wall="2026-11-25T10:00:00+00:00"),
    _event(5, "undone", ref="k-4", wall="2026-11-25T10:00:05+00:00"),
    _event(6, "reflected", center="paint", feeling="okay", ref="k-3", wall="2026-11-25T10:00:10+00:00"),
    _event(7, "reflected", center="paint", feeling="ecstatic", ref="k-3", wall="2026-11-25T10:00:20+00:00"),
    _event(8, "chose", wall="2026-11-26T09:00:00+00:00"),
    _event(9, "reflected", feeling="happy", ref="k-8", wall="2026-11-26T09:40:00+00:00"),
]


def test_reflections_are_kept_unless_undone_and_unknown_faces_are_left_out() -> None:
    found = review_reflections(EVENTS)
    assert [(r.center_id, r.feeling, r.day) for r in found] == [
        ("lego", "happy", date(2026, 11, 25)), ("paint", "okay", date(2026, 11, 25)), ("lego", "happy", date(2026, 11, 26)),
    ]


def test_a_reflection_moves_nobody() -> None:
    choices = review_choices(EVENTS)
    assert [(c.center_id, c.switched) for c in choices] == [("lego", False), ("paint", True), ("lego", False)]
    assert choices[1].until is None  # reflections are not choices: paint lasts to the end of the day


def test_feelings_counted_per_center_and_per_day() -> None:
    found = review_reflections(EVENTS)
    assert feelings_by_center(found, "ann", DateRange(date(2026, 11, 25), date(2026, 11, 26))) == [
        ("lego", {"happy": 2, "okay": 0, "sad": 0}), ("paint", {"happy": 0, "okay": 1, "sad": 0}),
    ]
    assert feelings_by_center(found, "ben", DateRange(date(2026, 11, 25), date(2026, 11, 26))) == []
    assert reflections_on(found, date(2026, 11, 25)) == {("ann", "lego"): ["happy"], ("ann", "paint"): ["okay"]}


def test_a_parents_export_includes_the_childs_reflections(tmp_path) -> None:
    import csv
    import io

    from kiosk.laptop.review.choices import class_info
    from kiosk.laptop.review.privacy_export import export_child

    info = class_info([{"id": "lego", "name": "Lego"}, {"id": "paint", "name": "Paint"}],
                      [{"id": "ann", "first_name": "Ann"}, {"id": "ben", "first_name": "Ben"}])
    found = review_reflections(EVENTS + [_event(10, "reflected", child="ben", feeling="sad", ref="x")])
    paths = export_child(tmp_path, review_choices(EVENTS), info, "ann",
                         DateRange(date(2026, 11, 1), date(2026, 11, 30)), reflections=found)
    assert [p.name for p in paths] == ["Ann-choices.csv", "Ann-reflections.csv", "Ann-report.html"]
    rows = list(csv.DictReader(io.StringIO(paths[1].read_text(encoding="utf-8-sig"))))
    assert [(r["center"], r["feeling"]) for r in rows] == [("Lego", "happy"), ("Paint", "okay"), ("Lego", "happy")]
