"""Counts in words, with the plural right ("1 choice", "2 choices", "1 time")."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: ``counted(1, "choice")`` is "1 choice"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
