"""``choice-kiosk``: the command line of the kiosk and the teacher's tools.

The Kivy front end, the UI benchmarks and the badge reader commands are found
through entry points (``choice_kiosk.frontends`` / ``.benchmarks`` / ``.commands``) so
this core module never imports Kivy, the screens or the device package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _plugin(group: str, name: str) -> Callable[..., Any]:
    """A front end, command or benchmark registered by the package (so the core never imports Kivy)."""
    found = [ep for ep in entry_points(group=group) if ep.name == name]
    if not found:
        raise SystemExit(
            f"choice-kiosk: '{name}' is not installed (entry point group {group}); "
            "reinstall the package with 'make install'."
        )
    loaded: Callable[..., Any] = found[0].load()
    return loaded


def _run(args: argparse.Namespace) -> int:
    if args.classroom is not None and not args.classroom.is_file():
        print(f"choice-kiosk: no classroom file at {args.classroom}", file=sys.stderr)
        return 2
    from kiosk.pi.classroom import ClassroomFileError

    try:
        return int(_plugin("choice_kiosk.frontends", "kiosk")(args) or 0)
    except ClassroomFileError as error:
        print(f"choice-kiosk: {error}", file=sys.stderr)
        return 2


def _teacher(args: argparse.Namespace) -> int:
    from kiosk.pi.storage import StorageError

    try:
        return int(_plugin("choice_kiosk.frontends", "teacher")(args) or 0)
    except StorageError as error:
        print(f"choice-kiosk: {error}", file=sys.stderr)
        return 2


def _bench(args: argparse.Namespace) -> int:
    if args.what == "store":
        from kiosk.bench.store import run_store_bench

        result = run_store_bench(args.rest)
    elif args.what == "sync":
        from kiosk.bench.sync import run_sync_bench

        result = run_sync_bench(args.rest)
    else:
        result = dict(_plugin("choice_kiosk.benchmarks", args.what)(args.rest))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def _set_reader(args: argparse.Namespace) -> int:
    """Choose the badge reader of a kiosk's data directory (the kiosk must be closed)."""
    from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
    from kiosk.pi.service import KioskService
    from kiosk.pi.storage import KioskStorage, StorageError, default_data_dir
    from kiosk.shared.clock import SystemClock
    from kiosk.shared.domain import ReaderSettings

    data_dir = args.data_dir or default_data_dir()
    if not (data_dir / "config.json").is_file():
        print(f"choice-kiosk: no kiosk data at {data_dir}; start it once with 'choice-kiosk run'.", file=sys.stderr)
        return 2
    kind = (
        "serial" if args.serial is not None else "keyboard" if args.keyboard else "simulated" if args.demo else "none"
    )
    reader = ReaderSettings(kind, args.serial or "", args.baud, args.format, args.gap)
    try:
        with KioskStorage.open(data_dir) as storage:
            config = storage.config
            secret = kiosk_badge_secrets(storage).ensure_own()
            service = KioskService(storage, SystemClock(), config.get_meta("kiosk_id"), secret)
            problem = service.edits.set_reader(reader)
    except StorageError as error:
        print(f"choice-kiosk: {error}", file=sys.stderr)
        return 2
    if problem:
        print(f"choice-kiosk: {problem}", file=sys.stderr)
        return 2
    print(f"Badge reader: {kind}{' on ' + reader.port if reader.port else ''}. Restart the kiosk to use it.")
    return 0


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 800x480, not {text!r}") from None
    if width < 320 or height < 240:
        raise argparse.ArgumentTypeError("the window must be at least 320x240")
    return width, height


def build_parser(others: bool = True) -> argparse.ArgumentParser:
    """Every command; without ``others`` only this module's own (the laptop's, installer's and readers' left out)."""
    parser = argparse.ArgumentParser(
        prog="choice-kiosk", description="Choice Kiosk: the classroom kiosk and the teacher's tools."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the kiosk (the demo classroom on a new kiosk)")
    run.add_argument("--data-dir", type=Path, help="where the kiosk keeps its data")
    run.add_argument("--classroom", type=Path, help="classroom JSON file for a new kiosk")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--fullscreen", action="store_true", help="full screen (default on a Pi)")
    mode.add_argument("--windowed", action="store_true", help="a window (default elsewhere)")
    run.add_argument(
        "--kiosk", action="store_true", help="locked down as on the wall (always on when full screen)"
    )
    run.add_argument("--size", type=_size, default=(800, 480), help="window size, e.g. 1280x800")
    run.add_argument("--sync-port", type=int, default=8765, help="port of the laptop sync service")
    run.add_argument("--no-advertise", action="store_true", help="do not announce the kiosk by zeroconf")
    run.set_defaults(handler=_run)

    reader = sub.add_parser("set-reader", help="choose the kiosk's badge reader (kiosk closed)")
    reader.add_argument("--data-dir", type=Path, help="the kiosk's data directory")
    which = reader.add_mutually_exclusive_group(required=True)
    which.add_argument("--serial", metavar="PORT", help="a serial reader on PORT (e.g. /dev/serial/by-id/…)")
    which.add_argument("--keyboard", action="store_true", help="only USB readers that type like a keyboard")
    which.add_argument("--demo", action="store_true", help="the demo's simulated reader (F2 scans)")
    which.add_argument("--none", action="store_true", help="no badges: pictures only")
    reader.add_argument("--format", default="rdm6300", help="rdm6300, id12 or line (serial readers)")
    reader.add_argument("--baud", type=int, default=9600, help="baud rate (serial readers)")
    reader.add_argument("--gap", type=float, default=2.0, help="seconds before the same card counts again")
    reader.set_defaults(handler=_set_reader)

    teacher = sub.add_parser("teacher", help="the teacher's review window on the laptop")
    teacher.add_argument("--laptop-dir", type=Path, help="where the laptop keeps its data")
    teacher.add_argument("--size", type=_size, default=(1280, 800), help="window size, e.g. 1440x900")
    teacher.add_argument("--demo", action="store_true", help="fill a new laptop folder with a made-up school year")
    teacher.set_defaults(handler=_teacher)

    bench = sub.add_parser("bench", help="measure performance; results as JSON")
    bench.add_argument("what", choices=["store", "sync", "ui", "badge", "review", "flood"])
    bench.add_argument("--json", action="store_true", help="print the result as JSON")
    bench.set_defaults(handler=_bench)
    if not others:
        return parser
    from kiosk.laptop.cli import register as register_laptop_commands

    register_laptop_commands(sub)
    from kiosk.pi.install.cli import register as register_pi_commands

    register_pi_commands(sub)
    for command in entry_points(group="choice_kiosk.commands"):
        command.load()(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    # the kiosk's start at every power-on loads none of the other programs' commands (a third of its CLI's time)
    parser = build_parser(others=words[:1] != ["run"])
    args, rest = parser.parse_known_args(words)
    if args.command != "bench" and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = [option for option in rest if option != "--"]
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
