"""Debian packages on a Pi with no internet, from the folder ``choice-kiosk debs`` filled.

That folder (``WHEELHOUSE/debs/``) holds one flat apt repository per release and
architecture (``bookworm-arm64/``: the .deb files, their ``Packages`` index and an
unsigned ``Release`` holding its checksum) and
``install.sh``. apt reads the repository as its only source, through a source list and
package lists kept in /run (gone at the next boot): nothing of the Pi's own apt set-up
changes and nothing is fetched, and apt still picks, for each package, the newer of
the Pi's installed version and the folder's. The repository is marked trusted: the
stick's ``SHA256SUMS`` (``sha256sum -c``) checks every file, ``Packages`` included,
and apt checks each .deb against ``Packages``.

``install.sh`` does the same before the kiosk's venv exists (python3-venv itself comes
from the stick); ``setup-pi --offline`` spells the same steps out in its plan.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from kiosk.pi.install.steps import Command, FileWrite, Step

__all__ = [
    "APT_STATE", "DEBS", "INSTALL_SCRIPT", "OfflineFolderError", "apt_options", "find_repository", "install_script",
    "offline_steps", "repository_name", "source_line", "this_system",
]

APT_STATE = Path("/run/choice-kiosk-apt")
DEBS = "debs"
INSTALL_SCRIPT = "install.sh"


class OfflineFolderError(Exception):
    """The folder given to ``--offline`` has no packages for this Pi; the message says what it has."""


def repository_name(codename: str, arch: str) -> str:
    return f"{codename}-{arch}"


def apt_options(state: Path = APT_STATE) -> tuple[str, ...]:
    """apt with the folder's source alone, its lists in /run, and no cache file written.

    The Release file's date is not checked: a Pi without a clock battery and without a
    network may think it is long before the day the packages were fetched.
    """
    return (
        "-o", f"Dir::Etc::SourceList={state}/sources.list",
        "-o", f"Dir::Etc::SourceParts={state}/sources.list.d",
        "-o", f"Dir::State::Lists={state}/lists",
        "-o", "Dir::Cache::pkgcache=",
        "-o", "Dir::Cache::srcpkgcache=",
        "-o", "Acquire::Languages=none",
        "-o", "Acquire::Check-Date=false",
    )


def source_line(repository: Path) -> str:
    return f"deb [trusted=yes] file:{quote(str(repository))} ./\n"


def offline_steps(repository: Path, packages: Sequence[str]) -> list[Step]:
    """The plan's package steps: the folder as apt's only source, then the install."""
    return [
        Command(("sudo", "mkdir", "-p", f"{APT_STATE}/lists/partial", f"{APT_STATE}/sources.list.d")),
        FileWrite(APT_STATE / "sources.list", source_line(repository)),
        Command(("sudo", "apt-get", *apt_options(), "update")),
        Command(("sudo", "apt-get", *apt_options(), "install", "-y", "--no-install-recommends", *packages)),
    ]


def install_script() -> str:
    """``debs/install.sh``: the same steps in sh, for the Pi's release and architecture, run with sudo."""
    options = shlex.join(apt_options())
    return f"""\
#!/bin/sh
# Written by `choice-kiosk debs`: installs Debian packages from this folder, with no network.
# Before the kiosk's venv exists:  sudo sh debs/install.sh python3-venv
# (`choice-kiosk setup-pi --offline WHEELHOUSE` installs the rest the same way.)
set -eu
if [ "$(id -u)" != 0 ]; then echo "install.sh: run it with sudo" >&2; exit 1; fi
if [ $# = 0 ]; then echo "usage: sudo sh $0 PACKAGE..." >&2; exit 2; fi
here=$(cd "$(dirname "$0")" && pwd)
. /etc/os-release
arch=$(dpkg --print-architecture)
repository="$here/$VERSION_CODENAME-$arch"
if [ ! -f "$repository/Packages" ]; then
  echo "install.sh: no Debian packages for $VERSION_CODENAME $arch in $here (it has: $(ls "$here" | tr '\\n' ' '))." >&2
  echo "Make them on a machine with internet: choice-kiosk debs WHEELHOUSE --release $VERSION_CODENAME --arch $arch" >&2
  exit 1
fi
mkdir -p {APT_STATE}/lists/partial {APT_STATE}/sources.list.d
echo "deb [trusted=yes] file:$repository ./" > {APT_STATE}/sources.list
apt-get {options} update
apt-get {options} install -y --no-install-recommends "$@"
"""


def find_repository(folder: Path, codename: str, arch: str) -> Path:
    """This Pi's repository in the folder (the wheelhouse, or its debs/), or why there is none."""
    debs = folder if (folder / INSTALL_SCRIPT).is_file() else folder / DEBS
    repository = debs / repository_name(codename, arch)
    if (repository / "Packages").is_file():
        return repository.resolve()
    if not debs.is_dir():
        raise OfflineFolderError(
            f"{folder} has no Debian packages (no {DEBS}/ folder): make them on a machine with internet with "
            f"choice-kiosk debs {folder.name} --release {codename} --arch {arch}")
    present = sorted(p.name for p in debs.iterdir() if (p / "Packages").is_file())
    raise OfflineFolderError(
        f"{debs} has no Debian packages for {codename} {arch} (it has: {', '.join(present) or 'none'}): make them "
        f"with choice-kiosk debs {folder.name} --release {codename} --arch {arch}")


def this_system(os_release: Path = Path("/etc/os-release")) -> tuple[str, str]:
    """This machine's release code name (bookworm, trixie) and Debian architecture (arm64)."""
    fields = dict(
        line.split("=", 1) for line in os_release.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    codename = fields.get("VERSION_CODENAME", "").strip('"')
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    return codename, arch
