"""Saving the kiosk's choices to a USB stick, for classrooms with no network.

A stick is a mounted filesystem whose block device says it is removable
(``/sys/block/<disk>/removable``) — or any mount under /media or /run/media, where
desktop systems mount sticks. One bundle is written per paired laptop, sealed with
that laptop's pairing key, under ``choice-kiosk/<laptop id>/`` on the stick; each file
appears complete or not at all, so the stick is safe to unplug when this returns. A
link on the stick (a folder or the file itself) is never followed: the kiosk writes
on the stick or not at all (kiosk/shared/sync/stick_files.py), and a link refuses only
the bundles whose folder it is in. A stick that fills up is said to be full (the
stick's problem, not the kiosk's memory card).
"""

from __future__ import annotations

import base64
import errno
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.shared.sync.bundle import seal_bundle
from kiosk.shared.sync.laptop_name import names_told_apart
from kiosk.shared.sync.stick_files import UnsafeStickPath, open_folder, write_file
from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import Sentence

__all__ = ["NoStickError", "StickFullError", "StickRefusedError", "StickSave", "find_sticks", "save_to_stick"]

_DISK = re.compile(r"^/dev/((?:sd[a-z]+|mmcblk\d+|nvme\d+n\d+))")
_MOUNT_ROOTS = ("/media/", "/run/media/")
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class NoStickError(KioskError):
    """Nothing to save to, or nobody to save for; the message says what to do."""

    code = "no_stick"


class StickFullError(NoStickError):
    """The stick has no room left (or the user's quota on it is used up)."""

    code = "stick_full"


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


@dataclass(frozen=True)
class StickSave:
    """What one save to a stick did: the bundles written, and per laptop left out, why (a link it touches)."""

    written: list[Path]
    refused: list[tuple[str, str]] = field(default_factory=list)  # (laptop's name, reason for the teacher)


def save_to_stick(
    stick: Path, kiosk_id: str, events: Iterable[Mapping[str, Any]], laptops: Mapping[str, Mapping[str, Any]]
) -> StickSave:
    """Write one sealed bundle of ``events`` per paired laptop.

    A link on the stick refuses only the bundles whose folder it is in: one at
    ``choice-kiosk/<laptop id>`` leaves the other laptops' bundles saved (their names are
    in ``refused``); one at ``choice-kiosk`` touches them all, and nothing is saved
    (:class:`StickRefusedError`). A full stick is :class:`StickFullError`, saying for
    which laptops the bundles were saved before it filled up.
    """
    if not laptops:
        raise NoStickError(Sentence("Pair a laptop first: the file on the stick is sealed with the pairing key."))
    listed = list(events)
    if not listed:
        raise NoStickError(Sentence("There are no choices to save yet."))
    names = names_told_apart({laptop_id: str(laptop.get("name") or laptop_id) for laptop_id, laptop in laptops.items()})
    done = StickSave([])
    for laptop_id, laptop in laptops.items():
        name, data = seal_bundle(kiosk_id, listed, _key(laptop), laptop_id)
        try:
            with open_folder(stick, ["choice-kiosk", laptop_id], create=True) as folder:
                write_file(folder, name, data)
        except UnsafeStickPath as exc:
            done.refused.append((names[laptop_id], exc.args[0]))
            continue
        except OSError as exc:
            raise _write_failed(exc, done, names) from exc
        done.written.append(stick / "choice-kiosk" / laptop_id / name)
    if not done.written:
        raise StickRefusedError(Sentence("Nothing was saved: {reason}", reason=done.refused[0][1]))
    return done


def _write_failed(exc: OSError, done: StickSave, names: Mapping[str, str]) -> NoStickError:
    """A write to the stick failed: full, read-only or gone, said as the stick's problem (never the kiosk's card)."""
    saved = ", ".join(names[path.parent.name] for path in done.written)
    if exc.errno in _FULL:
        if saved:
            return StickFullError(Sentence(
                "The USB stick is full: the choices were saved for {saved} only. Free some space on the stick "
                "(or use another one) and save again.", saved=saved), detail=str(exc))
        return StickFullError(Sentence(
            "The USB stick is full, so nothing was saved. Free some space on the stick (or use another one) "
            "and try again."), detail=str(exc))
    if exc.errno == errno.EROFS:
        return NoStickError(Sentence(
            "The USB stick cannot be written to (it is read-only: check its lock switch), so nothing more was "
            "saved."), detail=str(exc))
    return NoStickError(Sentence(
        "Could not write to the USB stick ({error}). Was it pulled out? Plug it in again and save again.",
        error=exc.strerror or str(exc)), detail=str(exc))


def _key(laptop: Mapping[str, Any]) -> bytes:
    key = laptop["key"]
    return key if isinstance(key, bytes) else base64.b64decode(key)
