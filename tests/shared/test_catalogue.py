"""The catalogues: every sentence a child or teacher sees is in each PO file, translated, with the same blanks."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kiosk
from kiosk.shared.assets import LOCALE_DIR
from kiosk.shared.text.catalogue import source_catalogue
from kiosk.shared.text.i18n import LANGUAGES, SOURCE_LANGUAGE, Sentence, Translator, catalogue_path

# The sources as installed: the checkout here, site-packages in the arm64 smoke test
# (which installs the wheel and copies only tests/).
ROOT = Path(kiosk.__file__).resolve().parents[1]
OTHER_LANGUAGES = sorted(set(LANGUAGES) - {SOURCE_LANGUAGE})


def _po(language: str):
    with catalogue_path(LOCALE_DIR, language).open("rb") as po:
        return read_po(po, locale=language)


def _blanks(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_sources_mark_the_kiosk_sentences():
    """The extractor finds sentences in Python, in kv rules, in the core's markers and plural pairs."""
    ids = {m.id for m in source_catalogue(ROOT) if m.id}
    assert "Hi {name}! Where will you play?" in ids  # screens/pi/choose.py
    assert "Tap your badge or find your picture" in ids  # screens/pi/welcome.kv
    assert "Wrong PIN. Try again." in ids  # kiosk/pi/pin.py, N_()
    assert "This badge belongs to {name}. Remove it there first." in ids  # kiosk/shared/badges.py, Sentence()
    assert ("{count} seat", "{count} seats") in ids  # screens/pi/teacher/centers.kv, tr.plural()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_sentence_is_translated(language):
    """A new English sentence without a translation fails here: run `make catalogue` and translate it."""
    po = _po(language)
    missing = []
    for message in source_catalogue(ROOT):
        if not message.id:
            continue
        entry = po.get(message.id)
        forms = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry.string if entry else "",)
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(f"{message.locations[0][0]}:{message.locations[0][1]}: {message.id!r}")
    assert not missing, f"{language} catalogue lacks:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_the_blanks_of_the_english(language):
    """A translation that drops or misspells {name} would raise or show the wrong words at run time."""
    wrong = []
    for entry in _po(language):
        if not entry.id:
            continue
        english = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set().union(*(_blanks(e) for e in english))
        for form in forms:
            extra, lost = _blanks(form) - wanted, (wanted - {"count"}) - _blanks(form)
            if form and (extra or lost):  # a singular may say "una" instead of {count}
                wrong.append(f"{entry.id!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


def test_no_kv_rule_shows_words_without_translation():
    """A ``text: "Words"`` in a kv file (kiosk or laptop) would show English to everyone."""
    literal = re.compile(r"""^\s*(text|title|caption|hint_text):\s*["']([^"']*[A-Za-z][^"']*)["']\s*$""")
    found = [
        f"{kv.relative_to(ROOT)}:{n}: {line.strip()}"
        for kv in sorted((ROOT / "screens").rglob("*.kv"))
        for n, line in enumerate(kv.read_text(encoding="utf-8").splitlines(), start=1)
        if literal.match(line)
    ]
    assert not found, "\n".join(found)


def test_no_compiled_catalogue_is_committed():
    """PO files are compiled in memory when loaded, so an MO file could only ever be stale."""
    assert not list((ROOT / "assets").rglob("*.mo"))


def test_spanish_translates_formats_and_falls_back_to_english(tmp_path):
    tr = Translator("es", LOCALE_DIR)
    assert tr("Hi {name}! Where will you play?", name="Ana") == "¡Hola, Ana! ¿Dónde vas a jugar?"
    assert tr("A sentence no catalogue has, {x}.", x=1) == "A sentence no catalogue has, 1."
    assert Translator("fr", LOCALE_DIR)("Have fun at {center}!", center="Art") == "Have fun at Art!"
    assert Translator("en", LOCALE_DIR)("Have fun at {center}!", center="Art") == "Have fun at Art!"
    assert tr("") == "", "never the catalogue's header"
    assert tr('A message from elsewhere with {"json": 1}') == 'A message from elsewhere with {"json": 1}'


def test_plural_forms_follow_the_count():
    for language, one, two in (("en", "1 seat", "2 seats"), ("es", "1 lugar", "2 lugares")):
        tr = Translator(language, LOCALE_DIR)
        assert tr.plural("{count} seat", "{count} seats", 1) == one
        assert tr.plural("{count} seat", "{count} seats", 2) == two
    assert Translator("es", LOCALE_DIR).plural("{count} seat", "{count} seats", 0) == "0 lugares"


def test_a_sentence_from_the_core_is_english_and_translatable():
    said = Sentence("This badge already belongs to {name}.", name="Zoë")
    assert said == "This badge already belongs to Zoë."
    assert Translator("es", LOCALE_DIR)(said) == "Esta tarjeta ya es de Zoë."


def test_an_edited_po_file_is_read_again(tmp_path):
    """A translator's fix shows at the next start without any compile step."""
    po = catalogue_path(tmp_path, "es")
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Back"\nmsgstr "Atrás"\n', "utf-8")
    assert Translator("es", tmp_path)("Back") == "Atrás"
    po.write_text(po.read_text("utf-8").replace("Atrás", "Volver"), "utf-8")
    os.utime(po, ns=(po.stat().st_mtime_ns + 10**9,) * 2)
    assert Translator("es", tmp_path)("Back") == "Volver"


def test_a_damaged_catalogue_or_translation_shows_english_and_never_stops_the_kiosk(tmp_path):
    po = catalogue_path(tmp_path, "es")
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Have fun at {center}!"\nmsgstr "¡Diviértete en {centro}!"\n\n'
        'msgid "{count} seat"\nmsgid_plural "{count} seats"\nmsgstr[0] "{cuenta} lugar"\nmsgstr[1] "{cuenta} lugares"\n',
        "utf-8",
    )
    tr = Translator("es", tmp_path)
    assert tr("Have fun at {center}!", center="Arte") == "Have fun at Arte!", "a misspelt blank: the English"
    assert tr.plural("{count} seat", "{count} seats", 2) == "2 seats"
    po.write_bytes(b"\xff\xfe not a PO file \x00\x81")
    os.utime(po, ns=(po.stat().st_mtime_ns + 10**9,) * 2)
    assert Translator("es", tmp_path)("Back") == "Back"


_ONE = {"tr", "N_", "Sentence"}
_TWO = {"plural", "trn", "NP_", "counted_sentence"}


def _literal(node: object) -> str | None:
    import ast

    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def test_every_marked_call_in_the_python_sources_reaches_the_catalogue():
    """Babel's extractor can miss a call written inside another call's arguments, and keeps a plural pair as one
    sentence when a call sits among its arguments; then the window shows English in a translated class. Every
    marked call with literal words, found by Python's own parser, must be in the extracted catalogue as written."""
    import ast

    ids = {m.id for m in source_catalogue(ROOT) if m.id}
    lost = []
    for folder in ("kiosk", "screens", "device"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                words = [_literal(arg) for arg in node.args[:2]]
                wanted: object = None
                if name in _ONE and words and words[0]:
                    wanted = words[0]
                elif name in _TWO and len(words) == 2 and words[0] and words[1]:
                    wanted = (words[0], words[1])
                if wanted is not None and wanted not in ids:
                    lost.append(f"{path.relative_to(ROOT)}:{node.lineno}: {wanted!r}")
    assert not lost, "marked but not extracted (take the inner call out of the arguments):\n" + "\n".join(lost)
