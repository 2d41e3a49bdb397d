"""Classroom files: the demo loads; each kind of bad file gets a specific message."""

from __future__ import annotations

import json

import pytest

from kiosk.pi.classroom import ClassroomFileError, load_classroom, parse_classroom
from kiosk.shared.assets import DEMO_CLASSROOM


def test_demo_classroom_is_complete():
    demo = load_classroom(DEMO_CLASSROOM)
    assert 18 <= len(demo.children) <= 30
    assert len(demo.centers) == 8
    names = {c.name for c in demo.centers}
    assert {"Blocks", "Library", "Mystery Plate", "Array War", "Art", "Science Table", "Writing", "Puzzles"} == names
    assert all(c.purpose for c in demo.centers)
    assert demo.teacher_pin == "1234"


def test_demo_pictures_exist():
    demo = load_classroom(DEMO_CLASSROOM)
    pictures = DEMO_CLASSROOM.parent.parent / "pictures"
    for item in (*demo.centers, *demo.children):
        assert (pictures / item.picture).is_file(), item.picture


def _base():
    return json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a Choice Kiosk classroom"),
        (lambda d: d["centers"][0].update(seats=0), "seats must be a whole number"),
        (lambda d: d["centers"][0].update(seats="4"), "seats must be a whole number"),
        (lambda d: d["centers"][1].update(colour="green"), "colour must look like"),
        (lambda d: d["children"][0].update(language="klingon"), "language 'klingon' has no catalogue"),
        (lambda d: d["settings"].update(language="xx"), "settings: language 'xx' has no catalogue"),
        (lambda d: d["centers"][0].update(translations={"zz": {"name": "Z"}}), "translations: language 'zz'"),
        (lambda d: d["centers"][2].pop("id"), "center 3 has no 'id'"),
        (lambda d: d["children"][0].pop("first_name"), "child 1 has no 'first_name'"),
        (lambda d: d["children"][1].update(id=d["children"][0]["id"]), "child id used twice"),
        (lambda d: d.update(centers=[]), "has no centers"),
    ],
)
def test_bad_classroom_files_are_refused_with_a_specific_message(change, message):
    data = _base()
    change(data)
    with pytest.raises(ClassroomFileError, match=message):
        parse_classroom(data)


def test_unreadable_and_invalid_json_files(tmp_path):
    with pytest.raises(ClassroomFileError, match="Cannot read"):
        load_classroom(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(ClassroomFileError, match="not valid JSON"):
        load_classroom(bad)
