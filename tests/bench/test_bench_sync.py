"""The sync benchmark runs end to end, small, and reports the figures the CLI prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.bench.sync import run_sync_bench
from kiosk.cli import main
from tests.bench_checks import assert_ratio_of, assert_times


def test_small_bench_reports_every_figure(tmp_path: Path) -> None:
    result = run_sync_bench(
        ["--events", "2000", "--page-bytes", "100000", "--day", "40", "--days", "3", "--dir", str(tmp_path), "--json"]
    )
    json.dumps(result)
    for key in ("full_year_vs_raw", "one_day_ms", "events", "bytes", "full_year_s", "raw_s", "raw_durable_s",
                "full_year_vs_raw_durable", "page_bytes", "pages"):
        assert key in result
    # 12 choices a day (2000 over 180 school days) make day files of about 3.4 KB (one line of
    # the event's own JSON each): 29 of them a page
    assert (result["events"], result["page_bytes"], result["pages"]) == (2000, 100000, 6)
    assert result["bytes"] > 2000 * 200  # every event's line was counted
    assert result["full_year_s"] > 0 and result["raw_s"] > 0 and result["raw_durable_s"] > 0
    assert result["full_year_vs_raw"] == pytest.approx(result["full_year_s"] / result["raw_s"], rel=0.02)
    assert len(result["one_day_runs_ms"]) == 3 and result["one_day_ms"] > 0
    assert set(result["meets_goals"]) == {"full_year_vs_raw", "one_day_ms"}
    assert list(tmp_path.iterdir()) == []

    # Plausible figures: times measured, ratios of those times, counts of what was made.
    assert_times(result["full_year_s"], result["raw_s"], result["raw_durable_s"], *result["one_day_runs_ms"])
    # 600 KB download raw in a few ms, while the sync's requests (six pages) each cost their own round trip and
    # fsync: on this small year the ratio is 10-70 (about 4 on the benchmark's 50,000 choices).
    small_run = (0.5, 500.0)
    assert_ratio_of(result["full_year_vs_raw"], result["full_year_s"], result["raw_s"], band=small_run)
    assert_ratio_of(result["full_year_vs_raw_durable"], result["full_year_s"], result["raw_durable_s"], band=small_run)
    assert result["one_day_ms"] in result["one_day_runs_ms"]  # the median of an odd number of runs is one of them
    assert result["events_per_s"] == pytest.approx(2000 / result["full_year_s"], rel=0.01)
    assert 200 < result["bytes"] / result["events"] < 2048  # one JSON line an event
    assert result["day_events"] == 40


def test_the_command_line_runs_it(tmp_path: Path, capsys) -> None:
    assert main(["bench", "sync", "--json", "--events", "300", "--days", "1", "--dir", str(tmp_path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["events"] == 300 and printed["pages"] == 1
