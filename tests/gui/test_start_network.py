"""At power-on Welcome is drawn before the kiosk's network parts are even imported; they work after it.

The laptop's sync service, the announcement on the network and the watch on the class's
other kiosks (TLS and pairing, ``http.server``, zeroconf: about a third of a Pi-class
core's second to import) are built by the App on the frame after its first. Each test
runs in a process of its own (tests/gui/conftest.py), so ``sys.modules`` says what the
kiosk had loaded when its first frame was drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.gui.harness import AppDriver, make_services

NETWORK_MODULES = ("kiosk.pi.sync.server", "kiosk.shared.sync.discovery", "zeroconf", "cryptography", "spake2",
                   "http.server", "screens.pi.teacher")
LOOPBACK = ["127.0.0.1"]


class _Started(AppDriver):
    """The app as the kiosk starts it, with what it showed and held when its first frame was drawn."""

    def __init__(self, app: Any) -> None:
        from kivy.core.window import Window

        self.at_first_frame: dict[str, Any] = {}

        def first_frame(window: Any, *_args: Any) -> None:
            window.unbind(on_flip=first_frame)
            self.at_first_frame.update(
                screen=app.manager.current,
                sync_server=app.sync_server,
                settler=app.services.service.class_desk.settler,
                loaded=[name for name in NETWORK_MODULES if name in sys.modules],
            )

        Window.bind(on_flip=first_frame)
        self._start(app, (800, 480))


def _configured() -> None:
    from screens.pi.launch import configure_kivy

    configure_kivy((800, 480), fullscreen=False, kiosk=True)


def test_welcome_is_drawn_before_the_network_loads_and_a_laptop_syncs_after(tmp_path: Path) -> None:
    from kiosk.shared.domain import Method

    _configured()
    from screens.pi.launch import make_app

    services = make_services(tmp_path / "data")
    services.service.choose("c01", "blocks", Method.TAP)
    assert not [name for name in NETWORK_MODULES if name in sys.modules], "this test's process loaded them first"
    kiosk = _Started(make_app(services, sync_port=0, advertise=False, kiosk=True))
    try:
        assert kiosk.at_first_frame == {"screen": "welcome", "sync_server": None, "settler": None, "loaded": []}
        kiosk.wait_until(lambda: kiosk.app.sync_server is not None)
        assert kiosk.app.network.peer_watcher is not None, "the class's other kiosks are watched"
        assert services.service.class_desk.settler is not None, "a last seat is settled with them"
        from kiosk.laptop.store import LaptopStore
        from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk

        server = kiosk.app.sync_server
        code = server.open_pairing().code
        address = f"127.0.0.1:{server.address[1]}"

        def laptop() -> tuple[Any, list[Any]]:
            with LaptopStore(tmp_path / "laptop") as store:  # its writer is the thread that opens it
                paired = pair_with_kiosk(store, address, code, timeout=10)
                return sync_kiosk(store, paired.kiosk_id), store.choices.events()

        receipt, events = kiosk.beside(laptop)
        assert receipt.sent == 1 and receipt.agree and [e.child_id for e in events] == ["c01"]
    finally:
        kiosk.close()


def test_the_kiosk_announces_itself_after_its_first_frame(tmp_path: Path) -> None:
    _configured()
    from screens.pi.app import ChoiceKioskApp

    def network(app: Any) -> Any:
        from screens.pi.kiosk_network import build_kiosk_network

        return build_kiosk_network(services, 0, True, app.peer_answered, interfaces=LOOPBACK)

    services = make_services(tmp_path / "data")
    kiosk = _Started(ChoiceKioskApp(services, locked=True, network=network))
    app = kiosk.app
    assert kiosk.at_first_frame["sync_server"] is None and kiosk.at_first_frame["loaded"] == []
    from kiosk.shared.sync.announced import AnnouncedKiosks

    announced = AnnouncedKiosks(LOOPBACK)
    try:
        kiosk.wait_until(lambda: app.sync_server is not None)
        assert announced.start()
        kiosk_id = services.service.kiosk_id  # a new kiosk's own: other runs announcing on loopback differ
        kiosk.beside(lambda: announced.wait_for([kiosk_id], 10.0))
        assert announced.addresses(kiosk_id) == [f"127.0.0.1:{app.sync_server.address[1]}"]
    finally:
        announced.stop()
        kiosk.close()
