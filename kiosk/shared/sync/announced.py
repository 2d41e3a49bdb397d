"""Where the class's kiosks are now: the addresses they announce by zeroconf, followed as they change.

A kiosk's address is not fixed: a DHCP lease changes overnight, a hotspot replaces the
school network. The kiosk announces its current addresses (discovery.py's
:class:`~kiosk.shared.sync.discovery.KioskAdvertiser`, again whenever they change); the
laptop and the class's other kiosks try those first and the last address that worked
after them, so a kiosk that moved is reached at once, and one whose network blocks
multicast is still reached where it was.

:class:`AnnouncedKiosks` browses for as long as it runs (a kiosk's peer watcher keeps one);
:class:`KioskLocator` browses once for a sync, for at most a few seconds, and stops as soon
as every kiosk it looks for has answered. Nothing here is trusted: an announcement is only
an address to try, and the kiosk there must show the certificate pinned at pairing.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

from kiosk.shared.sync.discovery import SERVICE_TYPE, local_networks, make_zeroconf
from kiosk.shared.sync.protocol import is_safe_id

__all__ = ["AnnouncedKiosks", "KioskLocator", "Locate", "is_loopback", "to_try"]

log = logging.getLogger(__name__)
_RESOLVE_MS = 1500

#: Where a kiosk announces itself now, by its id: ``HOST:PORT`` strings, the likeliest first.
Locate = Callable[[str], list[str]]


def is_loopback(address: str) -> bool:
    """A kiosk reached at a loopback address runs on this very computer: no need to look for it."""
    host = address.rpartition(":")[0].strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def to_try(announced: Iterable[str], last: str) -> list[str]:
    """The addresses to try, in order: those announced now, then the last one that worked (each once)."""
    return list(dict.fromkeys([*announced, *([last] if last else [])]))


class _Listener(ServiceListener):
    def __init__(self, kiosks: AnnouncedKiosks) -> None:
        self._kiosks = kiosks

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self._kiosks._resolve(zc, type_, name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self._kiosks._resolve(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self._kiosks._forget(name)


class AnnouncedKiosks:
    """The kiosks announcing themselves on this network now, by id, kept up to date while it runs."""

    def __init__(self, interfaces: Sequence[str] | None = None) -> None:
        self._interfaces = interfaces
        self._zc: Zeroconf | None = None
        self._browser: ServiceBrowser | None = None
        self._lock = threading.Condition()
        self._by_name: dict[str, tuple[str, list[str]]] = {}  # service name -> (kiosk id, addresses)

    def start(self) -> bool:
        """Browse; False (logged) when the network does not allow it (then nothing is ever announced)."""
        if self._zc is not None:
            return True
        try:
            self._zc = make_zeroconf(self._interfaces)
            self._browser = ServiceBrowser(self._zc, SERVICE_TYPE, _Listener(self))
            return True
        except OSError as error:
            log.info("not looking for kiosks on the network: %s", error)
            self.stop()
            return False

    def stop(self) -> None:
        browser, zc, self._browser, self._zc = self._browser, self._zc, None, None
        if browser is not None:
            browser.cancel()
        if zc is not None:
            zc.close()

    def addresses(self, kiosk_id: str) -> list[str]:
        """Where the kiosk announces itself now (``HOST:PORT``, one on this computer's networks first); [] if not."""
        with self._lock:
            found = [addresses for kid, addresses in self._by_name.values() if kid == kiosk_id]
        return list(dict.fromkeys(a for addresses in found for a in addresses))

    def wait_for(self, kiosk_ids: Iterable[str], seconds: float) -> None:
        """Wait until every one of ``kiosk_ids`` has announced itself, or ``seconds`` have passed."""
        wanted = set(kiosk_ids)
        deadline = time.monotonic() + seconds
        with self._lock:
            while not wanted <= {kid for kid, _ in self._by_name.values()}:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._lock.wait(left)

    def _resolve(self, zc: Zeroconf, type_: str, name: str) -> None:
        """Read a kiosk's announcement (on the browser's thread): its id and addresses."""
        info = zc.get_service_info(type_, name, timeout=_RESOLVE_MS)
        if info is None:
            return
        kiosk_id = (info.properties.get(b"kiosk_id") or b"").decode("utf-8", "replace")
        hosts = info.parsed_addresses(IPVersion.V4Only)
        if not is_safe_id(kiosk_id) or not hosts or not info.port:
            return
        networks = local_networks()
        near = [h for h in hosts if any(ipaddress.ip_address(h) in n.network for n in networks)]
        ordered = [f"{host}:{info.port}" for host in dict.fromkeys([*near, *hosts])]
        with self._lock:
            self._by_name[name] = (kiosk_id, ordered)
            self._lock.notify_all()

    def _forget(self, name: str) -> None:
        with self._lock:
            self._by_name.pop(name, None)


class KioskLocator:
    """For one sync: where each kiosk announces itself now, asked of the network once.

    The browse starts with the first question and lasts until every kiosk in
    ``kiosk_ids`` answered or ``seconds`` passed; later questions are answered from it.
    """

    def __init__(
        self, kiosk_ids: Iterable[str], *, seconds: float = 2.0, interfaces: Sequence[str] | None = None
    ) -> None:
        self._ids = list(kiosk_ids)
        self._seconds = seconds
        self._kiosks = AnnouncedKiosks(interfaces)
        self._done = False

    def __call__(self, kiosk_id: str) -> list[str]:
        if not self._done:
            self._done = True
            if self._kiosks.start():
                self._kiosks.wait_for(self._ids, self._seconds)
            self._kiosks.stop()
        return self._kiosks.addresses(kiosk_id)
