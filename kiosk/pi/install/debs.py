"""``choice-kiosk debs``: the Debian packages a Pi needs, downloaded where there is internet.

apt itself does the work, with a configuration of its own (nothing of this machine's apt
is read or changed): Debian's archive for the Pi's release and architecture, signed by
Debian's keyring; a dpkg status that models a fresh Raspberry Pi OS Lite; then
``apt-get install --download-only`` of setup-pi's packages. A fresh Lite is modelled
as Debian's base system: every package of priority required or important with their
dependencies (what debootstrap, and so Raspberry Pi OS's own build, installs). Those
are left out; everything else the packages need goes in, python3 and its libraries
included, since python3-venv needs them at exactly its own version.

On a machine that has Raspberry Pi's archive keyring (Raspberry Pi OS itself),
``--raspberrypi`` adds Raspberry Pi's own archive, as a Pi's apt has it: its Mesa is newer
than Debian 12's (the Pi 5's GPU needs it) and a Pi that already holds one of its packages
cannot take Debian's older one where versions must match.

The .deb files land in ``OUT/debs/RELEASE-ARCH/`` with a ``Packages`` index and its
``Release`` (a flat apt repository, see ``offline_apt``) and ``OUT/debs/install.sh``; apt's lists and
downloads stay in a cache folder, so a second run fetches only what changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from kiosk.pi.install.offline_apt import DEBS, INSTALL_SCRIPT, install_script, repository_name

__all__ = [
    "BASE_PRIORITIES", "DEBIAN_KEYRING", "MIRROR", "PI_RELEASES", "RASPBERRYPI_KEYRING", "Planned", "Repository",
    "apt_config", "build_debs", "deb_filename", "local_index", "parse_plan", "release_file", "sources_list", "stanzas",
    "status_file",
]

PI_RELEASES = ("bookworm", "trixie")
MIRROR = "http://deb.debian.org/debian"
SECURITY_MIRROR = "http://deb.debian.org/debian-security"
DEBIAN_KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
RASPBERRYPI_ARCHIVE = "http://archive.raspberrypi.com/debian"
RASPBERRYPI_KEYRING = Path("/usr/share/keyrings/raspberrypi-archive-keyring.gpg")
BASE_PRIORITIES = ("required", "important")

Run = Callable[[Sequence[str]], str]


@dataclass(frozen=True)
class Repository:
    """One release and architecture's packages, and where apt keeps its own files for it."""

    out: Path
    release: str
    arch: str
    cache: Path
    mirror: str = MIRROR
    keyring: Path = DEBIAN_KEYRING
    raspberrypi_keyring: Path | None = None

    @property
    def folder(self) -> Path:
        return self.out / DEBS / repository_name(self.release, self.arch)

    @property
    def apt_root(self) -> Path:
        return self.cache / repository_name(self.release, self.arch)


@dataclass(frozen=True)
class Planned:
    """A package apt plans to install, at one version."""

    name: str
    version: str
    arch: str


def sources_list(
    release: str, mirror: str = MIRROR, keyring: Path = DEBIAN_KEYRING, raspberrypi_keyring: Path | None = None
) -> str:
    """The release, its updates and its security fixes, each checked against Debian's keyring;
    with ``raspberrypi_keyring``, Raspberry Pi's own archive too (its newer Mesa, as on the Pi)."""
    signed = f"[signed-by={keyring}]"
    security = SECURITY_MIRROR if mirror == MIRROR else mirror.rstrip("/") + "-security"
    lines = (
        f"deb {signed} {mirror} {release} main\n"
        f"deb {signed} {mirror} {release}-updates main\n"
        f"deb {signed} {security} {release}-security main\n"
    )
    if raspberrypi_keyring is not None:
        lines += f"deb [signed-by={raspberrypi_keyring}] {RASPBERRYPI_ARCHIVE} {release} main\n"
    return lines


def apt_config(root: Path, arch: str) -> str:
    """apt.conf for a private apt: its own folders, the Pi's architecture, no recommends, no translations."""
    return f"""\
Dir "{root}/";
Dir::Etc::SourceList "{root}/sources.list";
Dir::Etc::SourceParts "{root}/sources.list.d";
Dir::Etc::Parts "{root}/apt.conf.d";
Dir::Etc::Preferences "{root}/preferences";
Dir::Etc::PreferencesParts "{root}/preferences.d";
Dir::State "{root}/state";
Dir::State::status "{root}/status-base";
Dir::Cache "{root}/cache";
Dir::Cache::archives "{root}/archives";
APT::Architecture "{arch}";
APT::Architectures {{ "{arch}"; }};
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT::Sandbox::User "root";
Acquire::Languages "none";
"""


def parse_plan(simulation: str) -> list[Planned]:
    """``apt-get --simulate install``'s ``Inst`` lines: name, version, architecture."""
    planned = []
    for line in simulation.splitlines():
        if not line.startswith("Inst "):
            continue
        name = line.split()[1]
        inside = line[line.index("(") + 1 : line.rindex(")")]
        version = inside.split()[0]
        arch = inside[inside.rindex("[") + 1 : inside.rindex("]")]
        planned.append(Planned(name, version, arch))
    return planned


