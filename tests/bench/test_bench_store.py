"""The store benchmark runs end to end and reports the figures the CLI prints."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.bench.store import run_store_bench


def test_small_bench_reports_every_figure(tmp_path: Path) -> None:
    result = run_store_bench(
        ["--repeat", "5", "--scenarios", "0,400", "--per-day", "200", "--dir", str(tmp_path), "--json"]
    )
    json.dumps(result)
    for key in ("ratio_vs_sqlite", "year_over_empty", "bytes_per_choice", "machine", "meets_goals"):
        assert key in result
    year = result["scenarios"]["400"]
    assert year["segments"] == 2 and year["old_segments_read_while_recording"] == 0
    assert 0 < result["bytes_per_choice"] < 2048
    assert year["ours"]["median_ms"] > 0 and year["sqlite"]["median_ms"] > 0
    assert list(tmp_path.iterdir()) == []
