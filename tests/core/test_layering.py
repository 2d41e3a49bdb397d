"""Arrows point one way: screens → kiosk, device → kiosk; the core imports neither Kivy nor device."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> set[str]:
    """Top-level names of every absolute import in a package."""
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def _modules(package: str) -> list[str]:
    return [
        ".".join((package, *p.relative_to(ROOT / package).with_suffix("").parts))
        for p in (ROOT / package).rglob("*.py")
        if p.name != "__init__.py"
    ]


def _assert_importing_loads_none_of(modules: list[str], forbidden: tuple[str, ...]) -> None:
    code = "import sys, importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += f"bad = [m for m in sys.modules if m.split('.')[0] in {forbidden!r}]\nassert not bad, bad\n"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_kiosk_package_imports_no_kivy_screens_or_device():
    assert not {"kivy", "screens", "device"} & _imports("kiosk")


def test_device_imports_only_the_standard_library_pyserial_and_the_core():
    outside = _imports("device") - set(sys.stdlib_module_names)
    assert outside <= {"serial", "device", "kiosk"}, outside


def test_importing_every_core_module_loads_no_kivy():
    _assert_importing_loads_none_of(_modules("kiosk"), ("kivy", "screens", "device"))


def test_importing_every_device_module_loads_neither_kivy_nor_screens():
    _assert_importing_loads_none_of(_modules("device"), ("kivy", "screens"))