def stanzas(text: str) -> list[str]:
    """The paragraphs of a Debian control file (``apt-cache show`` output), each without its blank line."""
    return [block.strip("\n") for block in text.split("\n\n") if block.strip()]


def _field(stanza: str, name: str) -> str:
    for line in stanza.splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    return ""


def status_file(base: Iterable[str]) -> str:
    """A dpkg status file with every stanza marked installed: the Pi's packages as apt will find them."""
    return "".join(f"{stanza}\nStatus: install ok installed\n\n" for stanza in base)


def deb_filename(package: Planned) -> str:
    """The file name apt gives a download: the version's epoch colon quoted."""
    return f"{package.name}_{package.version.replace(':', '%3a')}_{package.arch}.deb"


def local_index(found: Iterable[str], filenames: dict[tuple[str, str], str]) -> str:
    """``Packages`` for the flat repository: each stanza with ``Filename`` pointing into the folder."""
    out = []
    for stanza in found:
        key = (_field(stanza, "Package"), _field(stanza, "Version"))
        lines = [f"Filename: ./{filenames[key]}" if line.startswith("Filename:") else line
                 for line in stanza.splitlines()]
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def release_file(packages: bytes, arch: str, date: datetime) -> str:
    """An unsigned ``Release`` for the flat repository: apt checks ``Packages`` against it."""
    digest = hashlib.sha256(packages).hexdigest()
    return (
        "Origin: Choice Kiosk\n"
        "Label: Choice Kiosk offline packages\n"
        f"Date: {format_datetime(date.astimezone(UTC), usegmt=True)}\n"
        f"Architectures: {arch} all\n"
        "SHA256:\n"
        f" {digest} {len(packages)} Packages\n"
    )


def _unique(found: list[str], wanted: Sequence[Planned]) -> list[str]:
    """One stanza per planned (package, version), in the plan's order."""
    by_key: dict[tuple[str, str], str] = {}
    for stanza in found:
        by_key.setdefault((_field(stanza, "Package"), _field(stanza, "Version")), stanza)
    return [by_key[(p.name, p.version)] for p in wanted]


class PrivateApt:
    """apt-get and apt-cache run with ``APT_CONFIG`` pointing at the repository's own apt.conf."""

    def __init__(self, repository: Repository, run: Run) -> None:
        self.root = repository.apt_root
        self._run = run

    def __call__(self, tool: str, *args: str, status: str = "status-base") -> str:
        return self._run([tool, "-o", f"Dir::State::status={self.root / status}", *args])

    def show(self, packages: Sequence[Planned]) -> list[str]:
        if not packages:
            return []
        found = stanzas(self("apt-cache", "show", *(f"{p.name}={p.version}" for p in packages)))
        return _unique(found, packages)


def _prepare(repository: Repository) -> None:
    root = repository.apt_root
    for folder in ("sources.list.d", "apt.conf.d", "preferences.d", "state/lists/partial", "cache",
                   "archives/partial"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "apt.conf").write_text(apt_config(root, repository.arch), encoding="utf-8")
    sources = sources_list(repository.release, repository.mirror, repository.keyring, repository.raspberrypi_keyring)
    (root / "sources.list").write_text(sources, encoding="utf-8")
    (root / "status-empty").write_text("", encoding="utf-8")


def _run_apt(root: Path) -> Run:
    env = {**os.environ, "APT_CONFIG": str(root / "apt.conf"), "LC_ALL": "C.UTF-8"}
    return lambda argv: subprocess.run(list(argv), env=env, check=True, capture_output=True, text=True).stdout


def build_debs(repository: Repository, packages: Sequence[str], run: Run | None = None) -> list[Planned]:
    """Download ``packages`` and what they need beyond the base system into the repository's folder."""
    _prepare(repository)
    apt = PrivateApt(repository, run or _run_apt(repository.apt_root))
    apt("apt-get", "update")
    base_plan = parse_plan(apt("apt-get", "--simulate", "install", *(f"?priority({p})" for p in BASE_PRIORITIES),
                               status="status-empty"))
    (repository.apt_root / "status-base").write_text(status_file(apt.show(base_plan)), encoding="utf-8")
    plan = parse_plan(apt("apt-get", "--simulate", "install", *packages))
    apt("apt-get", "install", "--download-only", "--yes", *packages)
    found = apt.show(plan)
    folder = repository.folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.deb"):
        old.unlink()
    filenames = {}
    for package in plan:
        name = deb_filename(package)
        shutil.copyfile(repository.apt_root / "archives" / name, folder / name)
        filenames[(package.name, package.version)] = name
    index = local_index(found, filenames).encode("utf-8")
    for stale in (repository.apt_root / "archives").glob("*.deb"):
        if stale.name not in filenames.values():  # an older version: the cache keeps the current ones only
            stale.unlink()
    (folder / "Packages").write_bytes(index)
    (folder / "Release").write_text(release_file(index, repository.arch, datetime.now(UTC)), encoding="utf-8")
    (repository.out / DEBS / INSTALL_SCRIPT).write_text(install_script(), encoding="utf-8")
    return plan
