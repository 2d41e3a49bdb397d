"""The laptop's language fields: the class's, a child's, a center's words, and names this computer cannot show."""

from __future__ import annotations

import pytest

from kiosk.laptop.review.class_languages import (
    language_choices,
    language_from_form,
    translation_fields,
    translations_from_form,
    unshowable,
)
from kiosk.pi.bootstrap import OWN_FONT
from kiosk.shared.domain import Center
from kiosk.shared.text.fonts import FontChain
from kiosk.shared.text.turn_language import center_words

BLANK = "(the class's language)"


def test_a_language_is_picked_by_its_own_name_or_code():
    assert language_choices(BLANK) == [BLANK, "English", "Español"]
    assert language_from_form("Español") == "es" and language_from_form(" es ") == "es"
    assert language_from_form(BLANK, blank=BLANK) == "" and language_from_form("", blank=BLANK) == ""


@pytest.mark.parametrize("typed", ["", "Klingon", "fr"])
def test_an_unknown_language_is_refused_with_the_choices(typed):
    with pytest.raises(ValueError, match="pick one of English, Español"):
        language_from_form(typed)


def test_a_centers_words_in_the_other_language_fall_back_when_blank():
    fields = {"name_es": "  Bloques ", "purpose_es": "", "name_en": "ignored: English is the class's"}
    words = translations_from_form(fields, "en")
    assert words == {"es": {"name": "Bloques"}}
    center = Center.from_dict({"id": "b", "name": "Blocks", "purpose": "Build.", "translations": words})
    assert center_words(center, "es") == ("Bloques", "Build.")
    assert translations_from_form({"name_es": " ", "purpose_es": ""}, "en") == {}
    assert [f[0] for f in translation_fields({"translations": words}, "en")] == ["name_es", "purpose_es"]
    assert translation_fields({"translations": words}, "en")[0][2] == "Bloques"


def test_too_long_words_are_refused():
    with pytest.raises(ValueError, match="The purpose in Español is 161 letters long; keep it to 160"):
        translations_from_form({"purpose_es": "a" * 161}, "en")


def test_the_teacher_hears_which_letters_this_computer_cannot_show():
    only_andika = FontChain([OWN_FONT])
    note = unshowable(["小明", "Zoë"], only_andika)
    assert "小 (U+5C0F), 明 (U+660E)" in note and "box" in note and "fonts-noto-cjk" in note
    assert unshowable(["Zoë", "Дмитрий"], only_andika) == ""
    assert unshowable(["小明", "محمد", "🦄"], FontChain.on_this_machine([OWN_FONT])) == ""
