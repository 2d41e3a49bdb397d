"""The laptop's class forms: what is saved, and the sentence the teacher reads when it is not."""

from __future__ import annotations

import pytest

from kiosk.laptop.review.class_edit import center_from_form, child_from_form, settings_from_form
from kiosk.shared.domain import Center, Child, Settings

CENTER = {"name": " Lego  Stories ", "purpose": "Build a story", "picture": "centers/blocks.png", "colour": "#2A9D8F", "seats": "4"}


def test_a_new_child_gets_an_id_and_is_usable_on_a_kiosk() -> None:
    record = child_from_form({"first_name": " Zoë ", "picture": "avatars/owl.png"})
    assert record["first_name"] == "Zoë" and record["id"].startswith("child-") and record["badges"] == []
    assert Child.from_dict(record).first_name == "Zoë"


def test_editing_a_child_keeps_id_and_badges() -> None:
    old = {"id": "c1", "first_name": "Ann", "picture": "avatars/cat.png", "badges": ["hmac-sha256:ab"], "rev": 3}
    record = child_from_form({"first_name": "Annie", "picture": "avatars/cat.png"}, old)
    assert (record["id"], record["badges"], record["first_name"]) == ("c1", ["hmac-sha256:ab"], "Annie")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first_name": "  ", "picture": "avatars/cat.png"}, "Please type the first name."),
        ({"first_name": "A" * 41, "picture": "avatars/cat.png"}, "keep it to 40"),
        ({"first_name": "Ann", "picture": ""}, "pick a picture"),
    ],
)
def test_bad_child_forms_are_explained(fields, message) -> None:
    with pytest.raises(ValueError, match=message):
        child_from_form(fields)


def test_a_center_is_cleaned_and_usable_on_a_kiosk() -> None:
    record = center_from_form(CENTER)
    assert (record["name"], record["colour"], record["seats"], record["open_today"]) == ("Lego Stories", "#2a9d8f", 4, True)
    assert Center.from_dict(record).seats == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "teal"}, "must look like #2a9d8f"),
        ({"colour": "#12345"}, "must look like"),
        ({"seats": "0"}, "from 1 to 30, not 0"),
        ({"seats": "four"}, "not four"),
        ({"seats": "31"}, "not 31"),
        ({"name": ""}, "center's name"),
        ({"purpose": ""}, "purpose"),
    ],
)
def test_bad_center_forms_are_explained(change, message) -> None:
    with pytest.raises(ValueError, match=message):
        center_from_form({**CENTER, **change})


def test_settings_with_dates_and_the_kiosk_can_read_them() -> None:
    record = settings_from_form(
        {"switching_allowed": "yes", "min_minutes": "5", "idle_timeout_s": "30", "reflection": "no",
         "retention_until": "2027-07-31", "term_starts": "2027-01-04, 2026-08-24 2027-01-04"},
        {"id": "class", "language": "en", "rev": 2},
    )
    assert record["switching"] == {"allowed": True, "min_minutes": 5}
    assert record["term_starts"] == ["2026-08-24", "2027-01-04"] and record["language"] == "en"
    assert Settings.from_dict(record).retention_until == "2027-07-31"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"min_minutes": "-1"}, "Minutes before a switch"),
        ({"idle_timeout_s": "2"}, "from 5 to 600"),
        ({"retention_until": "31/07/2027"}, "year-month-day"),
        ({"term_starts": "2027-02-30"}, "not a day on the calendar"),
    ],
)
def test_bad_settings_are_explained(change, message) -> None:
    fields = {"switching_allowed": "yes", "min_minutes": "5", "idle_timeout_s": "30", "retention_until": "", "term_starts": ""}
    with pytest.raises(ValueError, match=message):
        settings_from_form({**fields, **change})


def test_a_picture_is_listed_by_its_name_not_its_path() -> None:
    from kiosk.laptop.review.class_edit import picture_name

    assert picture_name("avatars/bear.png") == "bear"
    assert picture_name("centers/lego_stories.png") == "lego stories"
    assert picture_name("avatars/polar-bear.png") == "polar bear"
    assert picture_name("") == ""
