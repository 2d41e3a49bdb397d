"""The font chain: which font draws each letter, what no font here can draw, right-to-left order."""

from __future__ import annotations

from pathlib import Path

from kiosk.pi.bootstrap import OWN_FONT
from kiosk.shared.text.bidi_text import has_rtl, isolate, visual_order
from kiosk.shared.text.fonts import FontChain, find_fonts


def _chain() -> FontChain:
    return FontChain.on_this_machine([OWN_FONT])


def _names(runs):
    return [(font.name if font else None, text) for font, text in runs]


def test_the_fallbacks_are_found_on_this_machine():
    """.ci/run installs fonts-noto-core, fonts-noto-cjk and fonts-symbola; README says the same for a Pi."""
    names = [font.name for font in _chain().fonts]
    assert names[0] == "Andika-Regular.ttf"
    for wanted in ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf",
                   "NotoSansDevanagari-Regular.ttf", "NotoSansCJK-Regular.ttc", "Symbola_hint.ttf"):
        assert wanted in names


def test_latin_stays_in_the_own_font_and_a_word_is_never_split_between_designs():
    chain = _chain()
    assert _names(chain.runs("Hi Zoë Nguyễn!")) == [("Andika-Regular.ttf", "Hi Zoë Nguyễn!")]
    assert _names(chain.runs("Hi Ελένη!")) == [
        ("Andika-Regular.ttf", "Hi "), ("NotoSans-Regular.ttf", "Ελένη"), ("Andika-Regular.ttf", "!"),
    ]
    assert _names(chain.runs("小明 民준")) == [("NotoSansCJK-Regular.ttc", "小明 民준")]
    assert _names(chain.runs("Zoë🦄")) == [("Andika-Regular.ttf", "Zoë"), ("Symbola_hint.ttf", "🦄")]


def test_what_no_font_draws_is_named_for_the_teacher():
    chain = _chain()
    assert chain.missing("Zoë प्रिया 민준 محمد") == ""
    assert chain.missing("\U000f0001 x \U000f0001") == "\U000f0001", "a private-use letter nobody draws, named once"
    assert FontChain([OWN_FONT]).missing("小明") == "小明", "a machine with only Andika cannot show Chinese"


def test_an_unreadable_font_file_counts_as_drawing_nothing(tmp_path):
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font")
    assert FontChain([broken, OWN_FONT]).font_for("a") == OWN_FONT


def test_fonts_are_found_by_file_name_in_any_folder(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "X.ttf").write_bytes(b"")
    (tmp_path / "Y.ttf").write_bytes(b"")
    assert find_fonts(["Y.ttf", "Z.ttf", "X.ttf"], [tmp_path, Path("/nonexistent")]) == [
        tmp_path / "Y.ttf", tmp_path / "a" / "b" / "X.ttf",
    ]


def test_right_to_left_names_are_shaped_and_put_in_drawing_order():
    assert not has_rtl("Zoë") and visual_order("Zoë") == "Zoë"
    assert visual_order("נועה") == "העונ"
    shaped = visual_order("محمد")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped), "Arabic letters in their joined forms"
    assert visual_order("Hi נועה!") == "Hi העונ!"
    assert visual_order(f"{isolate('נועה')} · 2 badges") == "העונ · 2 badges", "a number after a name stays in the sentence"
    assert visual_order("נועה · 2 badges") == "2 · העונ badges", "(what the isolate prevents)"
    assert isolate("Zoë") == "Zoë"
    assert visual_order("שלום\nעולם") == "םולש\nםלוע", "each line on its own"  # noqa: RUF001
