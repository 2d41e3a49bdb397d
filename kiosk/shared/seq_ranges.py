"""Sets of seqs as sorted ``[first, last]`` runs: how deleted choices are named between laptop and kiosk.

A school year's retention deletes tens of thousands of consecutive seqs; as runs
they travel in a few bytes, and the kiosk checks a seq against them in O(log n).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["SeqRanges", "in_ranges", "merge_ranges", "ranges_up_to", "seq_ranges"]

SeqRanges = list[list[int]]


def seq_ranges(seqs: Iterable[int]) -> SeqRanges:
    """Seqs as sorted, non-overlapping ``[first, last]`` runs (what travels to the kiosk)."""
    runs: SeqRanges = []
    for seq in sorted(set(seqs)):
        if runs and seq == runs[-1][1] + 1:
            runs[-1][1] = seq
        else:
            runs.append([seq, seq])
    return runs


def merge_ranges(*sides: Iterable[Sequence[int]]) -> SeqRanges:
    """The union of several lists of ranges, as sorted, non-overlapping runs (adjacent ones joined)."""
    spans = sorted((int(a), int(b)) for side in sides for a, b in side)
    runs: SeqRanges = []
    for first, last in spans:
        if runs and first <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    return runs


def ranges_up_to(ranges: Iterable[Sequence[int]], checkpoint: int) -> SeqRanges:
    """Only the part of ``ranges`` at or below a laptop's ``checkpoint``: what it has shown it holds."""
    return [[a, min(b, checkpoint)] for a, b in merge_ranges(ranges) if a <= checkpoint]


def in_ranges(seq: int, ranges: SeqRanges) -> bool:
    """Whether ``seq`` lies in one of the sorted runs."""
    low, high = 0, len(ranges)
    while low < high:
        mid = (low + high) // 2
        if ranges[mid][1] < seq:
            low = mid + 1
        else:
            high = mid
    return low < len(ranges) and ranges[low][0] <= seq
