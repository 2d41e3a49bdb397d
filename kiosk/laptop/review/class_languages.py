"""The languages part of the laptop's class forms: the class's, a child's, a center's words.

A language is typed or picked by its own name ("Español") or its code ("es"); a
child's may be blank (the class's language). A center's words in the class's other
languages come from ``name_<code>`` and ``purpose_<code>`` fields; blank ones are
left out, so the kiosk falls back to the class's words (``kiosk.shared.center_language``). ``unshowable`` tells the
teacher, when a name is typed, which letters this computer has no font for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiosk.shared.center_language import words_in
from kiosk.shared.sync.setup_record_types import CenterRecord
from kiosk.shared.text.fonts import FontChain
from kiosk.shared.text.i18n import LANGUAGES, N_, Sentence

__all__ = [
    "CLASS_LANGUAGE",
    "language_choices",
    "language_from_form",
    "translation_fields",
    "translations_from_form",
    "unshowable",
]

CLASS_LANGUAGE = N_("(the class's language)")
"""A child's language field left at this: the child hears the class's language."""

_TOO_LONG = {
    "name": (N_("The name in {language} is {count} letters long; keep it to {limit}."), 40),
    "purpose": (N_("The purpose in {language} is {count} letters long; keep it to {limit}."), 160),
}


def language_choices(blank: str = "") -> list[str]:
    """What a language field offers: each language named in itself, optionally a blank choice first."""
    return ([blank] if blank else []) + [LANGUAGES[code] for code in sorted(LANGUAGES)]


def language_from_form(text: str, *, blank: str = "") -> str:
    """The language code for what was picked or typed; ``blank`` (or nothing) is "" when allowed."""
    wanted = str(text).strip()
    if blank and wanted in ("", blank):
        return ""
    for code, name in LANGUAGES.items():
        if wanted.casefold() in (code, name.casefold()):
            return code
    raise ValueError(
        Sentence(
            "The kiosk has no language {language!r}: pick one of {choices}.",
            language=wanted,
            choices=", ".join(LANGUAGES.values()),
        )
    )


def translations_from_form(fields: Mapping[str, str], class_language: str) -> dict[str, dict[str, str]]:
    """A center's words in each language other than the class's, from ``name_es``, ``purpose_es``…"""
    words: dict[str, dict[str, str]] = {}
    for code in sorted(set(LANGUAGES) - {class_language}):
        entry = {}
        for part, (too_long, limit) in _TOO_LONG.items():
            text = " ".join(str(fields.get(f"{part}_{code}", "")).split())
            if len(text) > limit:
                raise ValueError(Sentence(too_long, language=LANGUAGES[code], count=len(text), limit=limit))
            if text:
                entry[part] = text
        if entry:
            words[code] = entry
    return words


def translation_fields(record: CenterRecord, class_language: str) -> list[tuple[str, str, str, str]]:
    """(field, part, language code, current text) for a center's name and purpose in every language.

    The class's language comes first, as ``name`` and ``purpose``; the others are
    ``name_<code>`` and ``purpose_<code>``. Each shows the words kept in that
    language — the base words where they are in it — so after the class's language
    changed, the words typed before show under their own language, none is lost
    and none is shown blank where it was given.
    """
    order = [class_language, *sorted(set(LANGUAGES) - {class_language})]
    fields = []
    for code in order:
        words = words_in(record, code, class_language, LANGUAGES)
        suffix = "" if code == class_language else f"_{code}"
        for part in ("name", "purpose"):
            fields.append((f"{part}{suffix}", part, code, words.get(part, "")))
    return fields


def unshowable(texts: Iterable[str], fonts: FontChain) -> str:
    """A sentence naming the letters no font on this computer draws ("" when every letter shows)."""
    letters = fonts.missing(" ".join(texts))
    if not letters:
        return ""
    return Sentence(
        "This computer has no font for {letters}: it would show as a box. "
        "Install fonts-noto-core, fonts-noto-cjk and fonts-symbola (README, Languages), or change the words.",
        letters=", ".join(f"{c} (U+{ord(c):04X})" for c in letters),  # the code names it where the letter is a box
    )
