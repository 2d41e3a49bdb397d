"""An install bundle for schools without internet: every wheel the kiosk needs, checked.

Built on any machine with internet; copied to the Pi (a USB stick); installed there
with ``pip install --no-index --find-links``. Only wheels go in (``--only-binary``),
so the build fails here, not at school, when a dependency would need a compiler on
the Pi. ``SHA256SUMS`` reads with ``sha256sum -c``; it also covers the Debian packages
``choice-kiosk debs`` puts beside the wheels (debs/).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.pi.install.offline_apt import DEBS

__all__ = [
    "PI_PYTHONS", "Wheelhouse", "build_wheelhouse", "checksums", "download_commands", "pi_platforms", "write_checksums"
]

PI_PYTHONS = ("3.11", "3.13")
PI_GLIBC = 36
CHECKSUMS = "SHA256SUMS"


def pi_platforms(glibc_minor: int = PI_GLIBC) -> list[str]:
    """Wheel platform tags a 64-bit Raspberry Pi OS (Bookworm: glibc 2.36) accepts."""
    tags = [f"manylinux_2_{minor}_aarch64" for minor in range(glibc_minor, 16, -1)]
    return [*tags, "manylinux2014_aarch64", "linux_aarch64"]


@dataclass(frozen=True)
class Wheelhouse:
    """What goes into one bundle."""

    out: Path
    project: Path
    pythons: tuple[str, ...] = PI_PYTHONS
    extras: tuple[str, ...] = ()


def download_commands(house: Wheelhouse, project_wheel: Path, python: str = sys.executable) -> list[list[str]]:
    """pip commands: the dependencies for this machine, then for each Pi Python."""
    wanted = f"{project_wheel}[{','.join(house.extras)}]" if house.extras else str(project_wheel)
    base = [python, "-m", "pip", "download", "--only-binary=:all:", "--dest", str(house.out)]
    commands = [[*base, wanted]]
    for version in house.pythons:
        abi = "cp" + version.replace(".", "")
        platforms = [arg for tag in pi_platforms() for arg in ("--platform", tag)]
        commands.append(
            [
                *base, *platforms, "--python-version", version, "--implementation", "cp",
                "--abi", abi, "--abi", "abi3", "--abi", "none", wanted,
            ]
        )
    return commands


def checksums(folder: Path) -> str:
    """``sha256sum``-style lines for every wheel in the folder and every file under its debs/, sorted."""
    debs = folder / DEBS
    files = [*sorted(folder.glob("*.whl")), *sorted(p for p in debs.rglob("*") if p.is_file())]
    lines = []
    for path in files:
        with path.open("rb") as data:
            digest = hashlib.file_digest(data, "sha256").hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def write_checksums(folder: Path) -> None:
    (folder / CHECKSUMS).write_text(checksums(folder), encoding="utf-8")


def build_wheelhouse(house: Wheelhouse, run: Callable[[Sequence[str]], object] | None = None) -> Path:
    """Build the project's wheel, download every dependency, write SHA256SUMS."""
    run = run or (lambda command: subprocess.run(command, check=True))
    house.out.mkdir(parents=True, exist_ok=True)
    for old in house.out.glob("choice_kiosk-*.whl"):
        old.unlink()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(house.out), str(house.project)])
    built = sorted(house.out.glob("choice_kiosk-*.whl"))
    if len(built) != 1:
        raise RuntimeError(f"expected one choice_kiosk wheel in {house.out}, found {len(built)}")
    for command in download_commands(house, built[0]):
        run(command)
    write_checksums(house.out)
    return built[0]
