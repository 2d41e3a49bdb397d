"""Children's photos: checked once on the laptop, carried to each kiosk, deleted with the child.

A photo is personal data, so it travels only to paired kiosks (over the pinned
TLS of a sync), is stored owner-only under ``photos/<child id>.png|jpg`` on both
sides, and is named in the child's record together with its SHA-256, which is how
a kiosk knows a photo it is sent is the one the teacher chose. A request body is
at most 64 KiB, so photos are small (``MAX_PHOTO``): a kiosk shows them at about
120 pixels.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kiosk.shared.files.durable_io import FileOps, atomic_write, fsync_dir, make_private_dir
from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import N_

__all__ = [
    "MAX_PHOTO",
    "PhotoError",
    "check_photo",
    "photo_name",
    "photo_of",
    "photos_held",
    "read_photo_file",
    "remove_photos",
    "sha256_hex",
    "write_photo",
]

MAX_PHOTO = 40 * 1024
_NAME = re.compile(r"photos/([A-Za-z0-9_-]{1,64})\.(png|jpg)")
_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


class PhotoError(KioskError, ValueError):
    """A photo that cannot be used; the message says what to do."""

    code = "photo_unusable"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _too_big(size: int) -> PhotoError:
    return PhotoError(
        f"This photo is {size // 1024} KB; the kiosk takes photos up to {MAX_PHOTO // 1024} KB. "
        "Save a small copy (about 200 × 200 pixels) and pick that one."
    )


def check_photo(data: bytes) -> str:
    """The photo's kind (``png`` or ``jpg``), or a PhotoError the teacher can act on."""
    if len(data) > MAX_PHOTO:
        raise _too_big(len(data))
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    raise PhotoError("This file is not a PNG or JPEG picture; pick a photo saved as .png or .jpg.")


def photo_name(child_id: str, kind: str) -> str:
    """Where a child's photo lives, relative to the data folder (``photos/<id>.<kind>``)."""
    name = f"photos/{child_id}.{kind}"
    if not _NAME.fullmatch(name):
        raise PhotoError(f"a child id {child_id!r} cannot name a photo file")
    return name


def photo_of(name: object) -> tuple[str, str] | None:
    """(child id, kind) of a photo name, or None for anything else (a path that tries to escape)."""
    match = _NAME.fullmatch(name) if isinstance(name, str) else None
    return (match.group(1), match.group(2)) if match else None


def read_photo_file(path: Path) -> bytes:
    """The bytes of a photo the teacher picked, checked; PhotoError with a reason if not usable."""
    try:
        size = path.stat().st_size
    except OSError:
        raise PhotoError(f"There is no file at {path}.") from None
    if size > MAX_PHOTO:
        raise _too_big(size)
    data = path.read_bytes()
    check_photo(data)
    return data


def write_photo(directory: Path, name: str, data: bytes, ops: FileOps | None = None) -> Path:
    """Save a checked photo under ``directory/name`` atomically, owner-only."""
    if photo_of(name) is None:
        raise PhotoError(f"{name!r} is not a photo name")
    check_photo(data)
    ops = ops or FileOps()
    target = directory / name
    make_private_dir(ops, target.parent)
    atomic_write(ops, target, data, N_("a child's photo"))
    fsync_dir(ops, target.parent)
    return target


def remove_photos(directory: Path, child_id: str) -> int:
    """Delete a child's photos (a deleted child's data goes everywhere); returns how many."""
    removed = 0
    for kind in ("png", "jpg"):
        path = directory / f"photos/{child_id}.{kind}"
        if photo_of(f"photos/{child_id}.{kind}") and path.exists():
            path.unlink()
            removed += 1
    return removed


def photos_held(directory: Path) -> dict[str, str]:
    """Photo name → SHA-256 of every photo saved under ``directory/photos``."""
    folder = directory / "photos"
    if not folder.is_dir():
        return {}
    return {f"photos/{p.name}": sha256_hex(p.read_bytes()) for p in sorted(folder.iterdir())
            if photo_of(f"photos/{p.name}") is not None}
