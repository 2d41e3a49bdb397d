"""Where a kiosk keeps its badge secrets, moved out of the setup by earlier versions.

Only the kiosk has this duty: its setup once held the secrets, and they must reach the
owner-only file (fsynced) before the setup forgets them.
"""

from __future__ import annotations

from kiosk.pi.storage import ServiceStorage
from kiosk.shared.badge_secrets import FILE_NAME, BadgeSecretsFile

__all__ = ["kiosk_badge_secrets"]


def kiosk_badge_secrets(storage: ServiceStorage) -> BadgeSecretsFile:
    """A kiosk's secrets file, with any secrets still in its setup moved into it (storage thread)."""
    config = storage.config
    secrets = BadgeSecretsFile(config.path.parent / "sync" / FILE_NAME)
    own, learnt = config.get_meta("badge_secret"), config.get_meta("badge_secrets")
    if own is not None or learnt is not None:
        secrets.take_from(own, learnt)  # written (fsynced) before the setup forgets them
        with config.batch():
            config.put_meta("badge_secret", None)
            config.put_meta("badge_secrets", None)
    return secrets
