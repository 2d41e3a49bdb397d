"""Typed setup records are still the documents they were: a later version's fields survive this one.

A kiosk of a later version may send setup records with fields this laptop does not know.
Merged, edited by the teacher in the class forms, saved, read again and offered to the
next kiosk, those fields stay, with their values and where they were in the record.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.laptop.review.class_edit import center_from_form, child_from_form, settings_from_form
from kiosk.laptop.store import LaptopStore
from kiosk.shared.sync.messages import SetupOffer

STAMP = "2026-03-02T08:00:00+00:00"
CENTER = {
    "id": "lego", "name": "Lego", "purpose": "build", "picture": "centers/blocks.png", "colour": "#2a9d8f",
    "seats": 4, "open_today": True, "sound": "bell.ogg", "hours": {"mon": [9, 10]},
    "rev": 3, "edited_at": STAMP, "edited_by": "kiosk-a",
}
CHILD = {
    "id": "ann", "first_name": "Ann", "picture": "avatars/fox.png", "badges": ["0a1b"], "pronoun": "she",
    "rev": 1, "edited_at": STAMP, "edited_by": "kiosk-a",
}
SETTINGS = {
    "id": "class", "switching": {"allowed": True, "min_minutes": 10, "cooldown_s": 30}, "idle_timeout_s": 20,
    "reflection": False, "theme": "dark", "choice_times": {"kept": True, "timetable": [], "bell": True}, "rev": 1, "edited_at": STAMP, "edited_by": "kiosk-a",
}
CENTER_FORM = {"name": "Lego", "purpose": "build tall", "picture": "centers/blocks.png", "colour": "#2a9d8f",
               "seats": "5"}
SETTINGS_FORM = {"switching_allowed": "yes", "min_minutes": "12", "idle_timeout_s": "20", "reflection": "no",
                 "choice_time_kept": "yes", "timetable": "Mon 09:30-10:15"}


def _in_order(stored: dict[str, object], sent: dict[str, object]) -> list[str]:
    """The fields the kiosk sent, in the order the stored record holds them."""
    return [key for key in stored if key in sent]


def test_a_later_versions_fields_survive_a_merge_an_edit_and_a_reopen(tmp_path: Path) -> None:
    with LaptopStore(tmp_path) as store:
        store.setup.merge("centers", [CENTER])
        store.setup.merge("children", [CHILD])
        store.setup.merge("settings", [SETTINGS])
        store.setup.edit("centers", center_from_form(CENTER_FORM, store.setup.centers()[0], "en"))
        store.setup.edit("children", child_from_form({"first_name": "Annie", "picture": "avatars/fox.png"},
                                                     store.setup.children()[0]))
        store.setup.edit("settings", settings_from_form(SETTINGS_FORM, store.setup.settings()))
    with LaptopStore(tmp_path) as store:
        center, child, settings = store.setup.centers()[0], store.setup.children()[0], store.setup.settings()
        offer = SetupOffer(centers=store.setup.centers(), children=store.setup.children(),
                           settings=[store.setup.settings()], badge_secrets=[]).to_body()
    assert (center["purpose"], center["seats"], center["rev"]) == ("build tall", 5, 4)
    assert (center.get("sound"), center.get("hours")) == ("bell.ogg", {"mon": [9, 10]})
    assert _in_order(dict(center), CENTER) == list(CENTER)
    assert (child["first_name"], child.get("pronoun"), child["badges"]) == ("Annie", "she", ["0a1b"])
    assert _in_order(dict(child), CHILD) == list(CHILD)
    assert settings.get("theme") == "dark"
    assert settings["switching"] == {"allowed": True, "min_minutes": 12, "cooldown_s": 30}
    assert settings["choice_times"] == {
        "kept": True, "timetable": [{"weekdays": [0], "start": "09:30", "end": "10:15"}], "bell": True,
    }
    assert offer["centers"][0]["sound"] == "bell.ogg" and offer["children"][0]["pronoun"] == "she"
    assert offer["settings"][0]["theme"] == "dark"
