"""USB bundles: the choice log carried from a kiosk to the laptop on a stick.

A stick always works, even where the classroom has no network, but it can be
pulled out mid-write, copied, edited or brought from another classroom. So a
bundle is one file written atomically (temp file, fsync, rename, fsync of the
folder), and the laptop trusts it only after checking a MAC under the key the
kiosk and laptop share since pairing, a hash of the events and their count.
Anything else is refused with a message the teacher can act on, and nothing of a
refused bundle is merged. Format in docs/SYNC.md.

File ``choice-kiosk-<kiosk_id>-<first_seq>-<last_seq>.ckbundle``, UTF-8 JSON lines:
line 1 the manifest, then one event per line.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.errors import error_from_os
from kiosk.shared.sync.merge import EventFormatError, SeqConflict, event_key, merge_logs, seq_conflicts
from kiosk.shared.sync.stick_files import UnsafeStickPath, open_folder, read_file, safe_name, write_file
from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import N_

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_SUFFIX",
    "BUNDLE_VERSION",
    "MAX_BUNDLE_BYTES",
    "Bundle",
    "BundleError",
    "BundleTamperedError",
    "BundleTruncatedError",
    "ImportResult",
    "NotABundleError",
    "OtherLaptopBundleError",
    "UnpairedKioskError",
    "UnsafeBundlePathError",
    "bundle_mac",
    "bundle_path",
    "import_bundle",
    "read_bundle",
    "seal_bundle",
    "write_bundle",
]

BUNDLE_FORMAT = "choice-kiosk-bundle"
BUNDLE_VERSION = 1
BUNDLE_SUFFIX = ".ckbundle"
MAX_BUNDLE_BYTES = 256 * 1024 * 1024
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_MAC_PREFIX = "hmac-sha256:"


class BundleError(KioskError):
    """A bundle could not be written or was refused; ``str()`` is for the teacher."""

    code = "bundle_failed"


class NotABundleError(BundleError):
    code = "bundle_not_a_bundle"


class UnpairedKioskError(BundleError):
    code = "bundle_unpaired"


class BundleTamperedError(BundleError):
    code = "bundle_tampered"


class BundleTruncatedError(BundleError):
    code = "bundle_truncated"


class UnsafeBundlePathError(BundleError):
    code = "bundle_unsafe_path"


class OtherLaptopBundleError(BundleError):
    code = "bundle_other_laptop"


@dataclass(frozen=True)
class Bundle:
    """A verified bundle: whose it is, which seqs, and its events in seq order."""

    kiosk_id: str
    first_seq: int
    last_seq: int
    created: str
    events: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ImportResult:
    """The laptop's log after an import, how many events were new, and any conflicts."""

    events: list[dict[str, Any]]
    added: int
    conflicts: list[SeqConflict]


def _canonical(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def bundle_mac(manifest: Mapping[str, Any], key: bytes) -> str:
    """The MAC of a manifest: HMAC-SHA256 of its canonical JSON without ``mac``."""
    body = {name: value for name, value in manifest.items() if name != "mac"}
    return _MAC_PREFIX + hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def _check_kiosk_id(kiosk_id: object) -> None:
    if not isinstance(kiosk_id, str) or not _SAFE_ID.fullmatch(kiosk_id):
        raise UnsafeBundlePathError(
            f"The kiosk name {kiosk_id!r} cannot be used in a file name on the USB stick.",
        )


def bundle_path(folder: Path, name: str) -> Path:
    """The file ``name`` inside ``folder``, refusing any name that leads elsewhere."""
    try:
        return folder / safe_name(name)
    except UnsafeStickPath as exc:
        raise UnsafeBundlePathError(str(exc)) from None


def seal_bundle(
    kiosk_id: str, events: Iterable[Mapping[str, Any]], key: bytes, laptop_id: str = ""
) -> tuple[str, bytes]:
    """The file name and bytes of a bundle of ``events`` (all from ``kiosk_id``), sealed with ``key``.

    ``laptop_id`` names the laptop whose pairing key seals it, so another laptop can say
    so instead of calling the file changed.
    """
    _check_kiosk_id(kiosk_id)
    if not key:
        raise BundleError("This kiosk is not paired with a laptop yet; pair it before exporting.")
    ordered = sorted((dict(event) for event in events), key=event_key)
    if not ordered:
        raise BundleError("There are no choices to export yet.")
    if any(event["kiosk_id"] != kiosk_id for event in ordered):
        raise BundleError("Only this kiosk's own choices can be exported.")
    if seq_conflicts(ordered):
        raise BundleError("This kiosk's choices are numbered twice; please ask for help before exporting.")
    body = b"".join(_canonical(event) + b"\n" for event in ordered)
    manifest: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "kiosk_id": kiosk_id,
        "first_seq": ordered[0]["seq"],
        "last_seq": ordered[-1]["seq"],
        "count": len(ordered),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "events_sha256": hashlib.sha256(body).hexdigest(),
    }
    if laptop_id:
        manifest["laptop_id"] = laptop_id
    manifest["mac"] = bundle_mac(manifest, key)
    name = f"choice-kiosk-{kiosk_id}-{manifest['first_seq']:010d}-{manifest['last_seq']:010d}{BUNDLE_SUFFIX}"
    return name, _canonical(manifest) + b"\n" + body


