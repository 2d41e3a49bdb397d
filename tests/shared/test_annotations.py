"""Raw dicts only at the JSON boundary: public laptop, review and screen functions take and return typed values."""

from __future__ import annotations

import ast
from pathlib import Path

import kiosk

ROOT = Path(kiosk.__file__).resolve().parents[1]
#: The laptop's program (its review included) and every screen: the kiosk's, the laptop's, the benchmarks'.
FOLDERS = ("kiosk/laptop", "screens")
_MAPS = {"dict", "Dict", "Mapping", "MutableMapping"}


def _any_valued_map(node: ast.expr | None, aliases: set[str]) -> bool:
    """True when the annotation holds dict/Mapping[str, Any] (or an alias of one) anywhere in it."""
    if node is None:
        return False
    for part in ast.walk(node):
        if isinstance(part, ast.Name) and part.id in aliases:
            return True
        if isinstance(part, ast.Subscript) and isinstance(part.slice, ast.Tuple) and len(part.slice.elts) == 2:
            base = part.value.id if isinstance(part.value, ast.Name) else getattr(part.value, "attr", "")
            value = part.slice.elts[1]
            if base in _MAPS and isinstance(value, ast.Name) and value.id == "Any":
                return True
    return False


def offenders(source: str, name: str) -> list[str]:
    """``name:function`` for each public function whose parameters or return hold an Any-valued dict."""
    tree = ast.parse(source)
    aliases = {
        target.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and _any_valued_map(node.value, set())
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if node.name.startswith("_") and node.name != "__init__":
            continue
        args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg, node.args.kwarg]
        annotations = [a.annotation for a in args if a is not None] + [node.returns]
        if any(_any_valued_map(a, aliases) for a in annotations):
            found.append(f"{name}:{node.name}")
    return found


def test_no_public_laptop_or_screen_function_takes_or_returns_an_any_valued_dict() -> None:
    found = set()
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            found |= set(offenders(path.read_text(encoding="utf-8"), name))
    assert not found, sorted(found)


def test_the_check_reads_the_review_and_every_screen_folder() -> None:
    read = {str(p.relative_to(ROOT).parent) for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")}
    assert {"kiosk/laptop/review", "screens/pi", "screens/laptop", "screens/bench", "screens/shared"} <= read


def test_the_check_catches_a_made_up_offender() -> None:
    source = (
        "from typing import Any\nfrom collections.abc import Mapping\nRecord = dict[str, Any]\n"
        "def events(kiosk: str) -> list[dict[str, Any]]: ...\n"
        "def fold(events: Mapping[str, Any]) -> int: ...\n"
        "def record() -> Record: ...\n"
        "class Store:\n    def read(self, *, into: dict[str, Any] | None = None) -> None: ...\n"
        "def _private(x: dict[str, Any]) -> None: ...\n"
        "def fine(x: dict[str, int]) -> list[str]: ...\n"
    )
    assert offenders(source, "m.py") == ["m.py:events", "m.py:fold", "m.py:record", "m.py:read"]
