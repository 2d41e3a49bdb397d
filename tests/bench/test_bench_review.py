"""``choice-kiosk bench review`` on a small year: the keys and plausible figures (no timing goals here)."""

from __future__ import annotations

import pytest

from screens.bench.review import run_review_bench
from screens.bench.support import percentiles
from tests.bench_checks import assert_ratio, assert_ratio_of, assert_times

VIEWS = ("tab", "day", "child", "center", "range")


def test_bench_review_reports_both_figures() -> None:
    result = run_review_bench(["--events", "3000", "--draws", "2", "--rounds", "1", "--years", "2"])
    assert result["benchmark"] == "review" and result["events"] == 3000
    assert result["patterns_vs_sqlite"] > 0 and result["patterns_draw_ms"] > 0
    assert len(result["draw_samples_ms"]) == 2 and result["cells"] > 0
    assert 2000 < result["choices"] <= 3000
    assert result["view_switch_p95_ms"] > 0 and result["open_to_data_s"] > 0 and result["five_years_vs_one"] > 0
    assert result["one_year"]["open_to_every_choice_s"] >= result["one_year"]["open_to_data_s"]
    assert result["one_year"]["view_switches"] == result["five_years"]["view_switches"] == 14
    assert result["five_years"]["choices"] > result["one_year"]["choices"]

    # Plausible figures: measured times, ratios of those times, counts of what was made.
    assert_times(result["patterns_draw_ms"], result["patterns_ms"], result["sqlite_ms"], *result["draw_samples_ms"])
    assert_ratio(result["patterns_vs_sqlite"])  # from the unrounded times: the printed ones are to 0.1 ms
    draws = sorted(result["draw_samples_ms"])
    assert result["patterns_draw_p50_ms"] <= result["patterns_draw_p95_ms"] <= result["patterns_draw_max_ms"]
    assert result["patterns_draw_max_ms"] == pytest.approx(draws[-1], abs=0.05 + 1e-9)  # samples printed to 0.1 ms: 51.05 shows as 51.1
    assert result["cells"] == 30 * 12  # the sample year's 30 children by 12 centers
    for years in ("one_year", "five_years"):
        figures = result[years]
        assert_times(figures["open_to_data_s"], *(figures[f"{view}_p95_ms"] for view in VIEWS))
        assert figures["view_switch_p50_ms"] <= figures["view_switch_p95_ms"] <= figures["view_switch_max_ms"]
        assert_times(figures["view_switch_p50_ms"])
    one, two = result["one_year"], result["five_years"]
    assert one["choices"] == result["choices"]  # the first year is the year the figures above were drawn on
    assert 1.5 * one["choices"] < two["choices"] <= 2 * 3000  # --years 2: about twice the choices, never more events
    assert result["view_switch_p95_ms"] == one["view_switch_p95_ms"] and result["open_to_data_s"] == one["open_to_data_s"]
    assert_ratio_of(result["five_years_vs_one"], two["view_switch_p95_ms"], one["view_switch_p95_ms"], time_digits=2)
    assert_ratio_of(result["five_years_open_vs_one"], two["open_to_data_s"], one["open_to_data_s"], time_digits=3)


def test_p95_is_never_below_the_median_however_few_the_samples() -> None:
    assert percentiles([59.2, 95.7], "draw") == {"draw_p50_ms": 77.45, "draw_p95_ms": 95.7, "draw_max_ms": 95.7}
    assert percentiles([3.0], "tap")["tap_p95_ms"] == 3.0
    assert percentiles([float(n) for n in range(1, 101)], "tap")["tap_p95_ms"] == 95.0
    assert percentiles([float(n) for n in range(1, 10)], "tap")["tap_p95_ms"] == 9.0
