"""Properties of the log union: any delivery order, repetition and interruption converge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.shared.sync.merge import merge_logs
from tests.sync.events import full_logs, partial_logs

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


@FAST
@given(full_logs, st.data())
def test_slices_delivered_in_any_order_and_number_give_the_same_union(everything, data):
    """Pages cut anywhere, cut short, repeated and shuffled (a sync retried after any failure)."""
    size = len(everything)
    bounds = st.tuples(st.integers(0, size), st.integers(0, size))
    slices = [everything[min(a, b) : max(a, b)] for a, b in data.draw(st.lists(bounds, max_size=8))]
    deliveries = data.draw(st.permutations(slices + [everything]))
    assert merge_logs(*deliveries) == merge_logs(everything)
