"""The laptop's folder holds children's names, choices and photos: readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

from kiosk.laptop.demo import load_year
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.store import LaptopStore
from kiosk.shared.sync.clock_fix import ClockAnchor

from .test_photos import tiny_png


def test_every_file_and_folder_of_the_laptop_is_owner_only(tmp_path: Path) -> None:
    events, centers, children = generate_school_year(events=500)
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, events, centers, children)
        store.photos.save(children[0]["id"], tiny_png())
        store.purge_child(children[1]["id"])  # rewritten journals keep the mode too
    found = list((tmp_path / "laptop").rglob("*"))
    assert len(found) > 6
    for path in [tmp_path / "laptop", *found]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_a_second_program_on_the_same_laptop_folder_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    import pytest

    from kiosk.pi.storage import StorageError

    with LaptopStore(tmp_path / "laptop"), pytest.raises(StorageError, match="laptop's data is already open"):
        LaptopStore(tmp_path / "laptop")


def test_a_snapshot_after_a_class_edit_reuses_the_folded_choices(tmp_path: Path) -> None:
    from datetime import date

    from kiosk.laptop.actions import snapshot

    events, centers, children = generate_school_year(events=400)
    with LaptopStore(tmp_path / "laptop") as store:
        load_year(store, events, centers, children, retention_until="2099-07-31")
        first = snapshot(store, date(2025, 10, 1))
        store.setup.edit("children", {**children[0], "first_name": "Zed"})
        second = snapshot(store, date(2025, 10, 1), first)
        assert second.choices is first.choices and second.info.child_name(children[0]["id"]) == "Zed"
        store.purge_child(children[1]["id"])
        third = snapshot(store, date(2025, 10, 1), second)
        assert third.choices is not second.choices
        assert all(c.child_id != children[1]["id"] for c in third.choices) and len(third.choices) < len(second.choices)
        store.paired.add_anchor("kiosk-a", ClockAnchor("b", 1.0, "2025-10-01T09:00:00+00:00"))
        assert snapshot(store, date(2025, 10, 1), third).choices is not third.choices


def test_badge_secrets_move_out_of_laptop_json(tmp_path):
    from kiosk.laptop.store import LaptopStore

    secret = "ab" * 32
    with LaptopStore(tmp_path / "laptop") as store:
        store._meta.put("badge_secrets", [secret])  # as an earlier version kept them
    with LaptopStore(tmp_path / "laptop") as store:
        assert store.badge_secrets.known() == [secret]
    assert secret not in (tmp_path / "laptop" / "laptop.json").read_text(encoding="utf-8")
    assert secret in (tmp_path / "laptop" / "badge-secrets.json").read_text(encoding="utf-8")
