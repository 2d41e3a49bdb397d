"""Words for the teacher about an edit that lost to a later one (kiosk/shared/sync/config_merge.py ``lost_edits``).

Two people can change the same center on the laptop and at a kiosk before they
sync. The later edit is kept; the teacher is told what the other one was, so an
overridden change is never silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.shared.sync.config_merge import LAPTOP

__all__ = ["describe_lost_edits"]

_WHAT = {"centers": "{name}", "children": "{name}'s card", "settings": "the class settings"}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "none"
    return "nothing" if value in (None, "") else str(value)


def _fields(values: Mapping[str, Any]) -> str:
    return "; ".join(f"{name.replace('_', ' ')} {_value(value)}" for name, value in values.items())


def _describe_lost_edit(lost: Mapping[str, Any], kiosk_name: str) -> str:
    """One sentence: who changed what, and whose later edit was kept (``lost`` as the kiosk reports it)."""
    what = _WHAT.get(str(lost.get("kind")), "{name}").format(name=str(lost.get("name") or lost.get("record_id")))
    kept, lost_fields = _fields(lost.get("kept") or {}), _fields(lost.get("lost") or {})
    if lost.get("kept_by") == LAPTOP:
        return f"{kiosk_name} had changed {what} ({lost_fields}); your later edit on this laptop ({kept}) was kept."
    if lost.get("lost_by") == LAPTOP:
        return (
            f"Your edit of {what} on this laptop ({lost_fields}) was replaced by a later edit on {kiosk_name} ({kept})."
        )
    return f"Two kiosks changed {what}: the later edit ({kept}) was kept, the other ({lost_fields}) was not."


def describe_lost_edits(reported: Any, kiosk_name: str) -> list[str]:
    """The kiosk's ``lost_edits`` answer in words; anything unreadable in it is left out."""
    if not isinstance(reported, list):
        return []
    return [_describe_lost_edit(item, kiosk_name) for item in reported
            if isinstance(item, dict) and isinstance(item.get("kept"), dict) and isinstance(item.get("lost"), dict)]
