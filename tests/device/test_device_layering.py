"""Arrows point one way: device may use the core, never Kivy or the screens; the core never uses device."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _top_level_imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_the_core_never_imports_device():
    assert "device" not in _top_level_imports("kiosk")


def test_device_imports_only_the_standard_library_pyserial_and_the_core():
    outside = _top_level_imports("device") - set(sys.stdlib_module_names)
    assert outside <= {"serial", "device", "kiosk"}, outside


def test_importing_every_device_module_loads_neither_kivy_nor_screens():
    modules = ["device"] + [f"device.{p.stem}" for p in (ROOT / "device").glob("*.py") if p.stem != "__init__"]
    code = "import sys, importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "bad = [m for m in sys.modules if m.split('.')[0] in ('kivy', 'screens')]\nassert not bad, bad\n"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
