"""A Pi with no internet: the Debian packages fetched elsewhere (``debs``) and installed from the stick.

The pure parts from plain values (apt's plan read back, the flat repository's index and
Release, the Pi-side steps and install.sh), and ``build_debs``'s order of work against a
stand-in for apt that answers as apt does. The real download and the real offline
install run in .ci/pi-boot (a Debian 12 booted with systemd, no network).
"""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.pi.install.debs import (
    Planned,
    Repository,
    apt_config,
    build_debs,
    deb_filename,
    local_index,
    parse_plan,
    release_file,
    sources_list,
    stanzas,
    status_file,
)
from kiosk.pi.install.offline_apt import (
    APT_STATE,
    OfflineFolderError,
    apt_options,
    find_repository,
    install_script,
    offline_steps,
    source_line,
)
from kiosk.pi.install.setup_pi import DEBIAN_PACKAGES, describe_plan, setup_plan
from kiosk.pi.install.steps import Command, FileWrite
from kiosk.pi.install.unit import KioskUnit

SIMULATION = """\
NOTE: This is only a simulation!
Reading package lists...
Inst libc6 [2.36-9+deb12u9] (2.36-9+deb12u14 Debian:12.15/oldstable [arm64]) []
Inst python3.11 (3.11.2-6+deb12u9 Debian-Security:12/oldstable-security [arm64])
Inst fonts-symbola (2.60-1.1 Debian:12.15/oldstable [all])
Inst libfoo (1:2.0-1 Debian:12.15/oldstable [arm64])
Conf libc6 (2.36-9+deb12u14 Debian:12.15/oldstable [arm64])
"""


def stanza(name: str, version: str, arch: str = "arm64", priority: str = "optional") -> str:
    return (f"Package: {name}\nVersion: {version}\nArchitecture: {arch}\nPriority: {priority}\n"
            f"Description: {name}\n a second line\nFilename: pool/main/x/{name}_{version}_{arch}.deb\nSize: 3")


def test_apts_plan_is_read_back_with_each_version_and_architecture():
    assert parse_plan(SIMULATION) == [
        Planned("libc6", "2.36-9+deb12u14", "arm64"), Planned("python3.11", "3.11.2-6+deb12u9", "arm64"),
        Planned("fonts-symbola", "2.60-1.1", "all"), Planned("libfoo", "1:2.0-1", "arm64")]
    assert deb_filename(Planned("libfoo", "1:2.0-1", "arm64")) == "libfoo_1%3a2.0-1_arm64.deb"


def test_the_private_apt_reads_debian_signed_for_the_pis_architecture():
    sources = sources_list("trixie")
    assert sources.splitlines() == [
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main",
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-updates main",
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security "
        "trixie-security main"]
    with_pi = sources_list("bookworm", raspberrypi_keyring=Path("/usr/share/keyrings/raspberrypi-archive-keyring.gpg"))
    assert with_pi.splitlines()[-1] == ("deb [signed-by=/usr/share/keyrings/raspberrypi-archive-keyring.gpg] "
                                        "http://archive.raspberrypi.com/debian bookworm main")
    config = apt_config(Path("/cache/trixie-arm64"), "arm64")
    assert 'APT::Architecture "arm64";' in config and 'Dir "/cache/trixie-arm64/";' in config
    assert 'APT::Install-Recommends "false";' in config and 'Dir::Etc::Parts "/cache/trixie-arm64/apt.conf.d";' in config


def test_the_base_system_is_written_as_installed_and_the_index_points_into_the_folder():
    found = stanzas(f"{stanza('libc6', '2.36')}\n\n{stanza('fonts-symbola', '2.60', 'all')}\n\n")
    assert len(found) == 2 and found[0].endswith("Size: 3")
    assert status_file(found).count("Status: install ok installed\n") == 2
    index = local_index(found, {("libc6", "2.36"): "libc6_2.36_arm64.deb", ("fonts-symbola", "2.60"): "f.deb"})
    assert "Filename: ./libc6_2.36_arm64.deb\n" in index and "Filename: ./f.deb\n" in index
    assert "pool/" not in index and " a second line\n" in index and "\n\nPackage: fonts-symbola" in index


