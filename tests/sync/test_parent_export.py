"""A parent's export is the whole record: every entry kind, the class list entry, the photo, a README."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from kiosk.laptop.parent_export import earlier_exports, export_whole_record
from kiosk.laptop.store import LaptopStore
from tests.sync.events import typed
from tests.sync.test_photos import tiny_png

from .events import event


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_every_entry_the_record_the_photo_and_a_readme(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        chose = {**event("kA", 1, wall="2026-03-02T09:00:00-05:00", child="ann", center="lego")}
        undone = {**event("kA", 2, wall="2026-03-02T09:01:00-05:00", child="ann", center="lego"),
                  "kind": "undone", "ref": chose["id"], "method": "teacher"}
        left = {**event("kA", 3, wall="2026-03-02T09:30:00-05:00", child="ann"), "kind": "left", "center_id": None}
        other = event("kA", 4, wall="2026-03-02T09:31:00-05:00", child="ben", center="lego")
        store.exchange.take_events("kA", typed([chose, undone, left, other]), 4)
        name, digest = store.photos.save("ann", tiny_png())
        store.setup.edit("children", {"id": "ann", "first_name": "Ann", "picture": name, "photo_sha256": digest,
                                       "badges": ["00ab12"]})
        store.setup.edit("centers", {"id": "lego", "name": "Lego Stories", "seats": 4})
        paths = export_whole_record(store, tmp_path / "out", "ann", date(2026, 3, 3))
    out = tmp_path / "out"
    entries = _rows(out / "Ann-every-entry.csv")
    assert [r["what"] for r in entries] == ["chose", "undo by the teacher", "left the center"]
    assert entries[0]["center"] == "Lego Stories" and entries[1]["refers_to"] == chose["id"]
    assert "00ab12" in (out / "Ann-record.txt").read_text(encoding="utf-8")
    assert (out / "Ann-photo.png").read_bytes() == tiny_png()
    readme = (out / "Ann-README.txt").read_text(encoding="utf-8")
    assert "Ann-every-entry.csv" in readme and "Ann-photo.png" in readme and "switch" in readme
    assert all("ben" not in p.read_text(encoding="utf-8-sig", errors="ignore") for p in paths if p.suffix != ".png")
    assert earlier_exports(out, "Ann", "ann") == sorted(p for p in paths)
    assert earlier_exports(out, "Ben", "ben") == [] and earlier_exports(tmp_path / "none", "Ann", "ann") == []


def test_a_spanish_class_gives_the_family_its_copy_in_spanish(tmp_path: Path) -> None:
    """A family who does not read English: the README, the record's lead, headers, kinds and report in Spanish."""
    with LaptopStore(tmp_path / "laptop") as store:
        store.setup.edit("settings", {"id": "class", "language": "es"})
        chose = event("kA", 1, wall="2026-03-02T09:00:00-05:00", child="ann", center="lego")
        store.exchange.take_events("kA", typed([chose]), 1)
        store.setup.edit("children", {"id": "ann", "first_name": "Ann", "picture": "avatars/fox.png"})
        store.setup.edit("centers", {"id": "lego", "name": "Lego Stories", "seats": 4})
        export_whole_record(store, tmp_path / "out", "ann", date(2026, 3, 3))
    out = tmp_path / "out"
    readme = (out / "Ann-README.txt").read_text(encoding="utf-8")
    assert readme.startswith("Lo que el quiosco de elección de la clase guarda sobre Ann")
    assert "el 3 de marzo de 2026:" in readme and "Ann-every-entry.csv" in readme and "What the" not in readme
    assert [r["qué"] for r in _rows(out / "Ann-every-entry.csv")] == ["eligió"]
    assert list(_rows(out / "Ann-choices.csv")[0])[:3] == ["fecha", "hora", "niño"]
    assert (out / "Ann-record.txt").read_text(encoding="utf-8").startswith("La entrada de este niño")
    assert '<html lang="es">' in (out / "Ann-report.html").read_text(encoding="utf-8")
