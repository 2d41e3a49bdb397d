"""The laptop's language fields: the class's, a child's, a center's words, and names this computer cannot show."""

from __future__ import annotations

import pytest

from kiosk.laptop.review.choices import class_info
from kiosk.laptop.review.class_edit import center_from_form
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
from kiosk.shared.turn_language import center_words

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
    fields_shown = translation_fields({"name": "Blocks", "translations": words}, "en")
    assert [f[0] for f in fields_shown] == ["name", "purpose", "name_es", "purpose_es"]
    assert fields_shown[2][2:] == ("es", "Bloques")


def _english_center() -> dict:
    """A center typed while the class was English, with its Spanish words (a record from before words_language)."""
    return {"id": "b", "name": "Blocks", "purpose": "Build towers.", "picture": "centers/blocks.png",
            "colour": "#2a9d8f", "seats": 4, "translations": {"es": {"name": "Bloques", "purpose": "Construir torres."}}}


def test_after_the_class_turns_spanish_the_centers_show_their_spanish_words():
    """What a bilingual teacher expects: the Spanish words they gave, on the kiosk and in the review."""
    center = Center.from_dict(_english_center())
    assert center_words(center, "es", "es") == ("Bloques", "Construir torres.")
    assert center_words(center, "en", "es") == ("Blocks", "Build towers.")  # an English child still hears English
    info = class_info([_english_center()], [], "es")
    assert info.center_name("b") == "Bloques" and info.centers["b"].purpose == "Construir torres."


def test_a_missing_translation_falls_back_to_the_class_languages_words_never_blank():
    record = {**_english_center(), "translations": {"es": {"name": "Bloques"}}}
    assert center_words(Center.from_dict(record), "es", "es") == ("Bloques", "Build towers.")
    record = {**_english_center(), "words_language": "es", "name": "Bloques", "purpose": "Construir.",
              "translations": {}}
    assert center_words(Center.from_dict(record), "en", "es") == ("Bloques", "Construir.")


def test_the_editor_after_a_language_change_shows_each_language_under_its_own_name_and_loses_nothing():
    fields = translation_fields(_english_center(), "es")
    assert [(key, code, text) for key, _part, code, text in fields] == [
        ("name", "es", "Bloques"), ("purpose", "es", "Construir torres."),
        ("name_en", "en", "Blocks"), ("purpose_en", "en", "Build towers."),
    ]
    typed = {key: text for key, _part, _code, text in fields}
    saved = center_from_form({**typed, "picture": "centers/blocks.png", "colour": "#2a9d8f", "seats": "4"},
                             _english_center(), "es")
    assert (saved["name"], saved["words_language"]) == ("Bloques", "es")
    assert saved["translations"] == {"en": {"name": "Blocks", "purpose": "Build towers."}}
    assert translation_fields(saved, "en")[0][3] == "Blocks"  # and back again, still nothing lost
    assert center_words(Center.from_dict(saved), "en", "en") == ("Blocks", "Build towers.")


def test_too_long_words_are_refused():
    with pytest.raises(ValueError, match="The purpose in Español is 161 letters long; keep it to 160"):
        translations_from_form({"purpose_es": "a" * 161}, "en")


def test_the_teacher_hears_which_letters_this_computer_cannot_show():
    only_andika = FontChain([OWN_FONT])
    note = unshowable(["小明", "Zoë"], only_andika)
    assert "小 (U+5C0F), 明 (U+660E)" in note and "box" in note and "fonts-noto-cjk" in note
    assert unshowable(["Zoë", "Дмитрий"], only_andika) == ""
    assert unshowable(["小明", "محمد", "🦄"], FontChain.on_this_machine([OWN_FONT])) == ""


def test_a_refused_form_says_why_in_the_classs_language():
    """The words inside the reason (which field) are translated with it, not left in English."""
    from kiosk.laptop.language import locale_dir
    from kiosk.shared.text.i18n import Translator

    spanish = Translator("es", locale_dir())
    form = {"colour": "#2a9d8f", "picture": "centers/blocks.png", "name": "Bloques", "purpose": "", "seats": "4"}
    with pytest.raises(ValueError) as blank:
        center_from_form(form)
    assert spanish(blank.value.args[0]) == "Escriba el propósito."
    with pytest.raises(ValueError) as seats:
        center_from_form({**form, "purpose": "Construir.", "seats": "99"})
    assert spanish(seats.value.args[0]) == "Lugares: debe ser un número entero de 1 a 30, no 99."
    assert str(seats.value) == "Seats must be a whole number from 1 to 30, not 99."
