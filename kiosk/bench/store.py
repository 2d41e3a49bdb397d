"""Benchmark: the cost of recording one choice durably, next to SQLite, over a year.

Run as ``choice-kiosk bench store --json`` (or ``python -m kiosk.bench.store``). For
each scenario (0, 200 and 36,000 earlier events — a school year of 180 days × 200)
it records ``--repeat`` choices through ``EventLog.append`` (one checksummed line of the
event's JSON appended and fsynced, docs/STORAGE.md) and through SQLite (WAL,
``synchronous=FULL``, one INSERT + commit per choice) in the same directory, and
reports median / p99 latency and bytes written per choice. Choices are recorded
round-robin over all scenarios and both stores (alternating which store goes
first), so a busy moment on the machine hits every figure alike.
The history is built directly in the journal format (one file per day), not by
36,000 fsyncs. Earlier events are "today" for the last 200 of them, so new
choices land in a segment that already holds a busy day.

Goals: ``ratio_vs_sqlite`` ≤ 1.5, ``year_over_empty`` ≤ 1.2, ≤ 2 KB per choice.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tinydb.version import __version__ as tinydb_version

from kiosk.pi.storage import EventLog
from kiosk.pi.storage.segment_files import write_segment
from kiosk.shared.files.journal_format import VERSION as JOURNAL_VERSION

__all__ = ["run_store_bench"]

GOALS = {"ratio_vs_sqlite": 1.5, "year_over_empty": 1.2, "bytes_per_choice": 2048}
_FIRST_DAY = date(2025, 9, 1)


def _event(seq: int, day: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex, "kiosk_id": "bench-kiosk", "seq": seq,
        "child_id": f"child-{seq % 24:02d}", "center_id": f"center-{seq % 9}",
        "kind": "chose", "method": "badge", "wall": f"{day}T09:{seq % 60:02d}:00+00:00",
        "day": day, "boot_id": "0f" * 16, "mono": 1000.0 + seq, "ref": None,
    }


def _day(index: int) -> str:
    return (_FIRST_DAY + timedelta(days=index)).isoformat()


def _history(count: int, per_day: int) -> list[list[dict[str, Any]]]:
    """Earlier events grouped by day, ``per_day`` a day."""
    days: list[list[dict[str, Any]]] = []
    for seq in range(1, count + 1):
        index = (seq - 1) // per_day
        if index == len(days):
            days.append([])
        days[index].append(_event(seq, _day(index)))
    return days


def _write_history(events_dir: Path, days: list[list[dict[str, Any]]]) -> None:
    """Write one journal segment per day, as EventLog would have written them."""
    events_dir.mkdir(mode=0o700, parents=True)
    for events in days:
        write_segment(events_dir, events)


def _sqlite(path: Path, days: list[list[dict[str, Any]]]) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,"
        " day TEXT NOT NULL, body TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX events_day ON events(day)")
    rows = [(e["seq"], e["id"], e["day"], json.dumps(e)) for day in days for e in day]
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    return conn


def _io_written() -> int | None:
    try:
        with open("/proc/self/io") as handle:
            for line in handle:
                if line.startswith("write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered) * 1e3, 4),
        "p99_ms": round(p99 * 1e3, 4),
        "mean_ms": round(statistics.fmean(ordered) * 1e3, 4),
    }


def _timed(action: Callable[[], object], io: list[int], cpu: list[float]) -> float:
    """Wall time of ``action``; its bytes written go to ``io``, its CPU time (this thread's) to ``cpu``."""
    before = _io_written()
    cpu_start = time.thread_time()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    cpu.append(time.thread_time() - cpu_start)
    after = _io_written()
    if before is not None and after is not None:
        io.append(after - before)
    return elapsed


class _Scenario:
    """One history (our log and SQLite side by side) and the samples taken on it."""

    def __init__(self, root: Path, earlier: int, per_day: int) -> None:
        days = _history(earlier, per_day)
        _write_history(root / "events", days)
        self.earlier, self.segments, self.root = earlier, len(days), root
        self.conn = _sqlite(root / "sqlite.db", days)
        self.log = EventLog(root / "events")
        self.reads_after_open = self.log.segments_read
        self.size_before = self._size()
        self.day = days[-1][-1]["day"] if days else _day(0)
        self.seq = earlier
        self.samples: dict[str, list[float]] = {"ours": [], "sqlite": []}
        self.io: dict[str, list[int]] = {"ours": [], "sqlite": []}
        self.cpu: dict[str, list[float]] = {"ours": [], "sqlite": []}

    def _size(self) -> int:
        return sum(p.stat().st_size for p in (self.root / "events").iterdir())

    def record_one(self, sqlite_first: bool) -> None:
        """Record the next choice in both stores, one after the other."""
        self.seq += 1
        event = _event(self.seq, self.day)
        row = (self.seq, event["id"], self.day, json.dumps(event))

        def insert_sqlite() -> None:
            self.conn.execute("INSERT INTO events VALUES (?, ?, ?, ?)", row)
            self.conn.commit()

        actions: dict[str, Callable[[], object]] = {"ours": lambda: self.log.append(event), "sqlite": insert_sqlite}
        for name in (["sqlite", "ours"] if sqlite_first else ["ours", "sqlite"]):
            self.samples[name].append(_timed(actions[name], self.io[name], self.cpu[name]))

    def result(self) -> dict[str, Any]:
        repeat = len(self.samples["ours"])
        result: dict[str, Any] = {
            "earlier_events": self.earlier,
            "segments": self.segments,
            "ours": _stats(self.samples["ours"]),
            "sqlite": _stats(self.samples["sqlite"]),
            "ours_file_bytes_per_choice": round((self._size() - self.size_before) / repeat, 1),
            "old_segments_read_while_recording": self.log.segments_read - self.reads_after_open,
        }
        # CPU per choice (median, ms): the journal's own work, apart from waiting for the card
        result["ours_cpu_ms"] = round(statistics.median(self.cpu["ours"]) * 1e3, 4)
        result["sqlite_cpu_ms"] = round(statistics.median(self.cpu["sqlite"]) * 1e3, 4)
        if self.io["ours"] and self.io["sqlite"]:
            result["ours_io_write_bytes_per_choice"] = round(statistics.fmean(self.io["ours"]), 1)
            result["sqlite_io_write_bytes_per_choice"] = round(statistics.fmean(self.io["sqlite"]), 1)
        ratio = result["ours"]["median_ms"] / result["sqlite"]["median_ms"]
        result["ratio_vs_sqlite"] = round(ratio, 3)
        return result

    def close(self) -> None:
        self.log.close()
        self.conn.close()


def _filesystem(path: Path) -> str:
    best, kind = "", "unknown"
    try:
        with open("/proc/mounts") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) > 2 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
                    best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def _load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _machine(directory: Path, load_before: float | None) -> dict[str, Any]:
    return {
        "load_average_1m": [load_before, _load_average()],  # before and after the run: how busy the machine was
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "tinydb": tinydb_version,
        "sqlite": sqlite3.sqlite_version,
        "directory": str(directory),
        "filesystem": _filesystem(directory.resolve()),
    }


