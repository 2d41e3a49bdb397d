"""The review window of a second laptop: it names itself at its first pairing, picks one of two kiosks found by
name, and when another laptop deletes a child it purges them at its sync and offers their earlier exports too
(real kiosk servers and real TLS on 127.0.0.1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk
from kiosk.shared.sync.discovery import FoundKiosk, SeveralKiosksError
from screens.laptop.pair_popup import PairPopup
from tests.gui.review_harness import ReviewDriver
from tests.sync.net_helpers import start_kiosk

ZED = {"id": "zed", "first_name": "Zed", "picture": "avatars/fox.png", "badges": []}


def test_a_second_laptop_names_itself_picks_a_kiosk_and_follows_a_deletion(tmp_path: Path, shots: Path) -> None:
    kiosk = start_kiosk(tmp_path / "kiosk-a", "kioskA")
    other = start_kiosk(tmp_path / "kiosk-b", "kioskB")
    kiosk.storage_thread(lambda: kiosk.storage.config.put_child(ZED))
    kiosk.add_events(21)  # children c0…c6
    kiosk.storage_thread(lambda: [kiosk.storage.events.append(
        {**e, "id": f"zed-{e['seq']}", "child_id": "zed"}) for e in _zed_choices(kiosk, 6)])
    found = [FoundKiosk("Room kioskB – kiosk KIOS", "kioskB", other.address),
             FoundKiosk("Room kioskA – kiosk KIOS", "kioskA", kiosk.address)]

    def several() -> str:
        raise SeveralKiosksError(found)

    first_laptop = LaptopStore(tmp_path / "laptop-1")
    first_laptop.me.rename("Ms Lee's laptop")
    pair_with_kiosk(first_laptop, kiosk.address, kiosk.server.open_pairing().code, timeout=5)
    sync_kiosk(first_laptop, "kioskA", timeout=5)
    review = ReviewDriver(tmp_path / "laptop-2", today=date(2026, 11, 25), find_kiosk=several)
    try:
        review.press("Pair a kiosk")
        review.wait_until(lambda: isinstance(review.app.root_window.children[0], PairPopup), timeout=30)
        popup = review.app.root_window.children[0]
        review.wait_until(lambda: popup.asks_name and popup.ids.laptop_name.text, timeout=30)
        assert " on " in popup.ids.laptop_name.text, "the default: the computer's user on its host name"
        popup.ids.laptop_name.text = "   "
        popup.ids.code.text = kiosk.server.open_pairing().code
        review.press("Pair", popup)
        review.wait_until(lambda: popup.message == "A laptop's name cannot be empty.", timeout=30)
        popup.ids.laptop_name.text = "Library cart"
        review.press("Pair", popup)
        review.wait_until(lambda: len(popup.ids.choices.children) == 2, timeout=30)
        assert popup.message == "Several kiosks answered: pick the one showing the pairing code."
        review.screenshot("review-pair-several-kiosks", shots)
        review.tap(review.button("Room kioskA – kiosk KIOS (kioskA, " + kiosk.address + ")", popup), settle=0.05)
        review.wait_until(lambda: review.app.status.startswith("Paired with Room kioskA"), timeout=30)
        names = sorted(laptop["name"] for laptop in kiosk.meta("sync_laptops").values())
        assert names == ["Library cart", "Ms Lee's laptop"], "each laptop as it was named, told apart on the kiosk"
        review.wait_until(lambda: popup not in review.app.root_window.children, timeout=30)
        review.press("Pair a kiosk")
        review.wait_until(lambda: isinstance(review.app.root_window.children[0], PairPopup), timeout=30)
        again = review.app.root_window.children[0]
        review.pump(0.5)
        assert not again.asks_name, "the name is asked at the first pairing only"
        review.press("Cancel", again)

        review.press("Sync now")
        review.wait_until(lambda: "kiosk sent 27 choices" in review.app.status, timeout=60)
        exports = review.app.manager.get_screen("exports")
        review.press("Exports & privacy")
        review.wait_until(lambda: "Zed" in exports.ids.child.values, timeout=30)
        exports.ids.child.text = "Zed"
        review.press("Export everything about this child")
        review.wait_until(lambda: review.app.status.startswith("Everything held about Zed"), timeout=30)
        assert list((tmp_path / "exports").glob("Zed-*"))

        first_laptop.purge_child("zed")  # the teacher deletes Zed on the other laptop, which syncs
        sync_kiosk(first_laptop, "kioskA", timeout=5)
        review.press("Sync now")
        review.wait_until(lambda: "Deleted on another laptop" in review.app.status, timeout=60)
        assert "deleted here too with their choices and photo: Zed." in review.app.status
        review.wait_until(lambda: getattr(review.app.root_window.children[0], "title", "") == "Earlier exports of Zed",
                          timeout=30)
        offer = review.app.root_window.children[0]
        assert offer.text.startswith("Zed was deleted on another laptop, and here too at the last sync.")
        review.screenshot("review-deleted-on-another-laptop", shots)
        review.press("Delete these files", offer)
        review.wait_until(lambda: not list((tmp_path / "exports").glob("Zed-*")), timeout=30)
        review.wait_until(lambda: review.app.session.call(lambda s: s.deletion_offers.pending()) == [], timeout=30)
        assert all(c.child_id != "zed" for c in review.app.snapshot.choices)
        for choices in (tmp_path / "laptop-2" / "events").glob("*.choices"):
            assert b'"zed"' not in choices.read_bytes()
    finally:
        review.close()
        first_laptop.close()
        kiosk.stop()
        other.stop()


def _zed_choices(kiosk, count: int) -> list[dict]:
    from tests.sync.events import event

    start = kiosk.storage.events.last_seq()
    return [event("kioskA", seq, child="zed") for seq in range(start + 1, start + count + 1)]
