"""The Raspberry Pi commands: ``setup-pi`` (on the Pi) and ``wheelhouse`` (anywhere online)."""

from __future__ import annotations

import argparse
import getpass
import os
import pwd
import subprocess
import sys
from pathlib import Path

__all__ = ["register"]


def _kiosk_user(name: str | None) -> str:
    return name or os.environ.get("SUDO_USER") or getpass.getuser()


def _setup_pi(args: argparse.Namespace) -> int:
    from kiosk.pi.install.setup_pi import apply_plan, describe_plan, finish_message, setup_plan
    from kiosk.pi.install.unit import KioskUnit

    user = _kiosk_user(args.user)
    if user == "root":
        print("choice-kiosk: run setup-pi as the Pi's own user (it uses sudo where needed); "
              "the kiosk must not run as root.", file=sys.stderr)
        return 2
    try:
        home = Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        print(f"choice-kiosk: there is no user {user!r} on this machine.", file=sys.stderr)
        return 2
    if args.classroom is not None and not args.classroom.is_file():
        print(f"choice-kiosk: no classroom file at {args.classroom}", file=sys.stderr)
        return 2
    executable = args.executable or Path(sys.executable).parent / "choice-kiosk"
    data_dir = args.data_dir or home / ".local" / "share" / "choice-kiosk"
    classroom = args.classroom.resolve() if args.classroom else None
    unit = KioskUnit(user, executable, data_dir.resolve() if data_dir.is_absolute() else home / data_dir, classroom)
    plan = setup_plan(unit, install_packages=not args.no_packages)
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
    setup.set_defaults(handler=_setup_pi)

    house = sub.add_parser("wheelhouse", help="an offline install bundle for the Pi (needs internet here)")
    house.add_argument("out", type=Path, help="folder to fill with wheels and SHA256SUMS")
    house.add_argument("--project", type=Path, default=_default_project(), help="the checkout to build from")
    house.add_argument("--python", action="append", help="a Pi Python version (default 3.11 and 3.13)")
    house.add_argument("--host-only", action="store_true", help="only this machine's wheels (to test the bundle)")
    house.add_argument("--extra", action="append", default=[], help="an optional dependency set, e.g. test")
    house.set_defaults(handler=_wheelhouse)
