"""The questions ``choice-kiosk pair`` asks: which kiosk (when several answer) and, the first time, this laptop's name.

Each question is asked through ``ask(prompt) -> answer`` (``input`` on the command line;
``EOFError`` when nobody can answer) and its explanations said through ``say``, so the
rules are tested with plain values. A wrong answer is said and asked again, three times
at most; no answer at all is a ``ValueError`` that says what to type instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kiosk.laptop.this_laptop import ThisLaptop
from kiosk.shared.sync.discovery import FoundKiosk
from kiosk.shared.sync.laptop_name import laptop_name_problem
from kiosk.shared.text.i18n import Sentence, Translator

__all__ = ["TRIES", "choose_kiosk", "kiosk_lines", "name_this_laptop"]

TRIES = 3
Ask = Callable[[str], str]
Say = Callable[[str], None]


def _shown(text: str) -> str:
    """A name as a kiosk announced it, safe to print (an announcement can hold anything)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:60]


def kiosk_lines(found: Sequence[FoundKiosk]) -> list[str]:
    """One numbered line per kiosk found: its name, the start of its id and its address."""
    return [f"{n}. {_shown(k.name)} ({_shown(k.kiosk_id[:8])}, {_shown(k.address)})" for n, k in enumerate(found, 1)]


def choose_kiosk(found: Sequence[FoundKiosk], ask: Ask, say: Say, tr: Translator) -> FoundKiosk:
    """The kiosk to pair with: the one found, or the one the teacher picks by number from the list."""
    if not found:
        raise ValueError(Sentence("no kiosk answered on this network (it may block multicast): "
                                  "use --address HOST:PORT with the kiosk's address"))
    if len(found) == 1:
        say(tr("Found {name} at {address}.", name=_shown(found[0].name), address=_shown(found[0].address)))
        return found[0]
    say(tr("{count} kiosks answered:", count=len(found)))
    for line in kiosk_lines(found):
        say("  " + line)
    for _ in range(TRIES):
        try:
            answer = ask(tr("Which one shows the pairing code? Type its number (1–{last}): ", last=len(found)))
        except EOFError:
            break
        text = answer.strip()
        if text.isdigit() and 1 <= int(text) <= len(found):
            return found[int(text) - 1]
        say(tr("{answer!r} is not one of the numbers 1 to {last}.", answer=text[:20], last=len(found)))
    raise ValueError(Sentence("no kiosk was chosen of the {count} that answered: run pair again and type a "
                              "number, or give --address HOST:PORT", count=len(found)))


def name_this_laptop(me: ThisLaptop, given: str | None, ask: Ask, say: Say, tr: Translator) -> str:
    """This laptop's name: ``given`` (``--laptop-name``), or asked once, at the first pairing.

    An empty answer (or none: no terminal) takes the default shown in brackets. A name the
    teacher typed that cannot be used is said and asked again; a bad ``given`` is a ValueError.
    """
    if given is not None:
        return me.rename(given)
    if me.has_own_name:
        return me.name
    default = me.default_name()
    for _ in range(TRIES):
        try:
            answer = ask(tr("Name of this laptop, shown on the kiosk [{default}]: ", default=default))
        except EOFError:
            answer = ""
        if not answer.strip():
            return me.rename(default)
        problem = laptop_name_problem(answer)
        if problem is None:
            return me.rename(answer)
        say(tr(problem))
    raise ValueError(Sentence("this laptop was not named, so it was not paired: run pair again, or give "
                              "--laptop-name NAME"))
