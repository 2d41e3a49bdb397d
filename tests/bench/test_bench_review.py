"""``choice-kiosk bench review`` on a small year: the keys and sane values (no timing goals here)."""

from __future__ import annotations

from screens.bench.review import run_review_bench


def test_bench_review_reports_both_figures() -> None:
    result = run_review_bench(["--events", "3000", "--draws", "2", "--rounds", "1", "--years", "2"])
    assert result["benchmark"] == "review" and result["events"] == 3000
    assert result["patterns_vs_sqlite"] > 0 and result["patterns_draw_ms"] > 0
    assert len(result["draw_samples_ms"]) == 2 and result["cells"] > 0
    assert 2000 < result["choices"] <= 3000
    assert result["view_switch_p95_ms"] > 0 and result["open_to_data_s"] > 0 and result["five_years_vs_one"] > 0
    assert result["one_year"]["view_switches"] == result["five_years"]["view_switches"] == 14
    assert result["five_years"]["choices"] > result["one_year"]["choices"]
