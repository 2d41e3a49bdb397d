"""Every link in README.md and docs/*.md leads to a file of this repository, and to a heading it has.

The README and docs/ are read offline, from a checkout or a copy of it: a link that
leaves the repository (``../shared/…``, an address on the web) or names a file, a
picture or a heading that is not there is a dead end for the teacher or the IT person
reading it. Anchors are GitHub's: a heading's text in lower case, punctuation dropped,
spaces made hyphens, ``-1``, ``-2``… for repeats. Code (fenced blocks, indented
blocks, `spans`) holds no links.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# .ci/arm64-smoke runs tests/shared from a copy of tests/ and pyproject.toml alone.
pytestmark = pytest.mark.skipif(
    not (ROOT / "README.md").is_file(), reason="the checkout's README and docs/ are not beside these tests"
)

INLINE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
WEB = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\w", re.IGNORECASE)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    target: str
    image: bool

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page}:{self.line}: {self.target}"


def _prose(text: str) -> list[tuple[int, str]]:
    """The page's lines outside code blocks, numbered from 1, with inline code spans blanked."""
    lines: list[tuple[int, str]] = []
    fence: str | None = None
    previous_blank = True
    for number, line in enumerate(text.splitlines(), start=1):
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith(("    ", "\t")) and previous_blank and line.strip():
            continue  # an indented code block (only where a paragraph cannot go on)
        previous_blank = not line.strip()
        lines.append((number, re.sub(r"(`+)(?:(?!\1).)+?\1", "``", line)))
    return lines


def links(page: Path) -> list[Link]:
    """Every inline link, picture, reference definition and autolink of a Markdown page."""
    found: list[Link] = []
    for number, line in _prose(page.read_text(encoding="utf-8")):
        found += [Link(page, number, m.group(2), m.group(1) == "!") for m in INLINE.finditer(line)]
        found += [Link(page, number, m.group(1), False) for m in AUTOLINK.finditer(line)]
        definition = REFERENCE.match(line)
        if definition:
            found.append(Link(page, number, definition.group(1), False))
    return found


