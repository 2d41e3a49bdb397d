"""The pure core of sync: merging logs and setup, fixing clocks, USB bundles.

No network here: these functions decide what a sync means (a union of event logs
by id, a documented rule for setup edited in two places, trusted times for choices
made while a clock was wrong, verified USB bundles) and the transport only carries
their inputs and outputs. See docs/SYNC.md.
"""

from __future__ import annotations

from .bundle import (
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
from .clock_fix import ClockAnchor, ClockProblem, Correction, check_clock, correct_walls
from .config_merge import ConfigFormatError, badge_clashes, merge_configs, merge_record, tombstone
from .merge import EventFormatError, SeqConflict, merge_logs, seq_conflicts

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
