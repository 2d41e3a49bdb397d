"""The 800×480 design scales to 1280×800 and 1920×1080; touch targets stay ≥ 1 cm."""

from __future__ import annotations

import pytest

from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, child_tile, pick_child

PI_7_INCH_PX_PER_CM = 800 / 15.5


@pytest.mark.parametrize("size", [(800, 480), (1280, 800), (1920, 1080)])
def test_layout_scales_with_the_window(tmp_path, shots, size):
    kiosk = KioskDriver(make_services(tmp_path / "data"), size=size)
    assert tuple(kiosk.window.size) == size
    scale = min(size[0] / 800, size[1] / 480)
    assert kiosk.app.u == pytest.approx(scale)
    tile = child_tile(kiosk, "Ava")
    assert tile.width >= 1.0 * PI_7_INCH_PX_PER_CM * scale
    assert tile.height >= 1.0 * PI_7_INCH_PX_PER_CM * scale
    assert tile.top <= size[1] and tile.y >= 0
    kiosk.screenshot(f"welcome-{size[0]}x{size[1]}", shots)
    pick_child(kiosk, "Ava")
    card = center_card(kiosk, "Blocks")
    assert card.width / size[0] == pytest.approx(0.23, abs=0.03)
    assert card.height >= 2.5 * PI_7_INCH_PX_PER_CM * scale
    kiosk.screenshot(f"choose-{size[0]}x{size[1]}", shots)


def test_thirty_children_fit_one_800x480_screen(tmp_path):
    import json

    from kiosk.shared.assets import DEMO_CLASSROOM

    classroom = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
    extra = ["Ada", "Bo", "Cy", "Dee", "Eve", "Fin", "Gus", "Hal", "Ian", "Jo"]
    animals = ["whale", "octopus", "unicorn", "hedgehog", "elephant", "giraffe", "zebra", "hamster", "duck", "bee"]
    for i, (name, animal) in enumerate(zip(extra, animals)):
        classroom["children"].append({"id": f"x{i}", "first_name": name, "picture": f"avatars/{animal}.png"})
    path = tmp_path / "class30.json"
    path.write_text(json.dumps(classroom), encoding="utf-8")
    kiosk = KioskDriver(make_services(tmp_path / "data", path))
    from screens.pi.welcome import ChildTile

    tiles = [w for w in kiosk.current().walk() if isinstance(w, ChildTile)]
    assert len(tiles) == 30
    for tile in tiles:
        assert tile.y >= 0 and tile.top <= 480 and tile.x >= 0 and tile.right <= 800
        assert min(tile.width, tile.height) >= 1.0 * PI_7_INCH_PX_PER_CM
    kiosk.screenshot("welcome-30-children", tmp_path)
