"""The real kiosk under a connection flood on 127.0.0.0/8 (bounded in count and time).

The benchmark's own run (screens/bench/flood.py) with a smaller flood and a lowered
open-file limit: the paired laptop's sync completes (it raises otherwise), choices are
recorded through the screens, every picture loads afresh, and the kiosk holds no more
connections, threads or descriptors than its bound allows.
"""

from __future__ import annotations

from screens.bench.flood import run_flood_bench
from tests.bench_checks import assert_ratio_of, assert_times


def test_a_flood_leaves_room_for_the_laptop_the_child_and_the_pictures():
    result = run_flood_bench(
        ["--connections", "400", "--seconds", "40", "--nofile", "256", "--choices", "3", "--day", "10"]
    )
    assert result["flood_connections"] >= 400 and result["flood_still_running_after_measures"]
    assert result["sync_flood_s"] > 0 and result["picture_loads"]
    assert result["kiosk_connections_max"] <= result["kiosk_connection_bound"] <= 64
    assert result["kiosk_threads_max"] <= result["kiosk_connection_bound"] + 16  # Kivy's, the storage thread's, the reaper
    assert result["kiosk_fds_max"] <= 256 - 64  # the reserve stays free for pictures, speech and storage
    assert_times(result["sync_quiet_s"], result["choice_during_flood_ms"], result["flood_seconds"])
    assert_ratio_of(result["sync_flood_vs_quiet"], result["sync_flood_s"], result["sync_quiet_s"])
    assert result["choice_during_flood_ms"] <= result["choice_during_flood_max_ms"]
    assert (result["day_choices"], result["nofile_limit"]) == (10, 256)
