"""The teacher's review on the laptop: pure functions from synced choices to figures.

Nothing here draws or touches files: the laptop app (screens/) and the exports
call these functions with plain values, so every figure the teacher sees is
tested with plain values too.
"""
