"""``choice-kiosk pair | sync | unpair | name-kiosk | name-laptop | import | export``: the teacher's laptop commands.

``register(sub)`` adds them to the main parser (an argparse sub-parsers object).
Every failure prints one clear line on stderr and exits with 2. The laptop's modules
are imported by the commands that use them: the kiosk's own start (``run``) builds this
parser too, and should not pay for the laptop's imports.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from kiosk.laptop.store import LaptopStore
    from kiosk.shared.text.i18n import Translator

__all__ = ["register"]


def _fail(message: object, tr: Translator | None = None) -> int:
    """One line on stderr, in the class's language when the words are in the catalogue; exit status 2."""
    text = message.args[0] if isinstance(message, Exception) and message.args else message
    shown = tr(text) if tr is not None and isinstance(text, str) else str(message)
    print(f"choice-kiosk: {shown}", file=sys.stderr)
    return 2


def _with_store(args: argparse.Namespace, action: Callable[[LaptopStore, Translator], int]) -> int:
    """Open the laptop's store and run ``action`` with a translator in the class's language."""
    from kiosk.laptop.language import laptop_translator
    from kiosk.laptop.store import LaptopStore, default_laptop_dir
    from kiosk.shared.files.errors import StorageError
    from kiosk.shared.sync.bundle import BundleError
    from kiosk.shared.sync.client import SyncError

    tr = None
    try:
        with LaptopStore(args.laptop_dir or default_laptop_dir()) as store:
            tr = laptop_translator(store.setup)
            return action(store, tr)
    except (SyncError, StorageError, BundleError, ValueError) as exc:
        return _fail(exc, tr)


def _ask(prompt: str) -> str:
    """One answer typed on the command line (``EOFError`` when nobody can type one)."""
    try:
        return input(prompt)
    except (OSError, ValueError):  # stdin closed or not readable: nobody to answer
        raise EOFError from None


def _find_address(args: argparse.Namespace, tr: Translator) -> str:
    """The kiosk to pair with: ``--address``, or the one zeroconf finds, or the one the teacher picks of those found."""
    if args.address:
        from kiosk.shared.sync.client import parse_address

        parse_address(args.address)
        return str(args.address)
    from kiosk.laptop.pair_prompts import choose_kiosk
    from kiosk.shared.sync.discovery import find_kiosks
    from kiosk.shared.text.i18n import Sentence

    try:
        found = find_kiosks(3.0, interfaces=args.mdns_interface or None)
    except OSError as exc:  # an interface this computer does not have, a network that allows no multicast
        raise ValueError(Sentence("this laptop cannot look for kiosks on the network ({error}): use --address "
                                  "HOST:PORT with the kiosk's address", error=exc.strerror or str(exc))) from None
    return choose_kiosk(found, _ask, print, tr).address


