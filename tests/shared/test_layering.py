"""Arrows point one way: screens → kiosk, device → kiosk; the core imports neither Kivy nor device."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kiosk

# The folder holding the packages that run: the checkout here, site-packages where the tests run
# against an installed wheel (.ci/arm64-smoke copies only tests/), so no check passes on nothing.
ROOT = Path(kiosk.__file__).resolve().parents[1]


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


def test_the_checks_read_the_sources_that_run():
    assert len(_modules("kiosk")) > 100 and len(_modules("screens")) > 50 and _modules("device")


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


def _package_of(root: Path, module: str) -> str:
    """The sub-package a module belongs to (a package's ``__init__`` belongs to the package itself)."""
    return module if (root / Path(*module.split("."))).is_dir() else module.rpartition(".")[0]


def _package_imports(root: Path, top: str) -> dict[tuple[str, str], list[str]]:
    """Every import from one sub-package into another under ``top``, with the files that make it."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path, names in _module_imports(root, top).items():
        parts = Path(path).with_suffix("").parts
        source = ".".join(parts[:-1])
        for name in names:
            if name.split(".")[0] != top:
                continue
            target = _package_of(root, name)
            if target != source:
                edges.setdefault((source, target), []).append(path)
    return edges


def _loops(root: Path, top: str = "kiosk") -> list[list[str]]:
    """Groups of sub-packages that import each other, round a loop (Tarjan's strongly connected components)."""
    graph: dict[str, set[str]] = {}
    for source, target in _package_imports(root, top):
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_sub_package_imports_round_a_loop():
    assert _loops(ROOT) == []


def test_a_loop_between_sub_packages_is_caught(tmp_path: Path):
    for folder in ("shared", "shared/files", "shared/text"):
        (tmp_path / "kiosk" / folder).mkdir(parents=True)
    (tmp_path / "kiosk" / "shared" / "domain.py").write_text("from kiosk.shared.text.i18n import Sentence\n")
    (tmp_path / "kiosk" / "shared" / "text" / "i18n.py").write_text("from kiosk.shared.files.durable_io import FileOps\n")
    (tmp_path / "kiosk" / "shared" / "files" / "durable_io.py").write_text("import kiosk.shared.domain\n")
    (tmp_path / "kiosk" / "shared" / "files" / "other.py").write_text("from kiosk.shared.files import durable_io\n")
    assert _loops(tmp_path) == [["kiosk.shared", "kiosk.shared.files", "kiosk.shared.text"]]


def _private_imports(root: Path, folders: tuple[str, ...]) -> list[str]:
    """``from module import _name`` (or ``import a._b``) of one module's private name in another."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.Import):
                    names = [part for alias in node.names for part in alias.name.split(".")]
                else:
                    continue
                found += [f"{path.relative_to(root)} imports {name}" for name in names
                          if name.startswith("_") and not name.startswith("__")]
    return found


def test_no_module_imports_another_ones_private_name():
    assert _private_imports(ROOT, ("kiosk", "screens", "device")) == []


def test_a_private_name_imported_from_another_module_is_caught(tmp_path: Path):
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "kiosk" / "a.py").write_text("from kiosk.b import _helper, public\nimport kiosk._c\nfrom __future__ import annotations\n")
    assert _private_imports(tmp_path, ("kiosk",)) == ["kiosk/a.py imports _helper", "kiosk/a.py imports _c"]
