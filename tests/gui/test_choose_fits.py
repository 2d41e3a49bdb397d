"""At the Pi's 800×480 every center's words and every child's name show whole, and a
friend's face is big enough to know (8 mm on the 7" screen), in the demo and with the
longest texts the laptop's class editor accepts."""

from __future__ import annotations

import json

import pytest

from kiosk.laptop.review.class_edit import center_from_form, child_from_form
from kiosk.pi.fit import FACE_MM, px_per_mm, shows_whole_text
from kiosk.pi.visits import WelcomeVisit
from kiosk.shared.assets import DEMO_CLASSROOM
from kiosk.shared.domain import Method
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, confirm_panel, pick_child

LONGEST_NAME = 40
LONGEST_PURPOSE = 160
WORDS = ["Build", "measure", "count", "paint", "stack", "sort", "read", "draw", "share", "explain", "compare", "notice", "imagine"]


def longest_text(length: int, seed: int) -> str:
    """Real-looking words up to exactly ``length`` letters."""
    words, size = [], 0
    index = seed
    while True:
        word = WORDS[index % len(WORDS)]
        index += 3
        if size + len(word) + (1 if words else 0) > length:
            break
        size += len(word) + (1 if words else 0)
        words.append(word)
    text = " ".join(words)
    return (text + " " + "x" * (length - len(text) - 1)) if length - len(text) > 1 else text.ljust(length, "s")


def longest_classroom(tmp_path):
    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    for index, center in enumerate(classroom["centers"]):
        fields = {
            "name": longest_text(LONGEST_NAME, index),
            "purpose": longest_text(LONGEST_PURPOSE, index + 1),
            "picture": center["picture"],
            "colour": center["colour"],
            "seats": "30",
        }
        edited = center_from_form(fields, center)
        assert len(edited["name"]) == LONGEST_NAME and len(edited["purpose"]) == LONGEST_PURPOSE
        center.update(edited)
    for index, child in enumerate(classroom["children"]):
        child.update(child_from_form({"first_name": longest_text(LONGEST_NAME, index + 5), "picture": child["picture"]}, child))
    path = tmp_path / "longest.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    return path


def assert_whole(label) -> None:
    assert label.fits and shows_whole_text(label.text, label.shown_lines()), f"cut: {label.text!r} -> {label.shown_lines()}"
    assert label.height >= label.texture_size[1] - 1, f"taller than its box: {label.text!r}"


def check_choose(kiosk, with_friends: int) -> None:
    from screens.pi.choose import CenterCard
    from screens.pi.widgets import Face, FriendCount

    kiosk.pump(0.2)
    assert_whole(kiosk.ids().greeting)
    cards = [w for w in kiosk.current().walk() if isinstance(w, CenterCard)]
    assert len(cards) == 8
    for card in cards:
        for label in (card.ids.name, card.ids.purpose):
            assert_whole(label)
            assert card.y <= label.y and label.top <= card.top + 1, f"{label.text!r} leaves its card"
        faces = [w for w in card.ids.faces.children if isinstance(w, Face)]
        counts = [w for w in card.ids.faces.children if isinstance(w, FriendCount)]
        if card.center_id == "blocks":
            shown = len(faces) + sum(int(c.text.lstrip("+")) for c in counts)
            assert shown == with_friends, "every friend is a face or in the count"
        box = card.ids.faces
        for face in faces + counts:
            assert box.x <= face.x and face.right <= box.right + 1, "a face stays in its box"
            assert box.y <= face.y and face.top <= box.top + 1, "a face never covers the words"
        for face in faces:
            assert face.width >= FACE_MM * px_per_mm() and face.height >= FACE_MM * px_per_mm()


def crowd_blocks(kiosk, friends: int) -> None:
    service = kiosk.services.service
    for child in service.children()[1 : friends + 1]:
        service.choose(child.id, "blocks", Method.TAP)


@pytest.mark.parametrize("friends", [2, 3, 4])
def test_the_demo_fits_at_800x480_with_faces_of_8_mm(kiosk, shots, friends):
    crowd_blocks(kiosk, friends)
    kiosk.app.show(WelcomeVisit())
    first = kiosk.services.service.children()[0].first_name
    pick_child(kiosk, first)
    check_choose(kiosk, friends)
    kiosk.screenshot(f"choose-800x480-{friends}-friends", shots)


def test_the_longest_texts_the_class_editor_accepts_fit_at_800x480(tmp_path, shots):
    kiosk = KioskDriver(make_services(tmp_path / "data", longest_classroom(tmp_path)))
    from screens.pi.welcome import ChildTile

    tiles = [w for w in kiosk.current().walk() if isinstance(w, ChildTile)]
    kiosk.pump(0.2)
    for tile in tiles:
        caption = next(w for w in tile.children if hasattr(w, "shown_lines"))
        assert_whole(caption)
    kiosk.screenshot("welcome-800x480-longest-texts", shots)
    crowd_blocks(kiosk, 3)
    kiosk.app.show(WelcomeVisit())
    first = kiosk.services.service.children()[0].first_name
    pick_child(kiosk, first)
    check_choose(kiosk, 3)
    kiosk.screenshot("choose-800x480-longest-texts", shots)
    kiosk.advance(0.35)
    name = kiosk.services.service.center("science").name
    kiosk.tap(center_card(kiosk, name), settle=0)
    panel = confirm_panel(kiosk)
    kiosk.pump(0.2)
    for label in (panel.ids.name, panel.ids.purpose):
        assert_whole(label)
        assert label.y >= panel.ids.words.y - 1
    kiosk.screenshot("choose-confirm-800x480-longest-texts", shots)