def web_addresses(page: Path) -> list[str]:
    """Addresses on the web written in the page's prose (GitHub turns a bare one into a link)."""
    return [f"{page.name}:{n}: {m.group(0)}" for n, line in _prose(page.read_text(encoding="utf-8"))
            for m in WEB.finditer(line)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its words
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading's anchor on a Markdown page, repeats numbered as GitHub numbers them."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    fence: str | None = None
    for line in page.read_text(encoding="utf-8").splitlines():
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        heading = HEADING.match(line)
        if heading:
            base = slug(heading.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def problem(link: Link, root: Path = ROOT) -> str | None:
    """Why a link is a dead end or leaves the repository, or None when it leads where it says."""
    target = link.target
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
        return "leaves the repository (an address, not a file of it)"
    path_part, _, anchor = target.partition("#")
    if path_part.startswith("/"):
        return "an absolute path: write it relative to the page"
    destination = (link.page.parent / path_part).resolve() if path_part else link.page.resolve()
    if not destination.is_relative_to(root.resolve()):
        return "leaves the repository"
    if not destination.is_file():
        return "no such file in the repository" if not destination.is_dir() else "a folder, not a file"
    if link.image and destination.suffix.lower() not in PICTURES:
        return "shown as a picture but not one"
    if anchor:
        if destination.suffix.lower() != ".md":
            return f"an anchor into {destination.name}, which has no headings"
        if anchor not in anchors(destination):
            return f"no heading '#{anchor}' in {destination.name}"
    return None


def test_the_pages_are_the_readme_and_docs():
    assert PAGES[0].name == "README.md" and {"PRODUCT.md", "ARCHITECTURE.md", "SYNC.md", "REVIEW.md",
                                              "STORAGE.md"} <= {p.name for p in PAGES}


def test_every_link_leads_to_a_file_of_the_repository_and_a_heading_it_has():
    every = [link for page in PAGES for link in links(page)]
    assert len(every) > 100, "the pages' links were not found: the reader is broken"
    dead = [f"{link} — {why}" for link in every if (why := problem(link))]
    assert dead == []


def test_every_picture_shown_is_there():
    pictures = [link for page in PAGES for link in links(page) if link.image]
    assert len(pictures) > 50
    assert [str(p) for p in pictures if problem(p)] == []


def test_no_page_names_an_address_on_the_web():
    assert [address for page in PAGES for address in web_addresses(page)] == []


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower()


def test_every_dependency_has_its_reason_in_the_readme_s_table():
    """pyproject.toml's dependencies (the test extra's too) each have a row in "Dependencies and why"."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_requirement_name(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Dependencies and why", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    named = {name.strip().split()[0].lower() for packages, _ in rows for name in packages.split(",")}
    assert wanted <= named, f"no reason given for {sorted(wanted - named)}"
    assert all(len(why.strip()) > 20 for _, why in rows)


# The checker itself, on pages made for it: each kind of dead end is caught.

def _page(tmp_path: Path, text: str, name: str = "README.md") -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "SYNC.md").write_text("# Sync\n\n## The last seat\n\n## Events (JSON lines)\n")
    (tmp_path / "docs" / "pic.png").write_bytes(b"\x89PNG")
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("See [the brief](../shared/PRODUCT.md).", "leaves the repository"),
        ("See [it](https://example.org/x).", "leaves the repository (an address, not a file of it)"),
        ("See <https://example.org/x>.", "leaves the repository (an address, not a file of it)"),
        ("See [it](docs/NONE.md).", "no such file in the repository"),
        ("See [it](docs/SYNC.md#the-first-seat).", "no heading '#the-first-seat' in SYNC.md"),
        ("See [it](#nowhere).", "no heading '#nowhere' in README.md"),
        ("![a screen](docs/missing.png)", "no such file in the repository"),
        ("![a screen](docs/SYNC.md)", "shown as a picture but not one"),
        ("See [it](docs).", "a folder, not a file"),
        ("[sync]: ../outside.md", "leaves the repository"),
    ],
)
def test_a_dead_end_is_caught(tmp_path, text, why):
    page = _page(tmp_path, f"# Title\n\n{text}\n")
    found = links(page)
    assert len(found) == 1
    assert problem(found[0], root=tmp_path) == why


def test_links_that_lead_somewhere_pass_and_code_holds_no_links(tmp_path):
    page = _page(tmp_path, "# Title\n\n## On the wall\n\n"
                 "[a](docs/SYNC.md#the-last-seat) [b](docs/SYNC.md#events-json-lines) ![c](docs/pic.png)"
                 " [d](#on-the-wall) [e](#title)\n\n"
                 "```sh\n[x](../nowhere.md)\n```\n\n    [y](../indented.md)\n\nand `[z](../span.md)` too\n")
    found = links(page)
    assert [link.target for link in found] == [
        "docs/SYNC.md#the-last-seat", "docs/SYNC.md#events-json-lines", "docs/pic.png", "#on-the-wall", "#title"]
    assert [problem(link, root=tmp_path) for link in found] == [None] * 5


def test_a_bare_web_address_is_caught(tmp_path):
    page = _page(tmp_path, "# Title\n\nSee https://example.org for more; `https://in.code` is fine.\n")
    assert web_addresses(page) == ["README.md:3: https://example.org"]


def test_anchors_follow_github_s_rule(tmp_path):
    page = _page(tmp_path, "# A\n\n## One sync (`kiosk/laptop/sync.py: sync_kiosk`)\n\n"
                 "## Power-on to Welcome, idle writes — `bench ui`\n\n## Notes\n\n## Notes\n")
    assert anchors(page) == {"a", "one-sync-kiosklaptopsyncpy-sync_kiosk", "power-on-to-welcome-idle-writes--bench-ui",
                             "notes", "notes-1"}