def write_bundle(
    target_dir: Path,
    kiosk_id: str,
    events: Iterable[Mapping[str, Any]],
    key: bytes,
    laptop_id: str = "",
    ops: FileOps | None = None,
) -> Path:
    """Write a bundle of ``events`` (all from ``kiosk_id``) into ``target_dir``.

    The file appears complete or not at all, even if the stick is pulled out, and
    never through a link (kiosk/shared/sync/stick_files.py); ``ops`` does its writes.
    """
    name, data = seal_bundle(kiosk_id, events, key, laptop_id)
    folder = Path(target_dir)
    if not folder.is_dir():
        raise BundleError(f"The folder {folder} was not found; is the USB stick plugged in?")
    try:
        with open_folder(folder, [], create=False) as fd:
            write_file(fd, name, data, ops)
    except UnsafeStickPath as exc:
        raise UnsafeBundlePathError(str(exc)) from None
    except OSError as exc:
        storage = error_from_os(exc, N_("the USB bundle"))
        raise BundleError(
            f"The choices could not be written to the USB stick: {storage.message}", detail=storage.detail
        ) from exc
    return folder / name


def _tampered(name: str, why: str) -> BundleTamperedError:
    return BundleTamperedError(
        f"The file {name} was changed after the kiosk wrote it ({why}); nothing was imported. "
        "Export it again from the kiosk.",
        detail=why,
    )


