"""Every error a teacher may read shares one base: a stable code, the message as printed, the detail apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.pi.classroom import ClassroomFileError
from kiosk.pi.storage import CorruptFileError, DiskFullError, StorageError
from kiosk.shared.sync.bundle import BundleError, BundleTamperedError
from kiosk.shared.sync.client import KioskRefusedError, KioskUnreachableError, SyncError
from kiosk.shared.sync.config_merge import ConfigFormatError
from kiosk.shared.sync.merge import EventFormatError
from kiosk.shared.sync.pairing import PairingError
from kiosk.shared.sync.photos import PhotoError
from kiosk.shared.sync.protocol import ProtocolError
from kiosk.shared.sync.stick_files import UnsafeStickPath
from kiosk.shared.sync.usb_stick import NoStickError, StickRefusedError
from kiosk.shared.text.errors import KioskError

EXAMPLES = [
    (StorageError("The card is tired.", detail="EIO"), "storage_failed", "The card is tired."),
    (DiskFullError("The card is full."), "disk_full", "The card is full."),
    (CorruptFileError(Path("/d/config.json"), "cut short"), "file_damaged", "The file config.json is damaged (cut short)."),
    (BundleError("No bundle."), "bundle_failed", "No bundle."),
    (BundleTamperedError("Changed on the way."), "bundle_tampered", "Changed on the way."),
    (SyncError("The sync stopped."), "sync_failed", "The sync stopped."),
    (KioskUnreachableError("No answer."), "kiosk_unreachable", "No answer."),
    (KioskRefusedError(403, "not_paired", "Pair first."), "not_paired", "Pair first."),
    (ProtocolError(400, "bad_request", "Not readable.", {"field": "seq"}), "bad_request", "Not readable."),
    (PairingError(403, "pairing_closed", "Closed."), "pairing_closed", "Closed."),
    (NoStickError("No stick."), "no_stick", "No stick."),
    (StickRefusedError("A link."), "stick_refused", "A link."),
    (UnsafeStickPath("Outside."), "stick_path_unsafe", "Outside."),
    (ClassroomFileError("No centers."), "classroom_file_invalid", "No centers."),
    (PhotoError("Not a photo."), "photo_unusable", "Not a photo."),
    (
        EventFormatError("it has no id"),
        "sync_event_invalid",
        "A choice received in a sync is not readable (it has no id); nothing was merged.",
    ),
    (
        ConfigFormatError("a record has no id"),
        "sync_config_invalid",
        "A setup record received in a sync is not readable (a record has no id); nothing was changed.",
    ),
]


@pytest.mark.parametrize(("error", "code", "message"), EXAMPLES, ids=lambda v: type(v).__name__ if isinstance(v, Exception) else None)
def test_each_family_is_a_kiosk_error_with_its_code_and_the_message_as_printed(
    error: KioskError, code: str, message: str
) -> None:
    assert isinstance(error, KioskError)
    assert (error.code, error.message, str(error), error.args[0]) == (code, message, message, message)


def test_value_errors_stay_value_errors_for_the_callers_that_catch_them() -> None:
    for error in (ClassroomFileError("x"), PhotoError("x"), EventFormatError("x"), ConfigFormatError("x")):
        assert isinstance(error, ValueError)


def test_the_detail_is_kept_apart_from_the_message_and_params_are_a_copy() -> None:
    params = {"reason": "cut short"}
    error = KioskError("The file is damaged.", code="file_damaged", detail="EIO: 5", params=params)
    params["reason"] = "changed"
    assert (str(error), error.code, error.detail, error.params) == (
        "The file is damaged.", "file_damaged", "EIO: 5", {"reason": "cut short"}
    )
    assert KioskError("x").code == "kiosk_failed" and StorageError("x").code == "storage_failed"


def test_a_refusal_keeps_its_http_status_and_details_beside_the_shared_fields() -> None:
    refused = ProtocolError(413, "too_large", "Too large.", {"limit": 10})
    assert (refused.status, refused.details, refused.params) == (413, {"limit": 10}, {"limit": 10})
    assert refused.to_dict() == {"error": "too_large", "message": "Too large.", "limit": 10}
