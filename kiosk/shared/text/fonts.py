"""Names in any script: a chain of fonts found at run time, and which font draws each letter.

The bundled Andika draws Latin and Cyrillic the way children learn to read them; a
name in Greek, Arabic, Hebrew, Devanagari, Chinese, Japanese, Korean or with an
emoji needs other fonts. The chain (Noto from Debian's ``fonts-noto-core`` and
``fonts-noto-cjk``, Symbola from ``fonts-symbola`` for emoji, DejaVu last) is looked
up in the system's font folders when the app starts, so a Pi with fewer fonts still
runs; ``FontChain.missing`` tells the class editor which letters no font here can
draw, so the teacher hears about it when typing the name, not as boxes later.
Coverage is read from each font's character map with fontTools, and a letter that
maps to the font's ``.notdef`` glyph (the box) does not count as drawn.

Emoji come from Symbola, drawn in the text's colour and size: SDL scales no colour
bitmap font (Noto Color Emoji would come out several times the text's height).
"""

from __future__ import annotations

import logging
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

__all__ = ["FALLBACK_FILES", "FontChain", "find_fonts", "font_dirs"]

FALLBACK_FILES = (
    "NotoSans-Regular.ttf",  # Greek, Vietnamese and every Latin letter Andika lacks
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansCJK-Regular.ttc",  # Chinese, Japanese, Korean (fonts-noto-cjk)
    "Symbola_hint.ttf",  # emoji in one colour (fonts-symbola)
    "Symbola.ttf",
    "DejaVuSans.ttf",  # the last resort most Linux systems have
)
_JOINERS = {0x200C, 0x200D, 0x200E, 0x200F, 0xFE0E, 0xFE0F}
"""Zero-width joiners, direction marks and emoji variation selectors: no glyph of their own."""


def font_dirs() -> list[Path]:
    """Where this system keeps fonts: Linux, macOS and Windows."""
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]
    if sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        dirs += [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    return dirs


def find_fonts(names: Sequence[str], dirs: Iterable[Path]) -> list[Path]:
    """The named font files found under ``dirs``, in the order of ``names`` (each once)."""
    found: dict[str, Path] = {}
    wanted = set(names)
    for folder in dirs:
        for parent, _subdirs, files in os.walk(folder):
            for name in wanted.intersection(files) - found.keys():
                found[name] = Path(parent) / name
    return [found[name] for name in names if name in found]


def _coverage(path: Path) -> frozenset[int]:
    """The code points ``path`` draws with a real glyph (not .notdef); empty if unreadable."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its table-by-table debug lines would flood the log
    try:
        font = TTFont(str(path), fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except (OSError, TTLibError, AssertionError):
        return frozenset()
    return frozenset(code for code, glyph in cmap.items() if glyph != ".notdef")


def _is_space_or_joiner(char: str) -> bool:
    return char.isspace() or ord(char) in _JOINERS


class FontChain:
    """Fonts in order of preference; each letter is drawn by the first one that has it."""

    def __init__(self, fonts: Sequence[Path]) -> None:
        self.fonts = list(fonts)
        self._coverage: dict[Path, frozenset[int]] = {}
        self._choice: dict[str, Path | None] = {}
        self._bold: dict[Path, Path] = {}
        self._words: dict[str, Path | None] = {}  # a class's names and words recur on every screen

    @classmethod
    def on_this_machine(cls, first: Sequence[Path]) -> FontChain:
        """The app's own fonts first, then the fallbacks this system has."""
        return cls([*first, *find_fonts(FALLBACK_FILES, font_dirs())])

    def covers(self, font: Path, char: str) -> bool:
        if font not in self._coverage:
            self._coverage[font] = _coverage(font)
        return ord(char) in self._coverage[font]

    def bold_of(self, font: Path) -> Path:
        """The font's bold face when it sits beside it (``NotoSans-Bold.ttf``), else the font itself."""
        if font not in self._bold:
            bold = font.with_name(font.name.replace("-Regular", "-Bold"))
            self._bold[font] = bold if bold != font and bold.is_file() else font
        return self._bold[font]

    def font_for(self, char: str) -> Path | None:
        """The first font of the chain that draws ``char``; None when none does."""
        if char not in self._choice:
            self._choice[char] = next((font for font in self.fonts if self.covers(font, char)), None)
        return self._choice[char]

    def missing(self, text: str) -> str:
        """The letters of ``text`` no font here can draw, each once, in order."""
        gaps = [c for c in text if not _is_space_or_joiner(c) and self.font_for(c) is None]
        return "".join(dict.fromkeys(gaps))

    def word_font(self, word: str) -> Path | None:
        """The first font that draws every letter of ``word``, so one word never mixes two designs."""
        if word not in self._words:
            letters = [c for c in word if not _is_space_or_joiner(c)]
            self._words[word] = next((f for f in self.fonts if all(self.covers(f, c) for c in letters)), None)
        return self._words[word]

    def runs(self, text: str) -> list[tuple[Path | None, str]]:
        """``text`` cut where the drawing font changes (None: no font has it).

        A word takes the first font that draws all of it (so Latin stays in Andika and
        a Greek name is not half Andika); punctuation and emoji are looked up on their
        own; a word no single font draws is cut letter by letter. Spaces stay with the
        run they follow.
        """
        runs: list[tuple[Path | None, str]] = []
        for token in _tokens(text):
            if token.isspace():
                font = runs[-1][0] if runs else (self.fonts[0] if self.fonts else None)
                pieces = [(font, token)]
            else:
                whole = self.word_font(token)
                pieces = [(whole, token)] if whole is not None else self._by_letter(token)
            for font, piece in pieces:
                if runs and runs[-1][0] == font:
                    runs[-1] = (font, runs[-1][1] + piece)
                else:
                    runs.append((font, piece))
        return runs

    def _by_letter(self, word: str) -> list[tuple[Path | None, str]]:
        pieces: list[tuple[Path | None, str]] = []
        for char in word:
            if pieces and _is_space_or_joiner(char):
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + char)
            else:
                pieces.append((self.font_for(char), char))
        return pieces


def _tokens(text: str) -> list[str]:
    """Spaces, words (letters with their marks) and single symbols (with what joins onto them)."""
    tokens: list[str] = []
    kind_before, joined = "", False
    for char in text:
        category = unicodedata.category(char)
        kind = "space" if char.isspace() else "symbol" if category[0] in "PS" else "word"
        attaches = tokens and (
            joined or ord(char) in _JOINERS or category[0] == "M" or (kind == kind_before and kind != "symbol")
        )
        if attaches:
            tokens[-1] += char
        else:
            tokens.append(char)
            kind_before = kind
        joined = ord(char) == 0x200D
    return tokens
