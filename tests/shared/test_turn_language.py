"""The language of a turn and a center's words in it: the child's, the class's, never blank."""

from __future__ import annotations

from kiosk.shared.assets import LOCALE_DIR
from kiosk.shared.domain import Center, Child
from kiosk.shared.turn_language import TurnTranslator, center_words, turn_language

BLOCKS = Center(
    id="blocks", name="Blocks", purpose="Build a tower.", picture="", colour="#ffffff", seats=4,
    translations=(("es", "Bloques", ""),),
)


def test_a_child_without_a_language_of_their_own_gets_the_class_language():
    assert turn_language("", "es") == "es"
    assert turn_language("es", "en") == "es"
    assert turn_language("en", "es") == "en"


def test_a_language_without_a_catalogue_falls_back_to_the_class_then_english():
    assert turn_language("xx", "es") == "es"
    assert turn_language("xx", "yy") == "en"


def test_center_words_fall_back_part_by_part_and_never_to_blank():
    assert center_words(BLOCKS, "es") == ("Bloques", "Build a tower.")
    assert center_words(BLOCKS, "en") == ("Blocks", "Build a tower.")
    blank = Center(id="b", name="Blocks", purpose="P", picture="", colour="#fff", seats=1, translations=(("es", "  ", ""),))
    assert center_words(blank, "es") == ("Blocks", "P")


def test_records_keep_their_old_shape_when_no_language_is_set():
    """A record with no language compares equal to one written before languages existed (no false sync conflicts)."""
    child = Child(id="c1", first_name="Ava", picture="")
    assert "language" not in child.to_dict()
    assert Child.from_dict({**child.to_dict(), "language": "es"}).language == "es"
    center = Center.from_dict({"id": "a", "name": "Art", "purpose": "Paint."})
    assert "translations" not in center.to_dict()
    assert Center.from_dict(BLOCKS.to_dict()) == BLOCKS
    assert BLOCKS.to_dict()["translations"] == {"es": {"name": "Bloques", "purpose": ""}}
    assert Center.from_dict({"id": "a", "name": "Art", "translations": ["junk"]}).translations == ()


def test_the_turn_ends_in_the_class_language():
    class_language = ["en"]
    tr = TurnTranslator(LOCALE_DIR, lambda: class_language[0])
    assert tr("Have fun at {center}!", center="Art") == "Have fun at Art!"
    tr.begin_turn("es")
    assert tr.language == "es" and tr("Have fun at {center}!", center="Arte") == "¡Diviértete en Arte!"
    assert tr.plural("{count} seat", "{count} seats", 3) == "3 lugares"
    tr.end_turn()
    assert tr.language == "en"
    class_language[0] = "es"  # the laptop changed the class language; a sync brought it
    assert tr("Back") == "Atrás"
    tr.begin_turn("")
    assert tr.language == "es"
