"""Properties of the log union: any delivery order and interruption converge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.merge import checkpoints, merge_logs, page_after
from tests.sync.events import KIOSKS, full_logs, partial_logs

FAST = settings(max_examples=150, deadline=None)


@FAST
@given(partial_logs())
def test_merge_is_idempotent(a):
    once = merge_logs(a)
    assert merge_logs(once, once) == once == merge_logs(a, a)


@FAST
@given(partial_logs(), partial_logs())
def test_merge_is_commutative(a, b):
    assert merge_logs(a, b) == merge_logs(b, a)


@FAST
@given(partial_logs(), partial_logs(), partial_logs())
def test_merge_is_associative(a, b, c):
    assert merge_logs(merge_logs(a, b), c) == merge_logs(a, merge_logs(b, c)) == merge_logs(a, b, c)


faults = st.lists(st.tuples(st.integers(0, 5), st.booleans(), st.booleans()), max_size=8)


@FAST
@given(full_logs, st.integers(1, 5), faults)
def test_pulling_pages_with_interruptions_converges_to_the_union(everything, limit, plan):
    """Each pull may be cut after any event, reordered or delivered twice; the
    laptop keeps asking from its checkpoint and ends with every event once."""
    laptop: list[dict] = []
    floors: dict[str, int] = {}
    for kiosk in KIOSKS:
        own = [e for e in everything if e["kiosk_id"] == kiosk]
        more = True
        while more:
            page = page_after(own, checkpoints(laptop, floors).get(kiosk, 0), limit)
            got = list(page.events)
            if plan:
                cut, backwards, twice = plan.pop()
                got = got[: min(cut, len(got))]
                got = got[::-1] if backwards else got
                got = got + got if twice else got
            laptop = merge_logs(laptop, got)
            if len(set(e["id"] for e in got)) == len(page.events):
                floors[kiosk] = max(floors.get(kiosk, 0), page.through)
                more = page.more
    assert merge_logs(laptop) == merge_logs(everything)


@FAST
@given(full_logs, st.integers(1, 4), st.data())
def test_pages_delivered_in_any_order_and_number_give_the_same_union(everything, limit, data):
    pages = []
    for kiosk in KIOSKS:
        own = [e for e in everything if e["kiosk_id"] == kiosk]
        mark, more = 0, True
        while more:
            page = page_after(own, mark, limit)
            pages.append(list(page.events))
            mark, more = page.through, page.more
    deliveries = data.draw(st.lists(st.sampled_from(pages), max_size=3 * len(pages))) + pages
    shuffled = data.draw(st.permutations(deliveries))
    assert merge_logs(*shuffled) == merge_logs(everything)


@FAST
@given(full_logs)
def test_checkpoint_of_a_full_log_is_its_length(everything):
    counts: dict[str, int] = {}
    for e in everything:
        counts[e["kiosk_id"]] = counts.get(e["kiosk_id"], 0) + 1
    assert {k: v for k, v in checkpoints(everything).items()} == counts
