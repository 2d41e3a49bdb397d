"""Names in every script drawn in the real window: each run's font has a real glyph for each letter.

A letter a font lacks is drawn as that font's .notdef box; so for every child's name
on Welcome (and a greeting with one), every run of the label's markup is checked
against its font's own character map with fontTools, independently of the app's
choice, and right-to-left names must be shaped and in visual order.
"""

from __future__ import annotations

import json
from pathlib import Path

from arabic_reshaper import reshape
from bidi import get_display
from fontTools.ttLib import TTFont

from kiosk.shared.assets import DEMO_CLASSROOM, OWN_FONT
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import pick_child

NAMES = {
    "Latin": "Łukasz Nguyễn",
    "Greek": "Ελένη",
    "Cyrillic": "Дмитрий",
    "Arabic": "محمد",
    "Hebrew": "נועה",
    "Devanagari": "प्रिया",
    "Chinese": "小明",
    "Japanese": "さくら",
    "Korean": "민준",
    "Emoji": "Zoë 🦄",
}
_CMAPS: dict[str, dict[int, str]] = {}


def _glyphs(font: str) -> dict[int, str]:
    if font not in _CMAPS:
        _CMAPS[font] = TTFont(font, fontNumber=0, lazy=True).getBestCmap()
    return _CMAPS[font]


def _runs(markup: str) -> list[tuple[str, str]]:
    """(font file, text) for each run of a label's markup; untagged runs are in the label's own font."""
    import re

    runs, at = [], 0
    for tag in re.finditer(r"\[font=([^\]]+)\](.*?)\[/font\]", markup):
        runs.append((str(OWN_FONT), markup[at : tag.start()]))
        runs.append((tag.group(1), tag.group(2)))
        at = tag.end()
    runs.append((str(OWN_FONT), markup[at:]))
    return [(font, text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")) for font, text in runs if text]


def _boxes(markup: str) -> list[str]:
    """The letters that would be drawn as .notdef boxes."""
    return [
        f"{char!r} in {Path(font).name}"
        for font, text in _runs(markup)
        for char in text
        if not char.isspace() and ord(char) not in (0x200D, 0xFE0F) and _glyphs(font).get(ord(char), ".notdef") == ".notdef"
    ]


def _class_of_every_script(tmp_path: Path) -> Path:
    data = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    data["children"] = data["children"][: 20 - len(NAMES)]
    for index, name in enumerate(NAMES.values()):
        data["children"].append({"id": f"s{index}", "first_name": name, "picture": "avatars/owl.png"})
    path = tmp_path / "class.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_names_in_every_script_are_drawn_without_boxes(tmp_path, shots):
    from screens.pi.welcome import ChildTile
    from screens.pi.widgets import FitLabel

    kiosk = KioskDriver(make_services(tmp_path / "data", _class_of_every_script(tmp_path)))
    kiosk.pump(0.3)
    captions = {
        tile.caption: kiosk.find(tile, lambda w: isinstance(w, FitLabel))
        for tile in kiosk.current().walk()
        if isinstance(tile, ChildTile)
    }
    for script, name in NAMES.items():
        label = captions[name]
        assert label.texture_size[0] > 0 and label.fits, f"{script}: {name!r} not drawn whole"
        assert not _boxes(label.text), f"{script}: {name!r} has boxes: {_boxes(label.text)}"
    assert "[font=" in captions["Ελένη"].text, "Andika has no capital Epsilon: Greek comes from the chain"
    assert "[font=" not in captions["Łukasz Nguyễn"].text, "Latin stays in the class's own font"
    arabic = "".join(text for _font, text in _runs(captions["محمد"].text))
    assert arabic == get_display(reshape("محمد")), "Arabic is joined and in visual order"
    hebrew = "".join(text for _font, text in _runs(captions["נועה"].text))
    assert hebrew == "העונ", "Hebrew is drawn right to left"
    kiosk.screenshot("welcome-scripts", shots)

    pick_child(kiosk, "محمد")
    greeting = kiosk.ids().greeting
    assert kiosk.services.speaker.said[-1] == "Hi محمد! Where will you play?", "speech gets the name in reading order"
    assert not _boxes(greeting.text) and greeting.fits
    assert "".join(t for _f, t in _runs(greeting.text)) == "Hi " + get_display(reshape("محمد")) + "! Where will you play?"
    kiosk.screenshot("choose-arabic-name", shots)
