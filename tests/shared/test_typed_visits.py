"""The kiosk's screens are reached with typed visits, and no screen function trades in loose dicts.

Read from the sources (no Kivy needed): every ``show(...)`` call in screens/pi hands over one
visit (never a screen's name and keywords), and no public function there takes or returns
``dict[str, Any]`` / ``Mapping[str, Any]`` or gathers ``**context``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import screens

PI_SCREENS = Path(screens.__file__).resolve().parent / "pi"
LOOSE = ("dict[str, Any]", "Mapping[str, Any]")


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PI_SCREENS.rglob("*.py"))]


def test_the_check_reads_the_kiosk_screens() -> None:
    assert len(_trees()) > 20


def test_every_screen_is_reached_with_one_visit_not_a_name_and_keywords() -> None:
    loose = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "show"
                and isinstance(node.func.value, ast.Attribute | ast.Name)
                and getattr(node.func.value, "attr", getattr(node.func.value, "id", "")) in ("nav", "self", "app")
                and (node.keywords or any(isinstance(a, ast.Constant) for a in node.args))
            ):
                loose.append(f"{path.relative_to(PI_SCREENS)}:{node.lineno}")
    assert loose == []


def test_no_public_screen_function_takes_or_returns_a_loose_dict() -> None:
    loose = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
                continue
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            notes = [a.annotation for a in args] + [node.returns]
            texts = [ast.unparse(n) for n in notes if n is not None]
            gathers_context = node.args.kwarg is not None and node.args.kwarg.arg == "context"
            if gathers_context or any(kind in text for text in texts for kind in LOOSE):
                loose.append(f"{path.relative_to(PI_SCREENS)}:{node.lineno} {node.name}")
    assert loose == []
