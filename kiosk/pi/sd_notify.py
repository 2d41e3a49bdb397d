"""systemd's notify protocol (sd_notify(3)): tell the service manager we are alive.

The protocol is one datagram of ``KEY=VALUE`` lines sent to the AF_UNIX socket named
by ``$NOTIFY_SOCKET`` (a leading ``@`` means the abstract namespace). With
``WatchdogSec=`` systemd also sets ``$WATCHDOG_USEC`` (and ``$WATCHDOG_PID``): a
service must send ``WATCHDOG=1`` more often than that or be restarted. Written here
rather than taken from a library because the protocol is these few lines and the
maintained implementation (libsystemd's) needs a compiler on the Pi.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Notifier", "notifier_from_env", "watchdog_interval_s"]


def watchdog_interval_s(env: Mapping[str, str], pid: int) -> float | None:
    """How often to ping: half the watchdog timeout, as sd_watchdog_enabled(3) advises.

    None when no watchdog is asked for this process (absent, zero, malformed, or
    ``WATCHDOG_PID`` naming another process).
    """
    owner = env.get("WATCHDOG_PID")
    if owner and owner != str(pid):
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 2_000_000 if usec > 0 else None


def _address(name: str) -> str:
    return "\0" + name[1:] if name.startswith("@") else name


@dataclass
class Notifier:
    """Sends notify messages to one socket; a lost message is never an error."""

    socket_name: str

    def send(self, message: str) -> bool:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message.encode("utf-8"), _address(self.socket_name))
        except OSError:
            return False
        return True

    def ready(self, status: str) -> bool:
        return self.send(f"READY=1\nSTATUS={status}")

    def alive(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")


def notifier_from_env(env: Mapping[str, str] | None = None) -> Notifier | None:
    """A notifier when started by systemd with ``Type=notify``, else None."""
    name = (os.environ if env is None else env).get("NOTIFY_SOCKET", "")
    return Notifier(name) if name.startswith(("/", "@")) else None
