"""Benchmark: a school year of choices pulled from a kiosk, next to a plain HTTPS download.

Run as ``choice-kiosk bench sync --json`` (or ``python -m kiosk.bench.sync``). It
builds a kiosk's storage holding a full school year (``--events``, 50,000 by
default, written directly in the journal format, one segment a day), serves it
on 127.0.0.1 with the real sync server (TLS, pinned certificates, signed
requests) and pairs a fresh laptop store in another temporary directory. Then:

* ``full_year_s``: one ``sync_kiosk`` of the whole year into the fresh laptop
  store — the whole sync (hello, setup both ways, the pages of day-file lines,
  receipts), every page fsynced on the laptop before its checkpoint moves;
* ``raw_s``: a plain HTTPS download (``http.server`` + ``ssl``, the same kind of
  self-signed certificate, ``http.client`` like the laptop's client) of as many
  bytes as the sync moved (the laptop's file), from memory into memory, in the
  same run (median of three);
* ``raw_durable_s``: the same download written to a file as it arrives and
  fsynced — what any sync that keeps the year safe from a power cut must spend
  at least, reported next to the goal's ratio;
* ``one_day_ms``: after the full sync, one school day (``--day`` choices) is
  recorded on the kiosk and synced; the median over ``--days`` such days.

Goals: ``full_year_vs_raw`` = full_year_s / raw_s ≤ 2, ``one_day_ms`` ≤ 100.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import ssl
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kiosk.laptop.store import CHOICES, LaptopStore
from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk
from kiosk.pi.storage import KioskStorage
from kiosk.pi.storage.segment_files import write_segment
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.pi.sync.server import KioskSyncServer
from kiosk.shared.clock import SystemClock
from kiosk.shared.sync.identity import Identity, load_or_create_identity
from kiosk.shared.sync.protocol import MAX_LINES_BYTES
from kiosk.shared.sync.storage_thread import QueuedStorageThread

__all__ = ["GOALS", "run_sync_bench"]

GOALS = {"full_year_vs_raw": 2.0, "one_day_ms": 100.0}
KIOSK_ID = "bench-kiosk"
SCHOOL_DAYS = 180
_TODAY = date.today()
_FIRST_DAY = date(_TODAY.year if _TODAY.month >= 8 else _TODAY.year - 1, 8, 1)  # this school year: never purged
_BOOT = "0f" * 16


def _event(seq: int, day: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex, "kiosk_id": KIOSK_ID, "seq": seq,
        "child_id": f"child-{seq % 24:02d}", "center_id": f"center-{seq % 9}",
        "kind": "chose", "method": "badge", "wall": f"{day}T09:{seq % 60:02d}:00+00:00",
        "day": day, "boot_id": _BOOT, "mono": 1000.0 + seq, "ref": None,
    }


def _write_year(events_dir: Path, count: int) -> str:
    """One segment per school day, as EventLog would have left them; returns the last day."""
    events_dir.mkdir(mode=0o700, parents=True)
    per_day = max(1, math.ceil(count / SCHOOL_DAYS))
    day = _FIRST_DAY.isoformat()
    for index, first in enumerate(range(1, count + 1, per_day)):
        day = (_FIRST_DAY + timedelta(days=index)).isoformat()
        write_segment(events_dir, [_event(seq, day) for seq in range(first, min(count, first + per_day - 1) + 1)])
    return day


class _Kiosk:
    """A kiosk's storage, storage thread and sync server on 127.0.0.1."""

    def __init__(self, data_dir: Path) -> None:
        self.storage_thread = QueuedStorageThread(name="bench-storage", timeout=120)
        self.storage = self.storage_thread(lambda: KioskStorage.open(data_dir))
        meta = {"kiosk_id": KIOSK_ID, "classroom_name": "Bench"}
        self.storage_thread(lambda: self.storage.config.seed([], [], {}, meta))
        backend = KioskSyncBackend(self.storage, SystemClock())
        self.identity = load_or_create_identity(data_dir / "sync", "choice-kiosk bench")
        self.server = KioskSyncServer(backend, self.storage_thread, self.identity, host="127.0.0.1", port=0, timeout=60)
        self.server.start()
        self.address = f"127.0.0.1:{self.server.address[1]}"

    def record_day(self, count: int, day: str) -> None:
        def work() -> None:
            log = self.storage.events
            for _ in range(count):
                log.append(_event(log.last_seq() + 1, day))

        self.storage_thread(work)

    def close(self) -> None:
        self.server.stop()
        self.storage_thread(self.storage.close)
        self.storage_thread.stop()


