"""How many connections the sync server holds, and for how long: pure accounting.

Nobody on the classroom network may starve the kiosk: connections (one worker
thread each) are bounded per address and in total, the total leaves file
descriptors in reserve for the kiosk's own work (pictures, speech, storage), and
each phase of a connection has a deadline (TLS handshake, the request's head and
body, idle between requests). When the total is reached, the oldest connection
that has not yet been answered as a paired laptop gives way to a new one from an
address a paired laptop used (or, for a new address, once that stranger has had
its handshake's time), so a flood of slow strangers cannot keep a laptop out and
costs the kiosk a bounded number of TLS handshakes. The server
(:mod:`.transport`) asks :class:`ConnectionTable` and acts on its answers.
"""

from __future__ import annotations

import resource
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Admission", "ConnectionLimits", "ConnectionTable", "fd_budget"]

HANDSHAKE, REQUEST, BUSY, IDLE = "handshake", "request", "busy", "idle"


@dataclass(frozen=True)
class ConnectionLimits:
    max_total: int = 48
    max_per_address: int = 8
    handshake_timeout: float = 5.0  # TCP accepted → TLS done
    request_timeout: float = 10.0  # TLS done (or last answer) → a request's head and body read
    idle_timeout: float = 15.0  # last answer → the next request starts
    fd_reserve: int = 128  # descriptors never taken by connections: the kiosk's own files


def fd_budget(limits: ConnectionLimits, soft: int | None = None) -> int:
    """The total bound, lowered so open connections leave ``fd_reserve`` descriptors free."""
    if soft is None:
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return limits.max_total
    # Each connection costs one descriptor; the reserve covers the rest of the process.
    return max(2, min(limits.max_total, (soft - limits.fd_reserve) // 2))


@dataclass
class _Connection:
    key: int
    address: str
    opened: float
    phase: str
    deadline: float
    paired: bool = False
    sock: Any = field(default=None, repr=False)


@dataclass(frozen=True)
class Admission:
    """``key`` of the admitted connection (None if refused), why not, and who gives way."""

    key: int | None
    refused: str = ""
    evicted: Any = None  # (address, socket) of the connection to cut for this one


class ConnectionTable:
    """Connections held now, with their phase and deadline; thread-safe."""

    def __init__(self, limits: ConnectionLimits, max_total: int | None = None) -> None:
        self.limits = limits
        self.max_total = limits.max_total if max_total is None else max_total
        self._lock = threading.Lock()
        self._held: dict[int, _Connection] = {}
        self._next = 0
        self.peak = 0
        self.admitted = 0  # connections admitted since the start
        self._laptops: dict[str, None] = {}  # addresses a paired laptop was answered from, newest last

    def __len__(self) -> int:
        with self._lock:
            return len(self._held)

    def admit(self, address: str, sock: Any, now: float) -> Admission:
        with self._lock:
            from_address = [c for c in self._held.values() if c.address == address]
            if len(from_address) >= self.limits.max_per_address:
                return Admission(None, f"{len(from_address)} connections from this address already")
            evicted = None
            if len(self._held) >= self.max_total:
                victim = self._victim()
                if victim is None:
                    return Admission(None, f"{len(self._held)} connections held, all by paired laptops")
                # A laptop's address always gets room; a stranger only once the oldest stranger
                # had its handshake's time, so churn (one TLS handshake each) stays bounded.
                if address not in self._laptops and now - victim.opened < self.limits.handshake_timeout:
                    return Admission(None, f"{len(self._held)} connections held")
                del self._held[victim.key]
                evicted = (victim.address, victim.sock)
            self._next += 1
            self._held[self._next] = _Connection(
                self._next, address, now, HANDSHAKE, now + self.limits.handshake_timeout, sock=sock
            )
            self.peak = max(self.peak, len(self._held))
            self.admitted += 1
            return Admission(self._next, evicted=evicted)

    def _victim(self) -> _Connection | None:
        """The oldest connection not yet answered as a paired laptop, from the busiest address."""
        strangers = [c for c in self._held.values() if not c.paired and c.phase != BUSY]
        if not strangers:
            return None
        counts: dict[str, int] = {}
        for c in strangers:
            counts[c.address] = counts.get(c.address, 0) + 1
        return min(strangers, key=lambda c: (-counts[c.address], c.opened))

    def set_phase(self, key: int, phase: str, now: float, *, paired: bool | None = None) -> None:
        timeouts = {HANDSHAKE: self.limits.handshake_timeout, REQUEST: self.limits.request_timeout,
                    IDLE: self.limits.idle_timeout}
        with self._lock:
            held = self._held.get(key)
            if held is None:
                return
            held.phase = phase
            held.deadline = now + timeouts[phase] if phase in timeouts else float("inf")
            if paired is not None:
                held.paired = paired
            if paired:
                self._laptops.pop(held.address, None)
                self._laptops[held.address] = None
                while len(self._laptops) > 32:
                    self._laptops.pop(next(iter(self._laptops)))

    def set_socket(self, key: int, sock: Any) -> None:
        with self._lock:
            if key in self._held:
                self._held[key].sock = sock

    def holds(self, key: int) -> bool:
        """Whether the connection is still held (not cut by a deadline nor dropped to make room)."""
        with self._lock:
            return key in self._held

    def release(self, key: int) -> None:
        with self._lock:
            self._held.pop(key, None)

    def expired(self, now: float) -> list[tuple[str, str, Any]]:
        """Connections past their deadline, taken out of the table: (address, phase, socket)."""
        with self._lock:
            late = [c for c in self._held.values() if c.deadline <= now]
            for c in late:
                del self._held[c.key]
        return [(c.address, c.phase, c.sock) for c in late]

    def sockets(self) -> list[Any]:
        with self._lock:
            return [c.sock for c in self._held.values()]
