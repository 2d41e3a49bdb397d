"""Children's photos on the laptop: ``photos/<child id>.png|jpg``, owner-only.

A photo is checked (a PNG or JPEG of at most the size a kiosk takes) before it is
written; its name and SHA-256 go into the child's record, so a sync sends it to the
kiosks that lack that version (kiosk/shared/sync/photos.py has the rules and the files).
"""

from __future__ import annotations

from pathlib import Path

from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.sync.photos import check_photo, photo_name, photo_of, remove_photos, sha256_hex, write_photo

__all__ = ["ChildPhotos"]


class ChildPhotos:
    """The photos in the laptop's folder; written by the store's one writer thread."""

    def __init__(self, folder: Path, ops: FileOps, writer: SingleWriter) -> None:
        self._folder = folder
        self._ops = ops
        self._writer = writer

    def save(self, child_id: str, data: bytes) -> tuple[str, str]:
        """Keep a child's photo (checked, owner-only); returns its name and SHA-256 for the record."""
        self._writer.check("save a photo")
        name = photo_name(child_id, check_photo(data))
        remove_photos(self._folder, child_id)
        write_photo(self._folder, name, data, self._ops)
        return name, sha256_hex(data)

    def read(self, name: str) -> bytes | None:
        """A saved photo's bytes by its name in a child's record, or None."""
        path = self._folder / name
        return path.read_bytes() if photo_of(name) and path.is_file() else None

    def remove(self, child_id: str) -> None:
        """The child's photo goes (the child was deleted)."""
        remove_photos(self._folder, child_id)
