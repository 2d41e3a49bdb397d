"""Which words of a center to show in a language, and in which language its base words are.

A center record keeps its base ``name``/``purpose`` in ``words_language`` (the
class's language when the teacher last saved it on the laptop) and its words in
other languages under ``translations``. When the class's language changes, the
base words stay as typed: asked for a language, a center gives that language's
words, then the class language's, then the base words — never a blank. Records
saved before ``words_language`` existed are read as best they can be: their base
words are in the class's language unless the class's language has its own
translation, then in a language that has none (see :func:`base_language`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["base_language", "center_words_for", "words_in"]


def base_language(record: Mapping[str, Any], class_language: str, languages: Iterable[str]) -> str:
    """The language of the record's base words (a guess for records saved before it was kept)."""
    given = str(record.get("words_language") or "")
    if given:
        return given
    translated = record.get("translations") or {}
    if class_language not in translated:
        return class_language
    return next((code for code in sorted(languages) if code not in translated), class_language)


def words_in(record: Mapping[str, Any], language: str, class_language: str, languages: Iterable[str]) -> dict[str, str]:
    """The center's own words in ``language`` (its base words if they are in it), blank parts left out."""
    if language == base_language(record, class_language, languages):
        own: Any = {"name": record.get("name"), "purpose": record.get("purpose")}
    else:
        own = (record.get("translations") or {}).get(language) or {}
    if not isinstance(own, Mapping):
        return {}
    return {part: str(own.get(part) or "").strip() for part in ("name", "purpose") if str(own.get(part) or "").strip()}


def center_words_for(
    record: Mapping[str, Any], language: str, class_language: str, languages: Iterable[str]
) -> tuple[str, str]:
    """Name and purpose in ``language``, else in the class's language, else the base words."""
    listed = list(languages)
    tried = [words_in(record, code, class_language, listed) for code in (language, class_language) if code]
    name = next((w["name"] for w in tried if "name" in w), str(record.get("name") or ""))
    purpose = next((w["purpose"] for w in tried if "purpose" in w), str(record.get("purpose") or ""))
    return name, purpose
