"""Saving the kiosk's choices to a USB stick, for classrooms with no network.

A stick is a mounted filesystem whose block device says it is removable
(``/sys/block/<disk>/removable``) — or any mount under /media or /run/media, where
desktop systems mount sticks. One bundle is written per paired laptop, sealed with
that laptop's pairing key, under ``choice-kiosk/<laptop id>/`` on the stick; each file
appears complete or not at all, so the stick is safe to unplug when this returns. A
link on the stick (a folder or the file itself) is never followed: the kiosk writes
on the stick or not at all (kiosk/shared/sync/stick_files.py).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kiosk.shared.errors import KioskError
from kiosk.shared.files.errors import error_from_os
from kiosk.shared.sync.bundle import seal_bundle
from kiosk.shared.sync.stick_files import UnsafeStickPath, open_folder, write_file
from kiosk.shared.text.i18n import N_, Sentence

__all__ = ["NoStickError", "StickRefusedError", "find_sticks", "save_to_stick"]

_DISK = re.compile(r"^/dev/((?:sd[a-z]+|mmcblk\d+|nvme\d+n\d+))")
_MOUNT_ROOTS = ("/media/", "/run/media/")


class NoStickError(KioskError):
    """Nothing to save to, or nobody to save for; the message says what to do."""

    code = "no_stick"


class StickRefusedError(NoStickError):
    """Something on the stick would lead the kiosk's write elsewhere (a link); nothing was written there."""

    code = "stick_refused"


def _unescape(field: str) -> str:
    """/proc/mounts writes spaces and tabs in paths as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def find_sticks(mounts: Path = Path("/proc/mounts"), sys_block: Path = Path("/sys/block")) -> list[Path]:
    """Mount points of removable drives, in the order the system lists them."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found: list[Path] = []
    for line in lines:
        fields = line.split()
        if len(fields) < 4 or "ro" in fields[3].split(","):
            continue
        device, mount_point = fields[0], _unescape(fields[1])
        disk = _DISK.match(device)
        removable = False
        if disk is not None:
            flag = sys_block / disk.group(1) / "removable"
            removable = flag.is_file() and flag.read_text().strip() == "1"
        if removable or mount_point.startswith(_MOUNT_ROOTS):
            found.append(Path(mount_point))
    return found


def save_to_stick(
    stick: Path, kiosk_id: str, events: Iterable[Mapping[str, Any]], laptops: Mapping[str, Mapping[str, Any]]
) -> list[Path]:
    """Write one sealed bundle of ``events`` per paired laptop; returns the files written."""
    if not laptops:
        raise NoStickError(Sentence("Pair a laptop first: the file on the stick is sealed with the pairing key."))
    listed = list(events)
    if not listed:
        raise NoStickError(Sentence("There are no choices to save yet."))
    written = []
    for laptop_id, laptop in laptops.items():
        name, data = seal_bundle(kiosk_id, listed, _key(laptop), laptop_id)
        try:
            with open_folder(stick, ["choice-kiosk", laptop_id], create=True) as folder:
                write_file(folder, name, data)
        except UnsafeStickPath as exc:
            raise StickRefusedError(Sentence("Nothing was saved: {reason}", reason=exc.args[0])) from None
        except OSError as exc:
            raise error_from_os(exc, N_("the file on the USB stick")) from exc
        written.append(stick / "choice-kiosk" / laptop_id / name)
    return written


def _key(laptop: Mapping[str, Any]) -> bytes:
    key = laptop["key"]
    return key if isinstance(key, bytes) else base64.b64decode(key)
