"""A sync that changes the class while the kiosk shows Welcome, Choose or teacher mode: the screen follows at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gui.harness import KioskDriver
from tests.gui.steps import center_card, child_tile, open_teacher_mode, pick_child


class Laptop:
    """A laptop folder paired with the running kiosk; each step opens it on a thread while the kiosk serves."""

    def __init__(self, kiosk: KioskDriver, folder: Path) -> None:
        from kiosk.laptop.sync import pair_with_kiosk

        self.kiosk = kiosk
        self.folder = folder
        address = f"127.0.0.1:{kiosk.app.sync_server.address[1]}"
        code = kiosk.app.sync_server.open_pairing().code
        self.kiosk_id = self._run(lambda store: pair_with_kiosk(store, address, code)).kiosk_id
        self.sync()

    def _run(self, work: Any) -> Any:
        from kiosk.laptop.store import LaptopStore

        def step() -> Any:
            with LaptopStore(self.folder) as store:
                return work(store)

        return self.kiosk.beside(step)

    def sync(self) -> Any:
        from kiosk.laptop.sync import sync_kiosk

        receipt = self._run(lambda store: sync_kiosk(store, self.kiosk_id))
        self.kiosk.pump(0.2)  # the kiosk's screen updates on its own clock, no touch needed
        return receipt

    def edit(self, kind: str, record: dict[str, Any]) -> None:
        self._run(lambda store: store.setup.edit(kind, record))

    def edit_center(self, name: str, **changes: Any) -> None:
        def work(store: Any) -> None:
            record = next(r for r in store.setup.records("centers") if r.get("name") == name)
            store.setup.edit("centers", {**record, **changes})

        self._run(work)


def _shown(find: Any) -> Any:
    """The widget ``find()`` finds, or None when the screen has none."""
    try:
        return find()
    except AssertionError:
        return None


def _glance(kiosk: KioskDriver, name: str) -> Any:
    from screens.pi.welcome import CenterGlance

    return _shown(lambda: kiosk.find(kiosk.current(), lambda w: isinstance(w, CenterGlance) and w.name == name))


def test_welcome_shows_a_new_child_and_new_seats_after_a_sync(kiosk: KioskDriver, tmp_path: Path, shots: Path) -> None:
    laptop = Laptop(kiosk, tmp_path / "laptop")
    assert kiosk.screen == "welcome" and _glance(kiosk, "Blocks").seats == 4
    laptop.edit("children", {"id": "zoe", "first_name": "Zoe", "picture": "avatars/fox.png", "badges": []})
    laptop.edit_center("Blocks", seats=2)
    laptop.edit_center("Library", open_today=False)
    laptop.sync()
    assert kiosk.screen == "welcome"
    assert _shown(lambda: child_tile(kiosk, "Zoe")) is not None
    assert _glance(kiosk, "Blocks").seats == 2
    assert _glance(kiosk, "Library") is None
    kiosk.screenshot("welcome-after-sync", shots)


def test_choose_follows_a_sync_and_a_closed_centers_panel_closes(kiosk: KioskDriver, tmp_path: Path, shots: Path) -> None:
    laptop = Laptop(kiosk, tmp_path / "laptop")
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "choose"
    kiosk.tap(center_card(kiosk, "Blocks"))
    assert kiosk.current().confirming
    laptop.edit_center("Art", seats=7)
    laptop.edit_center("Blocks", open_today=False)
    laptop.sync()
    assert kiosk.screen == "choose"
    assert not kiosk.current().confirming, "the panel of a center closed meanwhile is not left open"
    assert _shown(lambda: center_card(kiosk, "Blocks")) is None and center_card(kiosk, "Art").seats == 7
    kiosk.screenshot("choose-after-sync", shots)


def test_teacher_centers_tab_follows_a_sync_and_plus_applies_to_the_new_value(kiosk: KioskDriver, tmp_path: Path, shots: Path) -> None:
    laptop = Laptop(kiosk, tmp_path / "laptop")
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_centers)
    laptop.edit_center("Blocks", seats=6)
    laptop.sync()

    def row(name: str) -> Any:
        from screens.pi.teacher import CenterRow

        return kiosk.find(teacher, lambda w: isinstance(w, CenterRow) and w.name == name)

    assert row("Blocks").seats == 6
    plus = kiosk.find(row("Blocks"), lambda w: getattr(w, "text", None) == "+")
    kiosk.tap(plus)
    assert kiosk.services.service.center("blocks").seats == 7
    kiosk.screenshot("teacher-centers-after-sync", shots)