def test_the_release_file_holds_the_index_checksum_and_a_date():
    index = b"Package: x\n"
    release = release_file(index, "arm64", datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    assert f" {hashlib.sha256(index).hexdigest()} 11 Packages\n" in release
    assert "Date: Sun, 01 Mar 2026 08:00:00 GMT\n" in release and "Architectures: arm64 all\n" in release


class FakeApt:
    """Answers as apt does: a base system of libc6, the kiosk's packages needing libc6 and python3.11."""

    BASE = (Planned("libc6", "2.36-9", "arm64"), Planned("tar", "1.34", "arm64"))
    KIOSK = (Planned("python3.11", "3.11.2-6", "arm64"), Planned("fonts-symbola", "2.60-1.1", "all"),
             Planned("libfoo", "1:2.0-1", "arm64"))

    def __init__(self, archives: Path) -> None:
        self.archives = archives
        self.calls: list[list[str]] = []

    @staticmethod
    def _inst(plan: tuple[Planned, ...]) -> str:
        return "".join(f"Inst {p.name} ({p.version} Debian:12 [{p.arch}])\n" for p in plan)

    def __call__(self, argv):
        argv = list(argv)
        self.calls.append(argv)
        status = argv[2].rsplit("/", 1)[1]
        args = argv[3:]
        if args[:2] == ["--simulate", "install"]:
            return self._inst(self.BASE if status == "status-empty" else self.KIOSK)
        if args[:2] == ["install", "--download-only"]:
            for package in self.KIOSK:
                (self.archives / deb_filename(package)).write_bytes(package.name.encode())
            return ""
        if argv[0] == "apt-cache":
            wanted = [a.split("=", 1) for a in args[1:]]
            return "\n\n".join(stanza(name, version) for name, version in wanted) + "\n"
        return ""


def test_build_debs_downloads_what_a_fresh_lite_lacks_into_a_flat_repository(tmp_path):
    repository = Repository(tmp_path / "wheelhouse", "bookworm", "arm64", tmp_path / "cache")
    (repository.folder).mkdir(parents=True)
    (repository.folder / "stale_1_arm64.deb").write_bytes(b"old")
    apt = FakeApt(repository.apt_root / "archives")
    (repository.apt_root / "archives").mkdir(parents=True)
    (repository.apt_root / "archives" / "python3.11_3.11.2-5_arm64.deb").write_bytes(b"last month's")
    planned = build_debs(repository, ["python3-venv", "fonts-symbola"], run=apt)

    assert planned == list(FakeApt.KIOSK)
    steps = [(call[0], call[3:]) for call in apt.calls]
    assert steps[0] == ("apt-get", ["update"])
    assert steps[1] == ("apt-get", ["--simulate", "install", "?priority(required)", "?priority(important)"])
    assert apt.calls[1][2].endswith("/status-empty") and apt.calls[3][2].endswith("/status-base")
    assert steps[3] == ("apt-get", ["--simulate", "install", "python3-venv", "fonts-symbola"])
    assert steps[4] == ("apt-get", ["install", "--download-only", "--yes", "python3-venv", "fonts-symbola"])
    base = (repository.apt_root / "status-base").read_text()
    assert "Package: libc6\n" in base and "Package: tar\n" in base and base.count("install ok installed") == 2
    debs = sorted(p.name for p in repository.folder.glob("*.deb"))
    assert debs == sorted(deb_filename(p) for p in FakeApt.KIOSK), "the base system is left out, old files gone"
    assert sorted(p.name for p in (repository.apt_root / "archives").glob("*.deb")) == debs, "the cache keeps no old one"
    index = (repository.folder / "Packages").read_text()
    assert "Filename: ./libfoo_1%3a2.0-1_arm64.deb" in index and "Package: libc6" not in index
    assert hashlib.sha256(index.encode()).hexdigest() in (repository.folder / "Release").read_text()
    assert (tmp_path / "wheelhouse" / "debs" / "install.sh").read_text() == install_script()


def test_on_the_pi_apt_reads_the_folder_alone_and_keeps_its_own_state_in_run():
    repository = Path("/mnt/wheelhouse/debs/bookworm-arm64")
    steps = offline_steps(repository, ["python3-venv", "espeak-ng"])
    assert steps[0] == Command(("sudo", "mkdir", "-p", f"{APT_STATE}/lists/partial", f"{APT_STATE}/sources.list.d"))
    assert steps[1] == FileWrite(APT_STATE / "sources.list",
                                 "deb [trusted=yes] file:/mnt/wheelhouse/debs/bookworm-arm64 ./\n")
    assert steps[2] == Command(("sudo", "apt-get", *apt_options(), "update"))
    assert steps[3] == Command(("sudo", "apt-get", *apt_options(), "install", "-y", "--no-install-recommends",
                                "python3-venv", "espeak-ng"))
    options = " ".join(apt_options())
    assert "Dir::Etc::SourceParts=/run/choice-kiosk-apt/sources.list.d" in options
    assert "Acquire::Check-Date=false" in options, "a Pi with no clock battery may think it is last year"
    assert source_line(Path("/media/my stick/debs")) == "deb [trusted=yes] file:/media/my%20stick/debs ./\n"


def test_install_sh_runs_the_same_apt_steps_as_setup_pi(tmp_path):
    script = install_script()
    apt_lines = [line for line in script.splitlines() if line.startswith("apt-get ")]
    assert apt_lines == [f"apt-get {shlex.join(apt_options())} update",
                         f"apt-get {shlex.join(apt_options())} install -y --no-install-recommends \"$@\""]
    assert 'repository="$here/$VERSION_CODENAME-$arch"' in script
    (tmp_path / "install.sh").write_text(script)
    assert subprocess.run(["sh", "-n", str(tmp_path / "install.sh")]).returncode == 0


def test_setup_pi_offline_puts_the_folder_steps_first(tmp_path):
    unit = KioskUnit("teacher", Path("/home/teacher/choice-kiosk/bin/choice-kiosk"), Path("/home/teacher/data"))
    repository = Path("/mnt/wheelhouse/debs/bookworm-arm64")
    plan = setup_plan(unit, offline=repository)
    assert plan[:4] == offline_steps(repository, DEBIAN_PACKAGES)
    assert not any(isinstance(s, Command) and s.argv[:3] == ("sudo", "apt-get", "install") for s in plan)
    assert f"# file: {APT_STATE}/sources.list\ndeb [trusted=yes] file:{repository} ./\n" in describe_plan(plan)


def test_the_folder_for_this_pi_is_found_or_the_message_says_what_is_there(tmp_path):
    repo = tmp_path / "wheelhouse" / "debs" / "bookworm-arm64"
    repo.mkdir(parents=True)
    (repo / "Packages").write_text("")
    (tmp_path / "wheelhouse" / "debs" / "install.sh").write_text(install_script())
    assert find_repository(tmp_path / "wheelhouse", "bookworm", "arm64") == repo
    assert find_repository(tmp_path / "wheelhouse" / "debs", "bookworm", "arm64") == repo
    with pytest.raises(OfflineFolderError, match=r"no Debian packages for trixie arm64 \(it has: bookworm-arm64\)"):
        find_repository(tmp_path / "wheelhouse", "trixie", "arm64")
    with pytest.raises(OfflineFolderError, match=r"has no Debian packages \(no debs/ folder\)"):
        find_repository(tmp_path, "bookworm", "arm64")


def test_setup_pi_dry_run_offline_on_this_machine(tmp_path, capsys):
    release = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', Path("/etc/os-release").read_text(), re.M))
    codename = release.get("VERSION_CODENAME", "")
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    repo = tmp_path / "stick" / "debs" / f"{codename}-{arch}"
    repo.mkdir(parents=True)
    (repo / "Packages").write_text("")
    args = ["setup-pi", "--dry-run", "--user", "nobody", "--data-dir", str(tmp_path / "data")]
    assert main([*args, "--offline", str(tmp_path / "stick")]) == 0
    out = capsys.readouterr().out
    assert f"deb [trusted=yes] file:{repo} ./" in out and "apt-get -o Dir::Etc::SourceList=" in out
    assert main([*args, "--offline", str(tmp_path)]) == 2
    assert "has no Debian packages" in capsys.readouterr().err


def test_debs_refuses_a_machine_without_apt_or_keyring(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["debs", str(tmp_path / "out")]) == 2
    assert "which this machine lacks (apt-get, apt-cache)" in capsys.readouterr().err
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + ":/usr/bin:/bin")
    assert main(["debs", str(tmp_path / "out"), "--keyring", str(tmp_path / "none.gpg")]) == 2
    assert "no Debian archive keyring at" in capsys.readouterr().err
    if not Path("/usr/share/keyrings/raspberrypi-archive-keyring.gpg").exists():
        assert main(["debs", str(tmp_path / "out"), "--raspberrypi"]) == 2
        assert "--raspberrypi needs Raspberry Pi's archive keyring" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
