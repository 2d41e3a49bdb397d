"""``choice-kiosk bench review`` on a small year: the keys and sane values (no timing goals here)."""

from __future__ import annotations

from screens.review.bench import run_review_bench


def test_bench_review_reports_both_figures() -> None:
    result = run_review_bench(["--events", "3000", "--draws", "2"])
    assert result["benchmark"] == "review" and result["events"] == 3000
    assert result["patterns_vs_sqlite"] > 0 and result["patterns_draw_ms"] > 0
    assert len(result["draw_samples_ms"]) == 2 and result["cells"] > 0
    assert 2000 < result["choices"] <= 3000
