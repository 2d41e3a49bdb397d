"""The edit stamper of this kiosk's setup: stamps drawn from its clock, anchors and seen stamps.

The stamping rule (a hybrid logical clock) is shared with the laptop in
``kiosk.shared.sync.edit_stamps``; only where a kiosk keeps its anchors is its own.
"""

from __future__ import annotations

from kiosk.pi.storage.config_store import ConfigStore
from kiosk.shared.clock import Clock
from kiosk.shared.sync.edit_stamps import EditStamper

__all__ = ["kiosk_stamper"]


def kiosk_stamper(clock: Clock, config: ConfigStore) -> EditStamper:
    """The stamper of a kiosk's :class:`~kiosk.pi.storage.ConfigStore`: its id, its anchors, the stamps it holds."""
    return EditStamper(
        clock,
        lambda: str(config.get_meta("kiosk_id")),
        lambda: config.get_meta("sync_anchors", []) or [],
        config.stamps_seen,
    )
