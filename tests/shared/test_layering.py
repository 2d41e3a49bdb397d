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



def _module_imports(root: Path, folder: str) -> dict[str, set[str]]:
    """Every absolute import of every file under a folder, by file."""
    found: dict[str, set[str]] = {}
    for path in (root / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(root))] = names
    return found


# Which program runs what, as the folders say (README, "How it is built"): code shared by
# both programs never reaches into one of them, neither program into the other, and no
# product code into the benchmarks.
FORBIDDEN = {
    "kiosk/shared": ("kiosk.pi", "kiosk.laptop", "kiosk.bench"),
    "kiosk/pi": ("kiosk.laptop", "kiosk.bench"),
    "kiosk/laptop": ("kiosk.pi", "kiosk.bench"),
    "device": ("kiosk.pi", "kiosk.laptop", "kiosk.bench"),
    "screens/shared": ("screens.pi", "screens.laptop", "screens.bench", "kiosk.pi", "kiosk.laptop", "kiosk.bench"),
    "screens/pi": ("screens.laptop", "screens.bench", "kiosk.laptop", "kiosk.bench"),
    "screens/laptop": ("screens.pi", "screens.bench", "kiosk.pi", "kiosk.bench"),
}


def _crossings(root: Path) -> list[str]:
    return [
        f"{path} imports {name}"
        for folder, forbidden in FORBIDDEN.items()
        for path, names in _module_imports(root, folder).items()
        for name in names
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    ]


def test_the_folders_say_which_program_runs_the_code():
    assert _crossings(ROOT) == []


def test_a_laptop_module_reaching_into_the_kiosks_storage_is_caught(tmp_path: Path):
    (tmp_path / "kiosk" / "laptop").mkdir(parents=True)
    (tmp_path / "kiosk" / "shared").mkdir()
    (tmp_path / "kiosk" / "laptop" / "store.py").write_text("from kiosk.pi.storage.event_log import EventLog\n")
    (tmp_path / "kiosk" / "shared" / "rules.py").write_text("import kiosk.shared.domain\nimport kiosk.laptop\n")
    assert sorted(_crossings(tmp_path)) == [
        "kiosk/laptop/store.py imports kiosk.pi.storage.event_log",
        "kiosk/shared/rules.py imports kiosk.laptop",
    ]
