"""Keeping the catalogues complete: extract every marked string, update each PO file.

The sentences are found where they are written, by Babel's extractor over the
Python sources and, for the .kv files, over each rule's expression: ``tr("...")``,
``N_("...")``, ``Sentence("...")``, and plural pairs ``plural(...)``, ``trn(...)``,
``NP_(...)``. ``python -m kiosk.shared.text.catalogue`` (``make catalogue``) merges them into
every ``assets/locale/*/LC_MESSAGES/choice_kiosk.po``, new ones untranslated, for a
translator to fill in with any PO editor; a test fails while one is untranslated.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterator, Mapping
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import read_po, write_po

from kiosk.shared.text.i18n import DOMAIN, LANGUAGES, SOURCE_LANGUAGE, catalogue_path

__all__ = ["KEYWORDS", "SOURCE_DIRS", "extract_kv", "source_catalogue", "update_catalogues"]

KEYWORDS: dict[str, Any] = {"tr": None, "N_": None, "Sentence": None, "NP_": (1, 2), "plural": (1, 2), "trn": (1, 2),
            "counted_sentence": (1, 2)}
SOURCE_DIRS = ("kiosk", "screens", "device")
METHOD_MAP = [("**.py", "python"), ("**.kv", "kiosk.shared.text.catalogue:extract_kv")]


def extract_kv(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel extractor for Kivy's kv language: each ``name: expression`` is Python after the colon."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#") or ":" not in stripped:
            continue
        expression = stripped.partition(":")[2]
        for found in extract_python(BytesIO(expression.encode("utf-8")), keywords, comment_tags, options):
            yield (lineno, *found[1:])  # the line in the kv file, not in the one-line expression


def source_catalogue(root: Path) -> Catalog:
    """Every marked sentence of the sources under ``root``, with where it is used."""
    catalogue = Catalog(domain=DOMAIN, project="Choice Kiosk", locale=SOURCE_LANGUAGE)
    for folder in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
        ):
            catalogue.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalogue


def update_catalogues(root: Path, locale_dir: Path) -> list[Path]:
    """Merge the sources' sentences into each language's PO file (created if missing)."""
    template = source_catalogue(root)
    written = []
    for language in sorted(set(LANGUAGES) - {SOURCE_LANGUAGE}):
        path = catalogue_path(locale_dir, language)
        if path.is_file():
            with path.open("rb") as po:
                catalogue = read_po(po, locale=language, domain=DOMAIN)
        else:
            catalogue = Catalog(domain=DOMAIN, project="Choice Kiosk", locale=language)
        catalogue.update(template, update_header_comment=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalogue, width=100, omit_header=False, ignore_obsolete=True, sort_by_file=True)
        written.append(path)
    return written


def main() -> int:
    root = Path(__file__).resolve().parents[3]
    for path in update_catalogues(root, root / "assets" / "locale"):
        print(f"updated {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
