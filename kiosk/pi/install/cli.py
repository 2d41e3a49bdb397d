"""The Raspberry Pi commands: ``setup-pi`` (on the Pi), ``wheelhouse`` and ``debs`` (where there is internet)."""

from __future__ import annotations

import argparse
import getpass
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.pi.install.debs import DEBIAN_KEYRING, MIRROR, PI_RELEASES, RASPBERRYPI_KEYRING

__all__ = ["register"]


def _kiosk_user(name: str | None) -> str:
    return name or os.environ.get("SUDO_USER") or getpass.getuser()


def _refusal(user: str, classroom: Path | None) -> str | None:
    """Why setup-pi cannot go on with this user and class file, before it changes anything."""
    from kiosk.pi.classroom import ClassroomFileError, load_classroom

    if user == "root":
        return "run setup-pi as the Pi's own user (it uses sudo where needed); the kiosk must not run as root."
    try:
        pwd.getpwnam(user)
    except KeyError:
        return f"there is no user {user!r} on this machine."
    if classroom is not None and not classroom.is_file():
        return f"no classroom file at {classroom}"
    if classroom is not None:
        try:
            load_classroom(classroom)
        except ClassroomFileError as error:
            return str(error)
    return None


def _setup_pi(args: argparse.Namespace) -> int:
    from kiosk.pi.install.setup_pi import apply_plan, classroom_copy, describe_plan, finish_message, setup_plan
    from kiosk.pi.install.unit import KioskUnit

    user = _kiosk_user(args.user)
    refusal = _refusal(user, args.classroom)
    if refusal is not None:
        print(f"choice-kiosk: {refusal}", file=sys.stderr)
        return 2
    home = Path(pwd.getpwnam(user).pw_dir)
    offline = None
    if args.offline is not None and not args.no_packages:
        from kiosk.pi.install.offline_apt import OfflineFolderError, find_repository, this_system

        try:
            offline = find_repository(args.offline.resolve(), *this_system())
        except OfflineFolderError as error:
            print(f"choice-kiosk: {error}", file=sys.stderr)
            return 2
    executable = args.executable or Path(sys.executable).parent / "choice-kiosk"
    data_dir = args.data_dir or home / ".local" / "share" / "choice-kiosk"
    data_dir = data_dir.resolve() if data_dir.is_absolute() else home / data_dir
    source = args.classroom.resolve() if args.classroom else None
    unit = KioskUnit(user, executable, data_dir, classroom_copy(data_dir) if source else None)
    plan = setup_plan(unit, install_packages=not args.no_packages, offline=offline, classroom_source=source)
    if args.dry_run:
        print(describe_plan(plan), end="")
        return 0
    try:
        apply_plan(plan)
    except subprocess.CalledProcessError as error:
        print(f"choice-kiosk: setup stopped: {' '.join(error.cmd)} failed (exit {error.returncode}).", file=sys.stderr)
        return 1
    print(finish_message(unit), end="")
    return 0


def _wheelhouse(args: argparse.Namespace) -> int:
    from kiosk.pi.install.wheelhouse import PI_PYTHONS, Wheelhouse, build_wheelhouse

    if not (args.project / "pyproject.toml").is_file():
        print(f"choice-kiosk: {args.project} is not a Choice Kiosk checkout (no pyproject.toml); "
              "give it with --project.", file=sys.stderr)
        return 2
    pythons = () if args.host_only else tuple(args.python or PI_PYTHONS)
    house = Wheelhouse(args.out.resolve(), args.project.resolve(), pythons, tuple(args.extra))
    try:
        wheel = build_wheelhouse(house)
    except subprocess.CalledProcessError as error:
        print(f"choice-kiosk: building the wheelhouse failed at: {' '.join(map(str, error.cmd))}\n"
              "A dependency without a wheel for the Pi would need a compiler there; "
              "none may be left out.", file=sys.stderr)
        return 1
    print(f"Wheelhouse in {house.out} ({wheel.name}, SHA256SUMS). On the Pi:\n"
          f"  cd WHEELHOUSE && sha256sum -c SHA256SUMS\n"
          f"  python3 -m venv ~/choice-kiosk\n"
          f"  ~/choice-kiosk/bin/pip install --no-index --find-links WHEELHOUSE choice-kiosk\n"
          f"  ~/choice-kiosk/bin/choice-kiosk setup-pi")
    return 0


