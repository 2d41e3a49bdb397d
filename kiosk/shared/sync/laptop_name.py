"""Each laptop's own name, so the kiosk's Laptop tab tells two laptops of a class apart.

A laptop is named by the teacher at its first pairing (the default is the person using it
and the computer: "Ann Lee on ROOM4-PC"); the name is sent at pairing and again at a sync
after a change. A kiosk refuses a name that is empty, too long or holds control characters,
as the laptop does before sending it. Until this version a laptop was called by its
computer's host name, so two laptops on one computer (or two computers both called "vm")
looked the same.
"""

from __future__ import annotations

import getpass
import os
import platform

from kiosk.shared.text.i18n import N_, Sentence

__all__ = ["MAX_LAPTOP_NAME", "default_laptop_name", "laptop_name_problem", "names_told_apart", "this_computer"]

MAX_LAPTOP_NAME = 40
DEFAULT_NAME = N_("{user} on {host}")


def laptop_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a laptop (a sentence for the teacher), or None."""
    cleaned = name.strip()
    if not cleaned:
        return Sentence("A laptop's name cannot be empty.")
    if len(cleaned) > MAX_LAPTOP_NAME:
        return Sentence("A laptop's name is at most {count} characters.", count=MAX_LAPTOP_NAME)
    if any(not ch.isprintable() for ch in cleaned):
        return Sentence("A laptop's name cannot hold control characters.")
    return None


def this_computer() -> tuple[str, str]:
    """The name of the person using this computer (their full name where the system has it) and its host name."""
    user = ""
    try:
        import pwd  # not on Windows

        user = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, AttributeError, OSError):
        pass
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no user name in the environment or the password file
            user = ""
    host = platform.node().split(".")[0]
    return user, host


def default_laptop_name(user: str, host: str, template: str = DEFAULT_NAME) -> str:
    """"<user> on <host>" (``template`` in the class's language), kept within the name's limits."""
    printable = ["".join(ch for ch in part if ch.isprintable()).strip() for part in (user, host)]
    user, host = printable
    name = template.format(user=user, host=host) if user and host else user or host or "Teacher's laptop"
    if len(name) > MAX_LAPTOP_NAME:
        name = name[: MAX_LAPTOP_NAME - 1].rstrip() + "…"
    return name


def names_told_apart(names: dict[str, str]) -> dict[str, str]:
    """Laptop id → the name to show; two laptops with one name get the first characters of their ids."""
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    return {
        laptop_id: f"{name} ({laptop_id[:4].upper()})" if seen[name.casefold()] > 1 else name
        for laptop_id, name in names.items()
    }