def _raw_download(identity: Identity, payload: bytes, save_to: Path, repeat: int = 3) -> tuple[float, float]:
    """Seconds to fetch ``payload`` over plain HTTPS on 127.0.0.1; and to fetch it into a file, fsynced.

    Medians of ``repeat``. The second figure writes the bytes to ``save_to`` as they
    arrive and fsyncs it, as a laptop that keeps them must: the least a sync that
    survives a power cut can cost, reported beside the goal's ratio.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.minimum_version = ssl.TLSVersion.TLSv1_2
    server_context.load_cert_chain(identity.cert_path, identity.key_path)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    client_context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_context.minimum_version = ssl.TLSVersion.TLSv1_2
    client_context.check_hostname = False
    client_context.verify_mode = ssl.CERT_NONE

    def fetch(keep: bool) -> float:
        start = time.perf_counter()
        conn = http.client.HTTPSConnection("127.0.0.1", httpd.server_address[1], timeout=60, context=client_context)
        conn.request("POST", "/raw", body=b"{}", headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        got = 0
        if keep:
            fd = os.open(save_to, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                while chunk := response.read(1 << 20):
                    os.write(fd, chunk)
                    got += len(chunk)
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            got = len(response.read())
        conn.close()
        elapsed = time.perf_counter() - start
        if got != len(payload):
            raise RuntimeError("the raw download came back short")
        return elapsed

    times, durable = [], []
    try:
        for _ in range(repeat):
            times.append(fetch(False))
            durable.append(fetch(True))
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
    return statistics.median(times), statistics.median(durable)


def run_sync_bench(args: list[str]) -> dict[str, Any]:
    """Run the benchmark with command-line ``args``; return the figures as a dict."""
    parser = argparse.ArgumentParser(prog="choice-kiosk bench sync", description=__doc__)
    parser.add_argument("--events", type=int, default=50_000, help="choices in the kiosk's year")
    parser.add_argument("--page-bytes", type=int, default=MAX_LINES_BYTES,
                        help=f"bytes of day files per page (1–{MAX_LINES_BYTES}; whole files)")
    parser.add_argument("--day", type=int, default=150, help="choices in one school day")
    parser.add_argument("--days", type=int, default=7, help="days synced one by one after the year")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary directories go")
    parser.add_argument("--json", action="store_true", help="accepted; the result is JSON")
    opts = parser.parse_args(args)
    with tempfile.TemporaryDirectory(prefix="bench-sync-", dir=opts.dir) as tmp:
        root = Path(tmp)
        last_day = _write_year(root / "kiosk" / "events", opts.events)
        kiosk = _Kiosk(root / "kiosk")
        try:
            with LaptopStore(root / "laptop") as laptop:
                pair_with_kiosk(laptop, kiosk.address, kiosk.server.open_pairing().code, timeout=60)
                pages: list[int] = []
                start = time.perf_counter()
                receipt = sync_kiosk(laptop, KIOSK_ID, page_bytes=opts.page_bytes, timeout=60,
                                     progress=lambda done, total: pages.append(done))
                full_year_s = time.perf_counter() - start
                if receipt.received != opts.events or not receipt.agree:
                    raise RuntimeError(f"the year did not arrive whole: {receipt.line()}")
                payload = (root / "laptop" / "events" / f"{KIOSK_ID}{CHOICES}").read_bytes()  # what came over
                raw_s, raw_durable_s = _raw_download(kiosk.identity, payload, root / "raw-download")
                day = date.fromisoformat(last_day)
                one_day: list[float] = []
                for _ in range(opts.days):
                    day += timedelta(days=1)
                    kiosk.record_day(opts.day, day.isoformat())
                    start = time.perf_counter()
                    receipt = sync_kiosk(laptop, KIOSK_ID, page_bytes=opts.page_bytes, timeout=60)
                    one_day.append(time.perf_counter() - start)
                    if receipt.received != opts.day or not receipt.agree:
                        raise RuntimeError(f"a day did not arrive whole: {receipt.line()}")
        finally:
            kiosk.close()
    result: dict[str, Any] = {
        "benchmark": "sync",
        "events": opts.events,
        "bytes": len(payload),
        "page_bytes": opts.page_bytes,
        "pages": len(pages),
        "full_year_s": round(full_year_s, 4),
        "raw_s": round(raw_s, 4),
        "full_year_vs_raw": round(full_year_s / raw_s, 2),
        "raw_durable_s": round(raw_durable_s, 4),
        "full_year_vs_raw_durable": round(full_year_s / raw_durable_s, 2),
        "events_per_s": round(opts.events / full_year_s),
        "day_events": opts.day,
        "one_day_runs_ms": [round(t * 1e3, 2) for t in one_day],
        "one_day_ms": round(statistics.median(one_day) * 1e3, 2),
        "goals": GOALS,
        "machine": {"cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()],
                    "python": sys.version.split()[0], "platform": platform.platform()},
    }
    result["meets_goals"] = {key: result[key] <= goal for key, goal in GOALS.items()}
    return result


def main(argv: list[str] | None = None) -> int:
    print(json.dumps(run_sync_bench(sys.argv[1:] if argv is None else argv), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
