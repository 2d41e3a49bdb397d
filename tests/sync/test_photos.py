"""Children's photos: checked on the laptop, sent to paired kiosks over TLS, deleted with the child."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.sync.client import KioskRefusedError
from kiosk.shared.sync.photos import MAX_PHOTO, PhotoError, check_photo, photo_of, read_photo_file

from .net_helpers import Kiosk, pair


def tiny_png(shade: int = 200) -> bytes:
    """A real 2×2 grey PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\0" + bytes([shade]) * 2 for _ in range(2))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("name", ["photos/../x.png", "../photos/x.png", "photos/a/b.png", "photos/x.gif", "/photos/x.png", 7])
def test_a_photo_name_cannot_point_elsewhere(name) -> None:
    assert photo_of(name) is None
    assert photo_of("photos/ann.png") == ("ann", "png")


def test_bad_photo_files_are_explained(tmp_path: Path) -> None:
    assert check_photo(tiny_png()) == "png"
    with pytest.raises(PhotoError, match="not a PNG or JPEG"):
        check_photo(b"GIF89a....")
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\0" * MAX_PHOTO)
    with pytest.raises(PhotoError, match="up to 40 KB"):
        read_photo_file(big)
    with pytest.raises(PhotoError, match="There is no file"):
        read_photo_file(tmp_path / "missing.png")


def _with_photo(laptop: LaptopStore, data: bytes) -> None:
    ann = next(r for r in laptop.setup.records("children") if r["id"] == "ann")
    name, digest = laptop.photos.save("ann", data)
    laptop.setup.edit("children", {**ann, "picture": name, "photo_sha256": digest})


def test_a_photo_reaches_the_kiosk_and_goes_with_the_child(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    _with_photo(laptop, tiny_png())
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    on_kiosk = kiosk.storage.config.path.parent / "photos" / "ann.png"
    assert on_kiosk.read_bytes() == tiny_png() and oct(on_kiosk.stat().st_mode & 0o777) == "0o600"
    assert "photos" in receipt.setup_changed
    assert next(c for c in kiosk.children() if c["id"] == "ann")["picture"] == "photos/ann.png"
    assert "photos" not in sync_kiosk(laptop, "kioskA", timeout=5).setup_changed  # held: not sent again
    _with_photo(laptop, tiny_png(90))  # a new photo replaces the old one
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert on_kiosk.read_bytes() == tiny_png(90)
    laptop.purge_child("ann")
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert not on_kiosk.exists() and not (laptop.directory / "photos" / "ann.png").exists()


def test_a_photo_no_record_names_is_refused(kiosk: Kiosk, laptop: LaptopStore) -> None:
    from kiosk.shared.sync.client import KioskClient, Signer

    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    entry = laptop.paired.get("kioskA")
    client = KioskClient(entry["address"], laptop.identity, entry["fingerprint"], timeout=5)
    signer = Signer(laptop.laptop_id, base64.b64decode(entry["key"]), lambda: laptop.paired.next_counter("kioskA"))
    body = {"name": "photos/ann.png", "data": base64.b64encode(tiny_png()).decode()}
    with pytest.raises(KioskRefusedError, match="no child's record names the photo"):
        client.post("/sync/photo", body, signer)
    with pytest.raises(KioskRefusedError):
        client.post("/sync/photo", {**body, "name": "photos/../../config.png"}, signer)
    assert not (kiosk.storage.config.path.parent / "photos").exists()
