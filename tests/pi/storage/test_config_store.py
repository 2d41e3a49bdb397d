"""ConfigStore: centers, children, settings and meta with revs, saved atomically."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kiosk.pi.storage import ConfigStore
from kiosk.shared.domain import Center, Child, Settings
from tests.pi.storage.storage_helpers import FaultyOps

ART = Center("art", "Art", "paint and glue", "centers/art.png", "#ffb703", 4).to_dict()
BLOCKS = Center("blocks", "Blocks", "build together", "centers/blocks.png", "#8ecae6", 5).to_dict()
ZOE = Child("c1", "Zoë", "avatars/owl.png", ("0012345678",)).to_dict()


def store(tmp_path: Path, **kwargs) -> ConfigStore:
    return ConfigStore(tmp_path / "config.json", **kwargs)


def test_new_store_is_empty(tmp_path: Path) -> None:
    config = store(tmp_path)
    assert config.is_empty() and not config.was_reset and config.problems == []
    assert config.get_centers() == [] and config.get_children() == []
    assert config.get_settings() is None
    assert config.get_meta("kiosk_id", "none") == "none"


def test_records_round_trip_with_revs(tmp_path: Path) -> None:
    config = store(tmp_path)
    assert config.put_center(ART)["rev"] == 1
    config.put_center(BLOCKS)
    assert config.put_center({**ART, "seats": 6})["rev"] == 2
    config.put_child(ZOE)
    config.put_settings(Settings(language="fr").to_dict())
    config.put_meta("kiosk_id", "kiosk-1")
    config.close()

    again = store(tmp_path)
    assert again.get_centers() == [{**ART, "seats": 6, "rev": 2}, {**BLOCKS, "rev": 1}]
    assert Child.from_dict(again.get_children()[0]) == Child.from_dict(ZOE)
    settings = again.get_settings()
    assert settings is not None and Settings.from_dict(settings).language == "fr"
    assert settings["rev"] == 1 and "id" not in settings
    assert again.get_meta("kiosk_id") == "kiosk-1"
    assert not again.is_empty()


def test_put_replaces_the_whole_record(tmp_path: Path) -> None:
    config = store(tmp_path)
    config.put_center({"id": "art", "name": "Art", "old_field": 1})
    config.put_center({"id": "art", "name": "Art 2", "rev": 99})
    assert config.get_centers() == [{"id": "art", "name": "Art 2", "rev": 2}]


def test_remove(tmp_path: Path) -> None:
    config = store(tmp_path)
    config.put_center(ART)
    config.put_child(ZOE)
    assert config.remove_center("art") and not config.remove_center("art")
    assert config.remove_child("c1") and not config.remove_child("nobody")
    config.close()
    again = store(tmp_path)
    assert again.get_centers() == [] and again.get_children() == []
    assert again.synced_records("children") == [{"id": "c1", "deleted": True, "rev": 2}]
    assert b"owl.png" not in (tmp_path / "config.json").read_bytes()


def test_returned_records_are_copies(tmp_path: Path) -> None:
    config = store(tmp_path)
    config.put_child(ZOE)
    config.get_children()[0]["badges"].append("stolen")
    assert config.get_children()[0]["badges"] == ["0012345678"]


def test_seed_replaces_everything_in_one_atomic_save(tmp_path: Path, faulty: FaultyOps) -> None:
    config = store(tmp_path, ops=faulty)
    config.put_center(ART)
    replaces = faulty.calls["replace"]
    config.seed(
        centers=[ART, BLOCKS], children=[ZOE], settings={"language": "en"}, meta={"kiosk_id": "k1"}
    )
    assert faulty.calls["replace"] == replaces + 1
    assert [(c["id"], c["rev"]) for c in config.get_centers()] == [("art", 2), ("blocks", 1)]
    config.seed(centers=[BLOCKS])
    assert [c["id"] for c in store(tmp_path).get_centers()] == ["blocks"]
    assert config.get_children() == [] and config.get_settings() is None


BAD_RECORDS = {
    "not-a-dict": ["art"],
    "no-id": {"name": "Art"},
    "empty-id": {"id": " ", "name": "Art"},
    "id-not-text": {"id": 3},
    "nan": {"id": "art", "seats": math.nan},
    "not-json": {"id": "art", "when": object()},
    "lone-surrogate": {"id": "art", "name": "\ud800"},
}


@pytest.mark.parametrize("bad", list(BAD_RECORDS.values()), ids=list(BAD_RECORDS))
def test_bad_records_are_refused_and_write_nothing(tmp_path: Path, bad: object) -> None:
    config = store(tmp_path)
    config.put_center(ART)
    before = (tmp_path / "config.json").read_bytes()
    for action in (
        lambda: config.put_center(bad),  # type: ignore[arg-type]
        lambda: config.put_child(bad),  # type: ignore[arg-type]
        lambda: config.seed(centers=[ART, bad]),  # type: ignore[list-item]
    ):
        with pytest.raises(ValueError):
            action()
    assert (tmp_path / "config.json").read_bytes() == before


@pytest.mark.parametrize("key, value", [("", 1), (None, 1), ("k", math.inf), ("k", {1, 2})])
def test_bad_meta_is_refused(tmp_path: Path, key: object, value: object) -> None:
    config = store(tmp_path)
    with pytest.raises(ValueError):
        config.put_meta(key, value)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        config.put_settings({"x": math.nan})
    assert not (tmp_path / "config.json").exists()
