"""Union of event logs and seq conflicts, with plain values."""

from __future__ import annotations

import pytest

from kiosk.shared.sync.merge import EventFormatError, merge_logs, seq_conflicts
from tests.sync.events import event


def test_union_keeps_each_event_once_in_kiosk_and_seq_order():
    a = [event("k2", 1), event("k1", 2), event("k1", 1)]
    b = [event("k1", 2), event("k1", 3)]
    merged = merge_logs(a, b, a)
    assert [(e["kiosk_id"], e["seq"]) for e in merged] == [("k1", 1), ("k1", 2), ("k1", 3), ("k2", 1)]


def test_a_child_who_used_two_kiosks_appears_once_per_choice():
    morning = event("room1", 1, child="ann", center="lego")
    afternoon = event("room2", 1, child="ann", center="art")
    merged = merge_logs([morning], [afternoon], [morning, afternoon])
    assert [(e["child_id"], e["center_id"]) for e in merged] == [("ann", "lego"), ("ann", "art")]


def test_merge_does_not_change_its_inputs():
    log = [event("k1", 1)]
    merged = merge_logs(log)
    merged[0]["child_id"] = "changed"
    assert log[0]["child_id"] == "ann"


def test_differing_copies_of_one_id_resolve_the_same_whatever_the_order():
    one, other = event("k1", 1, child="ann"), event("k1", 1, child="bob")
    assert merge_logs([one], [other]) == merge_logs([other], [one])


@pytest.mark.parametrize(
    "broken, reason",
    [
        ({"kiosk_id": "k1", "seq": 1}, "no id"),
        ({"id": "x", "seq": 1}, "no kiosk"),
        ({"id": "x", "kiosk_id": "k1", "seq": 0}, "no valid number"),
        ({"id": "x", "kiosk_id": "k1", "seq": "3"}, "no valid number"),
    ],
)
def test_an_event_without_sync_fields_is_refused(broken, reason):
    with pytest.raises(EventFormatError, match=reason) as caught:
        merge_logs([event("k1", 1)], [broken])
    assert "nothing was merged" in str(caught.value)


def test_a_kiosk_that_reused_a_seq_is_reported_and_both_events_kept():
    restored = event("k1", 2, event_id="after-restore", child="bob")
    merged = merge_logs([event("k1", 1), event("k1", 2)], [restored])
    assert len(merged) == 3
    (conflict,) = seq_conflicts(merged)
    assert (conflict.kiosk_id, conflict.seq, conflict.event_ids) == ("k1", 2, ("after-restore", "k1-2"))
    assert "restored or copied" in conflict.message
    assert seq_conflicts([event("k1", 1), event("k2", 1)]) == []
