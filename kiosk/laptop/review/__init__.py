"""The teacher's review: pure functions from synced choices to figures and documents.

The figures (patterns, pages, Worth a look) touch no files and are tested with plain
values; the exports (CSV, the printed report, a parent's copy) write through the
shared crash-safe files. The window is ``screens/laptop``.
"""
