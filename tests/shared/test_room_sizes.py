"""No room doing several jobs: no class over 250 lines, no function over complexity 15.

Both bounds cover the code that ships (kiosk/, screens/, device/, benchmarks included).
Complexity is radon's cyclomatic count, which also counts `and`/`or` and comprehensions;
ruff's C90 (pyproject.toml) counts branches only, so it alone lets a function hide its
decisions in boolean chains. `make check` runs this file beside ruff and mypy.
"""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_visit

import kiosk

# The folder holding the packages that run (see test_layering.py): the checkout, or site-packages.
ROOT = Path(kiosk.__file__).resolve().parents[1]
FOLDERS = ("kiosk", "screens", "device")
MAX_CLASS_LINES = 250
MAX_COMPLEXITY = 15


def _sources(root: Path) -> list[Path]:
    return sorted(path for folder in FOLDERS for path in (root / folder).rglob("*.py"))


def _long_classes(root: Path) -> list[str]:
    """Every class spanning more than MAX_CLASS_LINES lines, from its `class` line to its last."""
    found = []
    for path in _sources(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_CLASS_LINES:
                    found.append(f"{path.relative_to(root)}: class {node.name} spans {lines} lines")
    return found


def _complex_functions(root: Path) -> list[str]:
    """Every function or method whose cyclomatic complexity is over MAX_COMPLEXITY."""
    found = []
    for path in _sources(root):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > MAX_COMPLEXITY:
                found.append(f"{path.relative_to(root)}:{block.lineno}: {block.fullname} has complexity {block.complexity}")
    return found


def test_the_checks_read_the_sources_that_run():
    assert len(_sources(ROOT)) > 150


def test_no_class_spans_over_250_lines():
    assert _long_classes(ROOT) == []


def test_no_function_is_over_complexity_15():
    assert _complex_functions(ROOT) == []


def _class_of(lines: int) -> str:
    """A class of exactly ``lines`` lines: its `class` line, a docstring, then one method per two lines."""
    body = ['    """A made-up room."""'] + [f"    def m{i}(self): ..." for i in range(lines - 2)]
    return "\n".join(["class Room:", *body]) + "\n"


def test_a_class_of_251_lines_is_caught_and_one_of_250_is_not(tmp_path: Path):
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "kiosk" / "big.py").write_text(_class_of(251))
    (tmp_path / "kiosk" / "fits.py").write_text(_class_of(250))
    assert _long_classes(tmp_path) == ["kiosk/big.py: class Room spans 251 lines"]


def _function_with_conditions(count: int) -> str:
    """A function of complexity ``count + 1``: half its decisions in `if`s, half in an `and` chain."""
    ifs = count // 2
    chain = " and ".join(f"x > {i}" for i in range(count - ifs + 1))
    body = [f"    if x == {i}:\n        return {i}" for i in range(ifs)] + [f"    return {chain}"]
    return "def f(x):\n" + "\n".join(body) + "\n"


def test_a_function_of_complexity_16_is_caught_even_through_boolean_chains(tmp_path: Path):
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "tangled.py").write_text(_function_with_conditions(15))
    (tmp_path / "screens" / "fits.py").write_text(_function_with_conditions(14))
    assert _complex_functions(tmp_path) == ["screens/tangled.py:1: f has complexity 16"]
