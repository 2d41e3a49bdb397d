"""Records choices in a loop until it is killed; the crash test runs it.

Usage: ``crash_writer.py DATA_DIR [EVENTS_PER_DAY] [SEGMENT_LIMIT]``. Prints
``ready <last_seq>`` once the storage is open, then ``ok <id> <seq>`` right after
each ``append`` returns (so every printed choice was confirmed), and every tenth
choice saves a meta value and prints ``meta <seq>``. The day changes every
EVENTS_PER_DAY choices so segments are crossed by day and by size.
"""

from __future__ import annotations

import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

from kiosk.pi.storage import KioskStorage


def main(argv: list[str]) -> None:
    data_dir = Path(argv[1])
    per_day = int(argv[2]) if len(argv) > 2 else 60
    limit = int(argv[3]) if len(argv) > 3 else 40
    storage = KioskStorage.open(data_dir, segment_limit=limit)
    seq = storage.events.last_seq()
    out = sys.stdout
    out.write(f"ready {seq}\n")
    out.flush()
    boot = uuid.uuid4().hex
    while True:
        seq += 1
        day = (date(2026, 9, 1) + timedelta(days=seq // per_day)).isoformat()
        event = {
            "id": uuid.uuid4().hex, "kiosk_id": "crash-kiosk", "seq": seq,
            "child_id": f"child-{seq % 17}", "center_id": f"center-{seq % 5}",
            "kind": "chose", "method": "tap", "wall": f"{day}T10:00:00+00:00",
            "day": day, "boot_id": boot, "mono": float(seq), "ref": None,
        }
        storage.events.append(event)
        out.write(f"ok {event['id']} {seq}\n")
        out.flush()
        if seq % 10 == 0:
            storage.config.put_meta("crash_writer_seq", seq)
            out.write(f"meta {seq}\n")
            out.flush()


if __name__ == "__main__":
    main(sys.argv)
