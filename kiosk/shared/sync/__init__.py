"""Sync as both programs understand it: formats, merges, clocks, pairing and bundles.

Pure rules and file formats, plus the pieces both sides run (the pinned-TLS client,
discovery, the USB stick): merging logs by id, a documented rule for setup edited in
two places, trusted times for choices made while a clock was wrong, verified USB
bundles. The kiosk's server is in ``kiosk.pi.sync``; the laptop's side in
``kiosk.laptop``. See docs/SYNC.md.
"""

from __future__ import annotations

from kiosk.shared.sync.bundle import (
    Bundle,
    BundleError,
    BundleTamperedError,
    BundleTruncatedError,
    ImportResult,
    NotABundleError,
    UnpairedKioskError,
    UnsafeBundlePathError,
    bundle_path,
    import_bundle,
    read_bundle,
    write_bundle,
)
from kiosk.shared.sync.clock_fix import ClockAnchor, ClockProblem, Correction, check_clock, correct_walls
from kiosk.shared.sync.config_merge import ConfigFormatError, badge_clashes, merge_configs, merge_record, tombstone
from kiosk.shared.sync.merge import EventFormatError, SeqConflict, merge_logs, seq_conflicts

__all__ = [
    "Bundle",
    "BundleError",
    "BundleTamperedError",
    "BundleTruncatedError",
    "ClockAnchor",
    "ClockProblem",
    "ConfigFormatError",
    "Correction",
    "EventFormatError",
    "ImportResult",
    "NotABundleError",
    "SeqConflict",
    "UnpairedKioskError",
    "UnsafeBundlePathError",
    "badge_clashes",
    "bundle_path",
    "check_clock",
    "correct_walls",
    "import_bundle",
    "merge_configs",
    "merge_logs",
    "merge_record",
    "read_bundle",
    "seq_conflicts",
    "tombstone",
    "write_bundle",
]