def _debs(args: argparse.Namespace) -> int:
    from kiosk.pi.install.debs import Repository, build_debs
    from kiosk.pi.install.setup_pi import DEBIAN_PACKAGES
    from kiosk.pi.install.wheelhouse import write_checksums

    missing = [tool for tool in ("apt-get", "apt-cache") if shutil.which(tool) is None]
    if missing:
        print("choice-kiosk: the Debian packages are fetched with apt, which this machine lacks "
              f"({', '.join(missing)}): run this on Debian, Ubuntu or Raspberry Pi OS with internet.", file=sys.stderr)
        return 2
    if not args.keyring.is_file():
        print(f"choice-kiosk: no Debian archive keyring at {args.keyring}: sudo apt install debian-archive-keyring "
              "(or give one with --keyring).", file=sys.stderr)
        return 2
    raspberrypi = RASPBERRYPI_KEYRING if args.raspberrypi else None
    if raspberrypi is not None and not raspberrypi.is_file():
        print(f"choice-kiosk: --raspberrypi needs Raspberry Pi's archive keyring at {raspberrypi} "
              "(run it on Raspberry Pi OS with internet).", file=sys.stderr)
        return 2
    out = args.out.resolve()
    cache = (args.cache or Path(tempfile.mkdtemp(prefix="choice-kiosk-apt-"))).resolve()
    for release in args.release or PI_RELEASES:
        repository = Repository(out, release, args.arch, cache, args.mirror, args.keyring)
        try:
            planned = build_debs(repository, DEBIAN_PACKAGES)
        except subprocess.CalledProcessError as error:
            print(f"choice-kiosk: apt failed for {release} {args.arch} at: {' '.join(map(str, error.cmd))}\n"
                  f"{(error.stderr or '').strip()}", file=sys.stderr)
            return 1
        print(f"{len(planned)} Debian packages for {release} {args.arch} in {repository.folder}")
    if args.cache is None:
        shutil.rmtree(cache, ignore_errors=True)
    write_checksums(out)
    print(f"SHA256SUMS in {out} covers them. On the Pi, before the venv: sudo sh debs/install.sh python3-venv;\n"
          "then: choice-kiosk setup-pi --offline WHEELHOUSE (see the README's Raspberry Pi section)")
    return 0


def _default_project() -> Path:
    return Path(__file__).resolve().parents[3]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    setup = sub.add_parser("setup-pi", help="make this Raspberry Pi a kiosk that starts at power-on")
    setup.add_argument("--dry-run", action="store_true", help="print every file and command; change nothing")
    setup.add_argument("--user", help="the user the kiosk runs as (default: you)")
    setup.add_argument("--data-dir", type=Path, help="the kiosk's data (default ~/.local/share/choice-kiosk)")
    setup.add_argument("--classroom", type=Path, help="classroom JSON file for a new kiosk")
    setup.add_argument("--executable", type=Path, help=argparse.SUPPRESS)
    setup.add_argument("--no-packages", action="store_true", help="skip apt-get (packages already installed)")
    setup.add_argument("--offline", type=Path, metavar="WHEELHOUSE",
                       help="install the Debian packages from WHEELHOUSE/debs (choice-kiosk debs), not the internet")
    setup.set_defaults(handler=_setup_pi)

    house = sub.add_parser("wheelhouse", help="an offline install bundle for the Pi (needs internet here)")
    house.add_argument("out", type=Path, help="folder to fill with wheels and SHA256SUMS")
    house.add_argument("--project", type=Path, default=_default_project(), help="the checkout to build from")
    house.add_argument("--python", action="append", help="a Pi Python version (default 3.11 and 3.13)")
    house.add_argument("--host-only", action="store_true", help="only this machine's wheels (to test the bundle)")
    house.add_argument("--extra", action="append", default=[], help="an optional dependency set, e.g. test")
    house.set_defaults(handler=_wheelhouse)

    debs = sub.add_parser("debs", help="the Pi's Debian packages, beside the wheelhouse (needs internet and apt here)")
    debs.add_argument("out", type=Path, help="the wheelhouse folder: fills its debs/ and rewrites SHA256SUMS")
    debs.add_argument("--arch", default="arm64", choices=("arm64", "amd64"),
                      help="arm64: Raspberry Pi OS (64-bit), the default; amd64: a PC with Debian, or to test")
    debs.add_argument("--release", action="append", choices=PI_RELEASES,
                      help="a Raspberry Pi OS release (default: bookworm and trixie)")
    debs.add_argument("--mirror", default=MIRROR, help="a Debian mirror (its -security sibling for the fixes)")
    debs.add_argument("--keyring", type=Path, default=DEBIAN_KEYRING, help="the keys Debian's archive is signed with")
    debs.add_argument("--raspberrypi", action="store_true",
                      help="also Raspberry Pi's own archive (on Raspberry Pi OS, which has its keyring)")
    debs.add_argument("--cache", type=Path, help="keep apt's lists and downloads here for the next run")
    debs.set_defaults(handler=_debs)
