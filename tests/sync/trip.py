"""Following one value (a kiosk id, a laptop id) through a real sync: which modules it passes, in order.

A profiler hook (``sys.setprofile`` on this thread, ``threading.setprofile`` on threads
started while it is on) notes every call and return of a function of ``kiosk/`` that takes
the followed name as a parameter. The module of the innermost such call is where the
value *stays*; a new stay starts whenever it moves to another module, and a *return* is a
stay in a module it had already left. A sync that runs down and back once has few of both.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Trip:
    """The stays of a followed value, per thread, in order (module paths relative to the repository)."""

    follow: str
    root: Path = ROOT
    by_thread: dict[int, list[str]] = field(default_factory=dict)
    _stacks: dict[int, list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hook(self, frame: FrameType, event: str, _arg: Any) -> None:
        if event not in ("call", "return"):
            return
        code = frame.f_code
        if self.follow not in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
            return
        path = Path(code.co_filename)
        if not path.is_relative_to(self.root / "kiosk"):
            return
        module = str(path.relative_to(self.root))
        thread = threading.get_ident()
        with self._lock:
            stack = self._stacks.setdefault(thread, [])
            if event == "call":
                stack.append(module)
            elif stack:
                stack.pop()
            stays = self.by_thread.setdefault(thread, [])
            if stack and (not stays or stays[-1] != stack[-1]):
                stays.append(stack[-1])

    @property
    def stays(self) -> list[str]:
        """Every thread's stays, one thread after another (a sync's requests run on one thread per side)."""
        return [module for stays in self.by_thread.values() for module in stays]

    @property
    def returns(self) -> int:
        return sum(len(stays) - len(set(stays)) for stays in self.by_thread.values())

    def visits(self) -> Counter[str]:
        return Counter(self.stays)

    def layered(self, layers: dict[str, str]) -> list[list[str]]:
        """The stays by layer, per thread: ``layers`` maps a module path or folder prefix to its layer
        (the longest prefix wins; a module under none is its own layer)."""
        def layer(module: str) -> str:
            found = [prefix for prefix in layers if module.startswith(prefix)]
            return layers[max(found, key=len)] if found else module

        result = []
        for stays in self.by_thread.values():
            runs: list[str] = []
            for module in stays:
                if not runs or runs[-1] != layer(module):
                    runs.append(layer(module))
            result.append(runs)
        return result

    def summary(self, layers: dict[str, str] | None = None) -> str:
        visits = self.visits()
        lines = [f"following {self.follow}: {len(self.stays)} stays in {len(visits)} modules, {self.returns} returns"]
        lines += [f"  {count:3d}  {module}" for module, count in visits.most_common()]
        for stays in self.by_thread.values():
            lines.append("  " + " > ".join(Path(m).name for m in stays))
        for runs in self.layered(layers or {}) if layers else []:
            lines.append(f"  by layer: {len(runs)} stays, {len(runs) - len(set(runs))} returns: " + " > ".join(runs))
        return "\n".join(lines)


@contextmanager
def following(follow: str, *, threads: bool = False, root: Path = ROOT) -> Iterator[Trip]:
    """Follow ``follow`` on this thread (and, with ``threads``, on every thread started meanwhile)."""
    trip = Trip(follow, root)
    sys.setprofile(trip.hook)
    if threads:
        threading.setprofile(trip.hook)
    try:
        yield trip
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