def run_store_bench(args: list[str]) -> dict[str, Any]:
    """Run the benchmark with command-line ``args``; return the figures as a dict."""
    parser = argparse.ArgumentParser(prog="choice-kiosk bench store", description=__doc__)
    parser.add_argument("--repeat", type=int, default=500, help="choices recorded per scenario")
    parser.add_argument("--per-day", type=int, default=200, help="earlier events per day")
    parser.add_argument("--scenarios", default="0,200,36000", help="earlier events per scenario")
    parser.add_argument("--dir", type=Path, default=None, help="directory on the card to test")
    parser.add_argument("--json", action="store_true", help="accepted; the result is JSON")
    opts = parser.parse_args(args)
    counts = [int(part) for part in opts.scenarios.split(",")]
    base = Path(opts.dir or tempfile.gettempdir())
    load_before = _load_average()
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=base) as tmp:
        runs = [_Scenario(Path(tmp) / str(n), n, opts.per_day) for n in counts]
        try:
            for index in range(opts.repeat):
                for run in runs:
                    run.record_one(sqlite_first=index % 2 == 1)
            scenarios = {str(run.earlier): run.result() for run in runs}
        finally:
            for run in runs:
                run.close()
    first, last = scenarios[str(min(counts))], scenarios[str(max(counts))]
    result: dict[str, Any] = {
        "benchmark": "store",
        "journal_version": JOURNAL_VERSION,
        "choices_per_scenario": opts.repeat,
        "scenarios": scenarios,
        "ratio_vs_sqlite": max(s["ratio_vs_sqlite"] for s in scenarios.values()),
        "ratio_vs_sqlite_year": last["ratio_vs_sqlite"],
        "year_over_empty": round(last["ours"]["median_ms"] / first["ours"]["median_ms"], 3),
        "bytes_per_choice": max(s["ours_file_bytes_per_choice"] for s in scenarios.values()),
        "io_write_bytes_per_choice": last.get("ours_io_write_bytes_per_choice"),
        "goals": GOALS,
        "machine": _machine(base, load_before),
    }
    result["meets_goals"] = {key: result[key] <= goal for key, goal in GOALS.items()}
    return result


def main(argv: list[str] | None = None) -> int:
    print(json.dumps(run_store_bench(sys.argv[1:] if argv is None else argv), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
