"""Each kiosk's own name, so two kiosks of one class can be told apart on the laptop and on receipts.

A kiosk is named by the teacher (at the kiosk or on the laptop); until then it is
called after its class and the first characters of its id, which differ between
kiosks of one class.
"""

from __future__ import annotations

__all__ = ["MAX_NAME", "default_kiosk_name", "kiosk_name_problem"]

MAX_NAME = 40


def default_kiosk_name(classroom: str, kiosk_id: str) -> str:
    """The class's name and a short, stable part of the kiosk's id."""
    return f"{classroom or 'Choice Kiosk'} – kiosk {kiosk_id[:4].upper()}"


def kiosk_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a kiosk, or None."""
    cleaned = name.strip()
    if not cleaned:
        return "A kiosk's name cannot be empty."
    if len(cleaned) > MAX_NAME:
        return f"A kiosk's name is at most {MAX_NAME} characters."
    if any(not ch.isprintable() for ch in cleaned):
        return "A kiosk's name cannot hold control characters."
    return None
