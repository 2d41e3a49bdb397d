"""Each kiosk's own name, so two kiosks of one class can be told apart on the laptop and on receipts.

A kiosk is named by the teacher (at the kiosk or on the laptop); until then it is
called after its class and the first characters of its id, which differ between
kiosks of one class.
"""

from __future__ import annotations

__all__ = ["MAX_NAME", "default_kiosk_name", "kiosk_name_problem", "names_apart"]

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


def names_apart(names: list[str]) -> tuple[str, list[str]]:
    """The class part several kiosks' default names share, said once, and what tells each apart.

    ``["Room 4 – kiosk 3FA8", "Room 4 – kiosk 9C1E"]`` → ``("Room 4", ["kiosk 3FA8", "kiosk 9C1E"])``,
    so a narrow top bar never cuts both to the same "Room 4 – ki…". Names the teacher
    gave (or kiosks of different classes) stay whole.
    """
    heads = {name.rpartition(" – ")[0] for name in names}
    if len(names) < 2 or len(heads) != 1 or "" in heads:
        return "", list(names)
    return heads.pop(), [name.rpartition(" – ")[2] for name in names]
