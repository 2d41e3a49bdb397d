"""One translation function for every user-visible string, on gettext catalogues.

Catalogues are gettext PO files, ``assets/locale/<code>/LC_MESSAGES/choice_kiosk.po``,
the format every translator's tool reads (Poedit, Weblate, Lokalize); English is the
source and needs none. A PO file is compiled to MO in memory when it is first used
(Babel's ``write_mo``), so no compiled catalogue is committed and none can be stale,
and nothing is written to the Pi's SD card. A missing entry falls back to English,
so a half-translated catalogue never shows a blank button.

Strings are marked where they are written: ``tr("...")`` in screens, ``N_("...")``
in the core (which returns words for a screen to translate later), and
``tr.plural("1 seat", "{count} seats", n)`` where a number decides the form.
"""

from __future__ import annotations

import gettext
import logging
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "NP_",
    "N_",
    "Sentence",
    "Translator",
    "as_sentence",
    "catalogue_path",
    "counted_sentence",
    "known_language",
    "sentence_from_record",
    "sentence_record",
]

log = logging.getLogger(__name__)
DOMAIN = "choice_kiosk"
SOURCE_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
"""The languages with a catalogue, each named in itself (how a family finds theirs)."""


def N_(text: str) -> str:
    """Mark a sentence for the catalogue where it is written; it is translated where shown."""
    return text


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a sentence with a singular and a plural form; the screen picks one by ``count``."""
    return singular, plural


class Sentence(str):
    """English words that keep their template and values, so wherever they are shown they can be translated.

    The core returns these where it used to return formatted text (``"This badge
    belongs to Ava."``): callers that only print it see the English string, and a
    translator given one translates the template and fills the values in again.
    """

    template: str
    values: dict[str, object]
    forms: tuple[str, str] | None = None
    """Singular and plural templates when a count decides the form (see :func:`counted_sentence`)."""

    def __new__(cls, template: str, **values: object) -> Sentence:
        made = super().__new__(cls, template.format(**values))
        made.template = template
        made.values = values
        return made


def as_sentence(words: str) -> Sentence:
    """``words`` as a :class:`Sentence` to translate inside another (text with braces is kept as it is)."""
    if isinstance(words, Sentence):
        return words
    as_is = "{words}"  # not a sentence of the catalogue: braces in it are not blanks to fill
    return Sentence(as_is, words=words) if "{" in words or "}" in words else Sentence(words)


def counted_sentence(singular: str, plural: str, count: int, **values: object) -> Sentence:
    """A :class:`Sentence` whose form follows ``count`` ("in 1 week", "in 4 weeks") in every language."""
    made = Sentence(singular if count == 1 else plural, count=count, **values)
    made.forms = (singular, plural)
    return made


def sentence_record(words: str) -> dict[str, object] | None:
    """A ``Sentence`` as plain data to keep in a file (template and values), so it is translated when shown."""
    if not isinstance(words, Sentence) or words.forms is not None:
        return None
    values = {k: v if isinstance(v, (str, int, float)) else str(v) for k, v in words.values.items()}
    return {"template": words.template, "values": values}


def sentence_from_record(record: object, fallback: str | None) -> str | None:
    """The ``Sentence`` kept by :func:`sentence_record`, or ``fallback`` (the English kept beside it)."""
    if not isinstance(record, dict) or not isinstance(record.get("template"), str):
        return fallback
    given = record.get("values")
    values: dict[str, object] = given if isinstance(given, dict) else {}
    try:
        return Sentence(record["template"], **values)
    except (KeyError, IndexError, ValueError):
        return fallback


def known_language(code: str) -> bool:
    return code in LANGUAGES


def catalogue_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def _compiled(po_path: Path, language: str, mtime_ns: int) -> gettext.GNUTranslations:
    """The PO file compiled to MO in memory; fuzzy entries are left out, as msgfmt does."""
    with po_path.open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    mo = BytesIO()
    write_mo(mo, catalogue, use_fuzzy=False)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def load_catalogue(locale_dir: Path, language: str) -> gettext.NullTranslations:
    """The language's catalogue, or English (the source) when there is none."""
    path = catalogue_path(locale_dir, language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    try:
        return _compiled(path, language, path.stat().st_mtime_ns)
    except (OSError, ValueError, UnicodeDecodeError) as error:  # a damaged catalogue must not stop the kiosk
        log.warning("catalogue %s cannot be read (%s): English is shown instead", path, error)
        return gettext.NullTranslations()


class Translator:
    """Translates and formats: ``tr("Have fun at {center}!", center="Art")``."""

    def __init__(self, language: str, catalog_dir: Path) -> None:
        self.language = language
        self._catalogue = load_catalogue(catalog_dir, language)

    def __call__(self, text: str, **values: object) -> str:
        """The translation filled in; words given without values (a message from elsewhere) are never formatted."""
        if isinstance(text, Sentence):
            values = {**text.values, **values}
            values = {k: self(v) if isinstance(v, Sentence) else v for k, v in values.items()}  # a reason within
            if text.forms is not None:
                singular, plural = text.forms
                given = values.get("count")
                count = given if isinstance(given, int) else 0
                english = singular if count == 1 else plural
                return _filled(self._catalogue.ngettext(singular, plural, count), english, values)
            text = text.template
        if not text:
            return text  # gettext("") would be the catalogue's header
        translated = self._catalogue.gettext(text)
        return _filled(translated, text, values) if values else translated

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form for ``count`` in this language ("1 seat", "2 seats"); ``{count}`` is filled in."""
        english = singular if count == 1 else plural
        return _filled(self._catalogue.ngettext(singular, plural, count), english, {"count": count, **values})


def _filled(translated: str, english: str, values: dict[str, object]) -> str:
    """The translation with its blanks filled; the English when a translator's blank is wrong (never a crash)."""
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError) as error:
        log.warning("translation %r does not fit its values (%s): English is shown instead", translated, error)
        return english.format(**values)
