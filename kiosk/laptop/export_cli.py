"""``choice-kiosk export``: the Exports tab's files from the command line.

A school's scripts (and anyone checking the window's figures from outside) get the
same files as the window's "Save choices + summary" button — choices CSV, summary
CSV, each center's full choice times (CSV), Worth a look's whole list as of
``--today`` (CSV) and the printable report — from a laptop folder, for a range: a
preset (``--range``) or ``--from``/``--to``. What it prints, errors included, is in
the class's language, also when the window has the folder open. ``--demo`` first
fills a new folder with the made-up year, as ``teacher --demo`` does. Choices past
the class's retention date are purged first, as the window does when it opens, and
that is said on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from kiosk.laptop.review.ranges import PRESETS, DateRange, parse_date, preset, settings_term_starts

__all__ = ["register_export"]


def _fail(message: object, tr: Callable[[str], str] = str) -> int:
    """A refusal in the class's language (a message with a catalogued template is translated)."""
    print(f"choice-kiosk: {tr(str(message))}", file=sys.stderr)
    return 2


def _range(args: argparse.Namespace, today: date, settings: Mapping[str, object]) -> DateRange:
    if (args.start is None) != (args.end is None):
        raise ValueError("give both --from and --to, or neither")
    if args.start is not None:
        return DateRange(parse_date(args.start), parse_date(args.end))
    return preset(args.range, today, settings_term_starts(settings))


def _export(args: argparse.Namespace) -> int:
    # Imported here: the kiosk's own start parses the same command line and needs none of it.
    from babel.dates import format_date

    from kiosk.laptop.demo import fill_demo_year
    from kiosk.laptop.language import folder_translator, laptop_translator
    from kiosk.laptop.review.choices import read_store
    from kiosk.laptop.review.privacy_export import export_class
    from kiosk.laptop.review.worth_a_look import as_of, worth_a_look
    from kiosk.laptop.store import LaptopStore, default_laptop_dir
    from kiosk.shared.files.errors import StorageError

    folder = args.laptop_dir or default_laptop_dir()
    tr = folder_translator(folder)  # before the folder is opened: the window may hold it
    try:
        today = parse_date(args.today) if args.today else date.today()
        if not args.demo and not (folder / "laptop.json").is_file():
            return _fail(tr("no laptop data in {folder}: give the folder with --laptop-dir (or --demo for a made-up "
                            "year)", folder=folder))
        with LaptopStore(folder) as store:
            filled = fill_demo_year(store, today) if args.demo else True
            tr = laptop_translator(store.setup)  # the class's language, once the folder is read
            if not filled:
                print("choice-kiosk: " + tr("the folder already holds choices; --demo fills only a new one. "
                                            "Exporting them."), file=sys.stderr)
            purged = store.retention.apply(today)
            if purged:
                print("choice-kiosk: " + tr.plural("deleted {count} entry past the class's retention date first.",
                                                   "deleted {count} entries past the class's retention date first.",
                                                   purged), file=sys.stderr)
            settings = store.setup.settings()
            rng = _range(args, today, settings)
            choices, _, info = read_store(store)
            damaged = sum(store.choices.unreadable.values())
        worth = (as_of(choices, today), worth_a_look(choices, info, today))
        paths = export_class(args.out, choices, info, rng, words=tr, worth=worth)
    except (StorageError, ValueError, OSError) as exc:
        return _fail(exc, tr)
    shown = sum(1 for c in choices if c.day in rng)
    day = tr("dd MMM y")  # TRANSLATORS: a CLDR date pattern
    start, end = (format_date(d, day, locale=tr.language) for d in (rng.start, rng.end))
    print(tr.plural("{count} choice from {start} to {end}:", "{count} choices from {start} to {end}:", shown,
                    start=start, end=end))
    for path in paths:
        print(f"  {path}")
    if damaged:
        print("choice-kiosk: " + tr.plural("{count} damaged line in the laptop's files was left out.",
                                           "{count} damaged lines in the laptop's files were left out.", damaged),
              file=sys.stderr)
    return 0


def register_export(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``export`` to the ``choice-kiosk`` command line."""
    export = sub.add_parser(
        "export", parents=[common], help="write the choices CSV, summary CSV and report for a range"
    )
    export.add_argument("--out", type=Path, required=True, help="the folder to write into (created owner-only)")
    export.add_argument("--range", choices=PRESETS, default="4weeks", help="as the window's buttons (default 4weeks)")
    export.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (with --to)")
    export.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (with --from)")
    export.add_argument("--today", metavar="YYYY-MM-DD", help="the day the ranges count back from (default today)")
    export.add_argument("--demo", action="store_true", help="fill a new laptop folder with a made-up school year first")
    export.set_defaults(handler=_export)
