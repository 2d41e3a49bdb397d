"""The review window pairs with a real kiosk server, syncs it and imports its USB bundle (127.0.0.1, real TLS)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.shared.sync.usb_stick import save_to_stick
from tests.gui.review_harness import ReviewDriver
from tests.sync.net_helpers import start_kiosk


def test_pair_sync_and_import_from_the_window(tmp_path: Path, shots: Path) -> None:
    kiosk = start_kiosk(tmp_path / "kiosk")
    stick = tmp_path / "stick"
    stick.mkdir()
    review = ReviewDriver(tmp_path / "laptop", today=date(2026, 11, 25), sticks=lambda: [stick])
    try:
        names = ("Ava", "Ben", "Cleo", "Dev", "Esi", "Finn", "Gus")
        for n, name in enumerate(names):  # add_events spreads choices over children c0…c6
            kiosk.storage_thread(lambda n=n, name=name: kiosk.storage.config.put_child(
                {"id": f"c{n}", "first_name": name, "picture": "avatars/fox.png", "badges": []}))
        kiosk.add_events(120)
        review.press("Import from USB stick")
        review.wait_until(lambda: "no choices saved for this laptop" in review.app.status, timeout=30)

        review.press("Pair a kiosk")
        popup = review.app.root_window.children[0]
        popup.ids.code.text = "12"  # mistyped, no address: the code is questioned first
        review.press("Pair", popup)
        review.wait_until(lambda: "6 digits" in popup.message, timeout=30)
        popup.ids.code.text = "000000" if kiosk.server.open_pairing().code != "000000" else "111111"
        popup.ids.address.text = kiosk.address
        review.press("Pair", popup)
        review.wait_until(lambda: popup.message not in ("", "Pairing…"), timeout=30)
        assert "code" in popup.message.lower()  # a wrong code is refused with a reason; nothing paired
        popup.ids.code.text = kiosk.server.open_pairing().code
        review.press("Pair", popup)
        review.wait_until(lambda: review.app.status.startswith("Paired with Room kioskA"), timeout=30)
        review.wait_until(lambda: popup.parent is None, timeout=30)  # its closing animation takes the taps until then

        review.press("Sync now")
        review.wait_until(lambda: "kiosk sent 120 choices, laptop received 120" in review.app.status, timeout=60)
        review.wait_until(lambda: len(review.app.snapshot.choices) == 120, timeout=30)
        assert "Room kioskA – kiosk KIOS: last sync" in review.app.kiosks_text
        today = review.app.manager.get_screen("today")
        review.press("Today")
        assert len(today.ids.children.children) > 0
        review.screenshot("review-synced", shots)

        laptop_id = review.app.session.call(lambda store: store.laptop_id)
        laptops = kiosk.meta("sync_laptops")
        events = kiosk.storage_thread(lambda: list(kiosk.storage.events.since(0)))
        save_to_stick(stick, kiosk.kiosk_id, events, {laptop_id: laptops[laptop_id]})
        review.press("Import from USB stick")
        review.wait_until(lambda: review.app.status.startswith("Imported from Room kioskA"), timeout=30)
        assert "120 choices in the bundle, 0 new" in review.app.status

        kiosk.add_events(150)  # 121…270: the day file of 101…200 is now sealed; one of its lines is damaged
        sealed = kiosk.storage.events.directory / "0000000101-2026-11-25.journal"
        lines = sealed.read_bytes().split(b"\n")
        lines[50] = lines[50].replace(b'"child_id":"c', b'"child_id":"x', 1)
        sealed.write_bytes(b"\n".join(lines))
        review.press("Sync now")
        review.wait_until(lambda: "kiosk sent 150 choices, laptop received 150" in review.app.status, timeout=60)
        review.wait_until(lambda: len(review.app.snapshot.choices) == 269, timeout=30)
        assert "(1 damaged choice left out)" in review.app.kiosks_text
        review.screenshot("review-damaged-line", shots)
    finally:
        review.close()
        kiosk.stop()