def _read_manifest(name: str, head: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise NotABundleError(f"The file {name} is not a Choice Kiosk export; nothing was imported.")
    if manifest.get("version") != BUNDLE_VERSION:
        raise NotABundleError(
            f"The file {name} was made by a different version of Choice Kiosk; nothing was imported. "
            "Update the app on the laptop and the kiosk, then export again."
        )
    return manifest


def _for_another_laptop(path: Path, manifest: Mapping[str, Any], own_laptop_id: str) -> bool:
    """Whether a bundle names (or sits in the folder of) a laptop other than this one."""
    named = manifest.get("laptop_id")
    if isinstance(named, str) and named:
        return named != own_laptop_id
    folder = path.parent.name  # older kiosks wrote no laptop_id: choice-kiosk/<laptop id>/
    return bool(own_laptop_id) and path.parent.parent.name == "choice-kiosk" and folder != own_laptop_id


def read_bundle(path: Path, keys_by_kiosk: Mapping[str, bytes], own_laptop_id: str = "") -> Bundle:
    """Read and verify a bundle; every refusal is a :class:`BundleError`."""
    path = Path(path)
    name = path.name
    head, body = _split(name, _read_whole(path))
    manifest = _read_manifest(name, head)
    kiosk_id = manifest.get("kiosk_id")
    key = keys_by_kiosk.get(kiosk_id) if isinstance(kiosk_id, str) else None
    if not isinstance(kiosk_id, str) or not key:
        raise UnpairedKioskError(
            f"The file {name} comes from a kiosk this laptop is not paired with; nothing was imported. "
            "Pair that kiosk with this laptop first."
        )
    if not hmac.compare_digest(str(manifest.get("mac", "")), bundle_mac(manifest, key)):
        if _for_another_laptop(path, manifest, own_laptop_id):
            raise OtherLaptopBundleError(
                f"The file {name} was saved on the kiosk for another laptop (sealed with that laptop's key); "
                "nothing was imported. Import it on that laptop, or save to the stick again on the kiosk "
                "now that this laptop is paired with it."
            )
        raise _tampered(name, "its signature does not match")
    _check_body(name, body, manifest)
    events = _read_events(name, body, manifest)
    return Bundle(
        kiosk_id=kiosk_id,
        first_seq=manifest["first_seq"],
        last_seq=manifest["last_seq"],
        created=str(manifest.get("created", "")),
        events=tuple(events),
    )


def _read_whole(path: Path) -> bytes:
    """The bundle's bytes, read from the stick without following a link, at most ``MAX_BUNDLE_BYTES``."""
    try:
        data = read_file(path, MAX_BUNDLE_BYTES)
    except UnsafeStickPath as exc:
        raise UnsafeBundlePathError(f"{str(exc).rstrip('.')}; nothing was imported.") from None
    except OSError as exc:
        raise BundleError(
            f"The file {path.name} could not be read from the USB stick; nothing was imported.", detail=str(exc)
        ) from exc
    if len(data) > MAX_BUNDLE_BYTES:
        raise NotABundleError(
            f"The file {path.name} is far too large to be a Choice Kiosk export; nothing was imported."
        )
    return data


def _split(name: str, data: bytes) -> tuple[bytes, bytes]:
    """The manifest line and the choices' lines; a file with no line at all is cut short or not a bundle."""
    head, newline, body = data.partition(b"\n")
    if newline:
        return head, body
    if not data or data.startswith(b"{"):
        raise BundleTruncatedError(
            f"The file {name} is cut short (was the stick pulled out while writing?); "
            "nothing was imported. Export it again from the kiosk."
        )
    raise NotABundleError(f"The file {name} is not a Choice Kiosk export; nothing was imported.")


def _check_body(name: str, body: bytes, manifest: Mapping[str, Any]) -> None:
    """The choices' lines are the ones the signed manifest names: cut short, or changed, otherwise."""
    if hmac.compare_digest(hashlib.sha256(body).hexdigest(), str(manifest.get("events_sha256", ""))):
        return
    count = manifest.get("count")
    if isinstance(count, int) and (body.count(b"\n") < count or not body.endswith(b"\n")):
        raise BundleTruncatedError(
            f"The file {name} is cut short: it should hold {count} choices "
            "(was the stick pulled out while writing?); nothing was imported. "
            "Export it again from the kiosk."
        )
    raise _tampered(name, "its choices do not match its manifest")


def _read_events(name: str, body: bytes, manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for line in body.splitlines():
        try:
            event = json.loads(line.decode("utf-8"))
            ChoiceEvent.from_dict(event)
            event_key(event)
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, EventFormatError):
            raise _tampered(name, "a choice in it is not readable") from None
        if event["kiosk_id"] != manifest["kiosk_id"]:
            raise _tampered(name, "it holds choices of another kiosk")
        events.append(event)
    if not events or len(events) != manifest.get("count") or len({e["id"] for e in events}) != len(events):
        raise _tampered(name, "the number of choices does not match")
    seqs = [e["seq"] for e in events]
    if seqs != sorted(seqs) or (seqs[0], seqs[-1]) != (manifest.get("first_seq"), manifest.get("last_seq")):
        raise _tampered(name, "the choices' numbers do not match")
    return events


def import_bundle(
    path: Path, keys_by_kiosk: Mapping[str, bytes], existing: Iterable[Mapping[str, Any]], own_laptop_id: str = ""
) -> ImportResult:
    """Verify a bundle and merge it into ``existing`` with the usual union by id."""
    bundle = read_bundle(path, keys_by_kiosk, own_laptop_id)
    before = merge_logs(existing)
    merged = merge_logs(before, bundle.events)
    return ImportResult(events=merged, added=len(merged) - len(before), conflicts=seq_conflicts(merged))
