"""Finding kiosks on the classroom network with zeroconf (mDNS / DNS-SD).

The kiosk advertises ``_choicekiosk._tcp`` with its id; the laptop's ``pair``
browses for a few seconds. Where the school network blocks multicast, ``pair
--address HOST:PORT`` needs no discovery. ``interfaces`` limits both to given
addresses (tests use 127.0.0.1 only).
"""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import dataclass
from typing import Any, Sequence

from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, ServiceInfo, Zeroconf

__all__ = ["SERVICE_TYPE", "FoundKiosk", "KioskAdvertiser", "find_kiosks"]

SERVICE_TYPE = "_choicekiosk._tcp.local."
log = logging.getLogger(__name__)


def _zeroconf(interfaces: Sequence[str] | None) -> Zeroconf:
    return Zeroconf(interfaces=list(interfaces) if interfaces else InterfaceChoice.All, ip_version=IPVersion.V4Only)


@dataclass(frozen=True)
class FoundKiosk:
    name: str
    kiosk_id: str
    address: str


class KioskAdvertiser:
    """Announces this kiosk's sync service while the kiosk runs."""

    def __init__(self, kiosk_id: str, name: str, port: int, interfaces: Sequence[str] | None = None) -> None:
        self._interfaces = interfaces
        addresses = [socket.inet_aton(a) for a in interfaces] if interfaces else None
        label = f"{name[:40]} {kiosk_id[:6]}"
        self._info = ServiceInfo(
            SERVICE_TYPE,
            f"{label}.{SERVICE_TYPE}",
            port=port,
            properties={"kiosk_id": kiosk_id, "name": name},
            addresses=addresses,
            server=f"choice-kiosk-{kiosk_id[:12]}.local.",
        )
        self._zc: Zeroconf | None = None

    def start(self) -> bool:
        """Advertise; False (logged) when the network does not allow it."""
        try:
            self._zc = _zeroconf(self._interfaces)
            self._zc.register_service(self._info)
            return True
        except OSError as error:
            log.warning("not advertising the kiosk on the network: %s", error)
            self.stop()
            return False

    def stop(self) -> None:
        if self._zc is not None:
            try:
                self._zc.unregister_service(self._info)
            except OSError:
                pass
            self._zc.close()
            self._zc = None


class _Collector:
    def __init__(self) -> None:
        self.names: list[str] = []

    def add_service(self, _zc: Any, _type: str, name: str) -> None:
        self.names.append(name)

    def update_service(self, _zc: Any, _type: str, _name: str) -> None:
        return None

    def remove_service(self, _zc: Any, _type: str, _name: str) -> None:
        return None


def find_kiosks(seconds: float = 3.0, interfaces: Sequence[str] | None = None) -> list[FoundKiosk]:
    """Kiosks that answer on the network within ``seconds``."""
    zc = _zeroconf(interfaces)
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
            found.append(
                FoundKiosk(props.get("name", name), props.get("kiosk_id", ""), f"{info.parsed_addresses()[0]}:{info.port}")
            )
        return found
    finally:
        zc.close()