def _ipv4(text: str) -> str:
    """An ``--mdns-interface`` value: one IPv4 address of this computer's interfaces."""
    import ipaddress

    try:
        return str(ipaddress.IPv4Address(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an IPv4 address (e.g. 192.168.1.7)") from None


def _pair(args: argparse.Namespace) -> int:
    from kiosk.laptop.pair_prompts import name_this_laptop
    from kiosk.laptop.sync import pair_with_kiosk
    from kiosk.shared.sync.client import parse_address

    if args.address:
        try:
            parse_address(args.address)
        except ValueError as exc:
            return _fail(exc)

    def run(store: LaptopStore, tr: Translator) -> int:
        address = _find_address(args, tr)
        name = name_this_laptop(store.me, args.laptop_name, _ask, print, tr)
        code = args.code or getpass.getpass(tr("Code shown on the kiosk: "))
        kiosk = pair_with_kiosk(store, address, code)
        print(tr("Paired with {name} ({kiosk}) at {address}.",
                 name=kiosk.name, kiosk=kiosk.kiosk_id, address=kiosk.address))
        print(tr("Kiosk certificate: {kiosk}…  This laptop: {laptop}…",
                 kiosk=kiosk.fingerprint[:16], laptop=store.identity.fingerprint[:16]))
        print(tr("The kiosk shows this laptop as {name}.", name=name))
        return 0

    return _with_store(args, run)


def _progress_bars(out: TextIO) -> Callable[[str, int, int], None]:
    """One progress line per kiosk, redrawn in place, a new line when the next kiosk starts."""
    current: list[str] = []

    def show(name: str, done: int, total: int) -> None:
        if current and current[0] != name:
            out.write("\n")
        current[:] = [name]
        width = 30
        filled = width if total <= 0 else min(width, width * done // total)
        out.write(f"\r{name[:20]:20} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        out.flush()

    return show


def _sync(args: argparse.Namespace) -> int:
    from kiosk.laptop.actions import sync_all

    def run(store: LaptopStore, tr: Translator) -> int:
        if args.kiosk and args.kiosk not in store.paired.all():
            return _fail(tr("this laptop is not paired with a kiosk {kiosk}", kiosk=args.kiosk))
        if not store.paired.all():
            return _fail(tr("this laptop is not paired with any kiosk yet: run `choice-kiosk pair` first"))
        outcomes = sync_all(store, _progress_bars(sys.stderr), only=args.kiosk, interfaces=args.mdns_interface)
        sys.stderr.write("\n")
        for outcome in outcomes:
            if outcome.receipt is not None:
                print(outcome.receipt.line(tr))
            else:
                why = tr(outcome.error) if outcome.error else ""
                print(f"choice-kiosk: {outcome.name} ({outcome.kiosk_id[:8]}): {why}", file=sys.stderr)
        return 2 if any(o.receipt is None for o in outcomes) else 0

    return _with_store(args, run)


def _unpair(args: argparse.Namespace) -> int:
    from kiosk.laptop.sync import unpair_kiosk
    from kiosk.shared.sync.announced import KioskLocator

    def run(store: LaptopStore, tr: Translator) -> int:
        warning = unpair_kiosk(store, args.kiosk_id, locate=KioskLocator([args.kiosk_id]))
        print(tr("Unpaired {kiosk}; its choices stay on this laptop.", kiosk=args.kiosk_id))
        if warning:
            print(f"choice-kiosk: {tr(warning)}", file=sys.stderr)
        return 0

    return _with_store(args, run)


def _name(args: argparse.Namespace) -> int:
    def run(store: LaptopStore, tr: Translator) -> int:
        store.paired.rename(args.kiosk_id, args.name)
        print(tr("The kiosk {kiosk} is now called {name} (it is told at the next sync).",
                 kiosk=args.kiosk_id, name=args.name.strip()))
        return 0

    return _with_store(args, run)


def _name_laptop(args: argparse.Namespace) -> int:
    def run(store: LaptopStore, tr: Translator) -> int:
        name = store.me.rename(args.name)
        print(tr("This laptop is now called {name} (each kiosk is told at its next sync).", name=name))
        return 0

    return _with_store(args, run)


def _import(args: argparse.Namespace) -> int:
    """Merge a kiosk's USB-stick bundle, verified under that kiosk's pairing key."""
    if not (args.path.is_file() or args.path.is_symlink()):  # a link is refused with its reason
        return _fail(f"no bundle at {args.path}")
    from kiosk.laptop.actions import import_bundle_file

    def run(store: LaptopStore, tr: Translator) -> int:
        print(tr(import_bundle_file(store, args.path)))
        return 0

    return _with_store(args, run)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``pair``, ``sync``, ``unpair`` and ``import`` to the ``choice-kiosk`` command line."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--laptop-dir", type=Path, help="where the laptop keeps its data")

    pair = sub.add_parser("pair", parents=[common], help="pair this laptop with a kiosk (shows a code)")
    pair.add_argument(
        "--address", metavar="HOST:PORT", help="the kiosk's address, e.g. 192.168.1.20:8765 (else found by zeroconf)"
    )
    pair.add_argument("--mdns-interface", action="append", metavar="IP", type=_ipv4,
                      help="look for kiosks only on this interface")
    pair.add_argument("--code", help="the 6-digit code shown on the kiosk (asked for when missing)")
    pair.add_argument("--laptop-name", metavar="NAME",
                      help="this laptop's name on the kiosk (asked at the first pairing when missing)")
    pair.set_defaults(handler=_pair)

    sync = sub.add_parser("sync", parents=[common], help="sync every paired kiosk now")
    sync.add_argument("--kiosk", metavar="ID", help="only this kiosk")
    sync.add_argument("--mdns-interface", action="append", metavar="IP", type=_ipv4,
                      help="look for the kiosks' current addresses only on this interface")
    sync.set_defaults(handler=_sync)

    unpair = sub.add_parser("unpair", parents=[common], help="forget a paired kiosk (and tell it)")
    unpair.add_argument("kiosk_id", metavar="KIOSK_ID")
    unpair.set_defaults(handler=_unpair)

    name = sub.add_parser("name-kiosk", parents=[common], help="give a paired kiosk its own name")
    name.add_argument("kiosk_id", metavar="KIOSK_ID")
    name.add_argument("name", metavar="NAME", help='e.g. "Room 4 by the door"')
    name.set_defaults(handler=_name)

    laptop_name = sub.add_parser("name-laptop", parents=[common], help="give this laptop its own name on the kiosks")
    laptop_name.add_argument("name", metavar="NAME", help='e.g. "Ms Lee\'s laptop"')
    laptop_name.set_defaults(handler=_name_laptop)

    bundle = sub.add_parser("import", parents=[common], help="merge a kiosk's bundle from a USB stick")
    bundle.add_argument("path", type=Path, metavar="PATH", help="the .ckbundle file on the stick")
    bundle.set_defaults(handler=_import)

    from kiosk.laptop.export_cli import register_export  # its heavy imports wait for the command itself

    register_export(sub, common)
