"""The core never imports Kivy, and device/ never imports the screens."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_kiosk_package_has_no_kivy_or_screens_imports():
    assert not {"kivy", "screens"} & _imports("kiosk")


def test_device_package_does_not_import_screens_or_kivy():
    assert not {"kivy", "screens"} & _imports("device")


def test_importing_every_core_module_does_not_load_kivy():
    modules = [
        "kiosk." + ".".join(p.relative_to(ROOT / "kiosk").with_suffix("").parts)
        for p in (ROOT / "kiosk").rglob("*.py")
        if p.name != "__init__.py"
    ]
    code = "import sys, importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "assert not any(m == 'kivy' or m.startswith('kivy.') for m in sys.modules), 'kivy loaded'\n"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
