"""The store benchmark runs end to end and reports the figures the CLI prints, and they are plausible."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.bench.store import GOALS, run_store_bench
from tests.bench_checks import assert_ratio_of, assert_times


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

    # Plausible figures: times measured, ratios of those times, counts of what was made.
    assert result["choices_per_scenario"] == 5
    assert result["journal_version"] == 2  # the line format measured: one line of the event's own JSON
    assert len(result["machine"]["load_average_1m"]) == 2  # how busy the machine was, before and after
    assert {n: s["earlier_events"] for n, s in result["scenarios"].items()} == {"0": 0, "400": 400}
    assert result["scenarios"]["0"]["segments"] == 0  # and 400 earlier ones at 200 a day made the year's two
    for scenario in result["scenarios"].values():
        for store in ("ours", "sqlite"):
            times = scenario[store]
            assert_times(times["median_ms"], times["p99_ms"], times["mean_ms"])
            assert times["median_ms"] <= times["p99_ms"]
        assert_ratio_of(scenario["ratio_vs_sqlite"], scenario["ours"]["median_ms"], scenario["sqlite"]["median_ms"], 3)
        assert 100 < scenario["ours_file_bytes_per_choice"] < 2048  # one JSON line a choice, and its checksum
    empty = result["scenarios"]["0"]["ours"]["median_ms"]
    assert_ratio_of(result["year_over_empty"], year["ours"]["median_ms"], empty, 3)
    assert result["ratio_vs_sqlite"] == max(s["ratio_vs_sqlite"] for s in result["scenarios"].values())
    assert result["meets_goals"] == {key: result[key] <= goal for key, goal in GOALS.items()}
