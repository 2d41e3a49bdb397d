"""Finding kiosks on the classroom network with zeroconf (mDNS / DNS-SD).

The kiosk advertises ``_choicekiosk._tcp`` with its id; the laptop's ``pair``
browses for a few seconds. Where the school network blocks multicast, ``pair
--address HOST:PORT`` needs no discovery. ``interfaces`` limits both to given
addresses (tests use 127.0.0.1 only).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ifaddr
from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, ServiceInfo, ServiceListener, Zeroconf

from kiosk.shared.text.i18n import Sentence

__all__ = [
    "SERVICE_TYPE", "FoundKiosk", "KioskAdvertiser", "SeveralKiosksError", "find_kiosks", "local_networks",
    "make_zeroconf", "nearest",
]

SERVICE_TYPE = "_choicekiosk._tcp.local."
log = logging.getLogger(__name__)


def make_zeroconf(interfaces: Sequence[str] | None) -> Zeroconf:
    return Zeroconf(interfaces=list(interfaces) if interfaces else InterfaceChoice.All, ip_version=IPVersion.V4Only)


@dataclass(frozen=True)
class FoundKiosk:
    name: str
    kiosk_id: str
    address: str


class SeveralKiosksError(ValueError):
    """Several kiosks answered where one was looked for: the teacher picks the one showing the code (``found``)."""

    def __init__(self, found: Sequence[FoundKiosk]) -> None:
        super().__init__(Sentence("Several kiosks answered: pick the one showing the pairing code."))
        self.found = list(found)


def local_networks() -> list[ipaddress.IPv4Interface]:
    """This computer's IPv4 addresses with their networks, loopback and link-local left out."""
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue  # IPv6
            interface = ipaddress.IPv4Interface(f"{ip.ip}/{ip.network_prefix}")
            if not (interface.ip.is_loopback or interface.ip.is_link_local):
                found.append(interface)
    return sorted(set(found), key=str)


class KioskAdvertiser:
    """Announces this kiosk's sync service while the kiosk runs.

    Without ``interfaces`` it announces the address of every interface the kiosk has
    (an mDNS answer with no address is found but cannot be reached), and follows them:
    every ``follow_seconds`` it looks again and, when they changed (a hotspot joined
    later, a new DHCP lease), announces again on the new set.
    """

    def __init__(
        self, kiosk_id: str, name: str, port: int, interfaces: Sequence[str] | None = None, *,
        follow_seconds: float = 10.0, addresses: Callable[[], list[str]] | None = None,
    ) -> None:
        self._interfaces = interfaces
        self._kiosk_id, self._name, self._port = kiosk_id, name, port
        self._addresses = addresses or (lambda: [str(i.ip) for i in local_networks()])
        self._follow_seconds = follow_seconds
        self._zc: Zeroconf | None = None
        self._info: ServiceInfo | None = None
        self._announced: list[str] = []
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None

    def _service(self, addresses: list[str]) -> ServiceInfo:
        label = f"{self._name[:40]} {self._kiosk_id[:6]}"
        return ServiceInfo(
            SERVICE_TYPE,
            f"{label}.{SERVICE_TYPE}",
            port=self._port,
            properties={"kiosk_id": self._kiosk_id, "name": self._name},
            addresses=[socket.inet_aton(a) for a in addresses],
            server=f"choice-kiosk-{self._kiosk_id[:12]}.local.",
        )

    def _current(self) -> list[str]:
        return list(self._interfaces) if self._interfaces else self._addresses()

    @property
    def announced(self) -> list[str]:
        """The addresses announced now."""
        return list(self._announced)

    def start(self) -> bool:
        """Advertise; False (logged) when the network does not allow it."""
        ok = self._announce(self._current())
        if not self._interfaces and self._follower is None:
            self._follower = threading.Thread(target=self._follow, name="kiosk-advertiser", daemon=True)
            self._follower.start()
        return ok

    def _announce(self, addresses: list[str]) -> bool:
        self._withdraw()
        self._announced = addresses
        if not addresses:
            log.info("not advertising the kiosk yet: it has no network address")
            return False
        try:
            self._zc = make_zeroconf(self._interfaces or addresses)
            self._info = self._service(addresses)
            self._zc.register_service(self._info)
            log.info("advertising the kiosk at %s port %d", ", ".join(addresses), self._port)
            return True
        except OSError as error:
            log.warning("not advertising the kiosk on the network: %s", error)
            self._withdraw()
            return False

    def _follow(self) -> None:
        while not self._stop.wait(self._follow_seconds):
            addresses = self._current()
            if addresses != self._announced:
                self._announce(addresses)

    def _withdraw(self) -> None:
        zc, info, self._zc, self._info = self._zc, self._info, None, None
        if zc is not None:
            try:
                if info is not None:
                    zc.unregister_service(info)
            except OSError:
                pass
            zc.close()

    def stop(self) -> None:
        self._stop.set()
        if self._follower is not None:
            self._follower.join(timeout=5)
            self._follower = None
        self._withdraw()
        self._announced = []


class _Collector(ServiceListener):
    def __init__(self) -> None:
        self.names: list[str] = []

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.append(name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        return None

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        return None


def nearest(addresses: Sequence[str], networks: Sequence[ipaddress.IPv4Interface]) -> str:
    """Of a kiosk's addresses, one on a network this laptop is on (else the first)."""
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if any(ip in network.network for network in networks):
            return address
    return addresses[0]


def find_kiosks(seconds: float = 3.0, interfaces: Sequence[str] | None = None) -> list[FoundKiosk]:
    """Kiosks that answer on the network within ``seconds``."""
    zc = make_zeroconf(interfaces)
    try:
        collector = _Collector()
        browser = ServiceBrowser(zc, SERVICE_TYPE, collector)
        time.sleep(seconds)
        browser.cancel()
        found = []
        for name in dict.fromkeys(collector.names):
            info = zc.get_service_info(SERVICE_TYPE, name, timeout=2000)
            if info is None or not info.parsed_addresses():
                continue
            props = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
            address = nearest(info.parsed_addresses(), local_networks())
            found.append(FoundKiosk(props.get("name", name), props.get("kiosk_id", ""), f"{address}:{info.port}"))
        return found
    finally:
        zc.close()
