"""Badges at the kiosk: whose badge was scanned, giving one to a child or a teacher, taking them away.

A raw badge number goes no further than here: it becomes keyed hashes under the class's
secrets (kiosk/shared/badges.py) and only those are stored or compared.
"""

from __future__ import annotations

from kiosk.pi.class_setup import ClassSetup
from kiosk.shared.badge_secrets import BadgeSecretsFile
from kiosk.shared.badges import BadgeBook, BadgeOwner, collapse, enrol_problem, owner_of
from kiosk.shared.domain import replace
from kiosk.shared.files.errors import StorageError

__all__ = ["BadgeDesk"]


class BadgeDesk:
    """The kiosk's badges over the class setup (storage thread only)."""

    def __init__(self, setup: ClassSetup, badge_secret: str, secrets_file: BadgeSecretsFile) -> None:
        self._setup = setup
        self._book = BadgeBook(badge_secret)
        self._secrets_file = secrets_file
        self.learn()

    def learn(self) -> None:
        """Know the secrets of every kiosk of the class (new ones arrive with a sync)."""
        self._book.learn(self._secrets_file.known())

    def _keys(self, raw: str) -> list[str]:
        return self._book.keys(raw)

    def owner(self, raw: str) -> BadgeOwner:
        """Who a scanned badge belongs to.

        A scan is the one moment the kiosk can tell that several stored keys are one
        badge (enrolled on two kiosks before they synced, or stored in the older form):
        they are collapsed to the key under the class secret, so the badge counts once.
        """
        keys = self._keys(raw)
        setup = self._setup
        owner = owner_of(keys, setup.children.values(), setup.settings.teacher_badges)
        if owner.child is not None:
            badges, revoked = collapse(owner.child.badges, keys, keys[0])
            if revoked:
                child = replace(owner.child, badges=badges)
                try:
                    setup.put_child(child, revoked=revoked)
                except StorageError:
                    return owner  # the badge still works; the next scan collapses it
                owner = BadgeOwner(child=child)
        return owner

    def _problem(self, raw: str, child_id: str) -> str | None:
        setup = self._setup
        return enrol_problem(self._keys(raw), child_id, setup.children.values(), setup.settings.teacher_badges)

    def enrol(self, child_id: str, raw: str) -> str | None:
        """Give a scanned badge to a child; returns why not, or None when done.

        A badge already known under another kiosk's secret is refused like any known
        badge (it would otherwise count twice); a new one is stored under the class secret.
        """
        problem = self._problem(raw, child_id)
        if problem:
            return problem
        child = self._setup.children[child_id]
        self._setup.put_child(replace(child, badges=(*child.badges, self._keys(raw)[0])))
        return None

    def remove(self, child_id: str) -> int:
        """Take every badge away from a child (a lost card); returns how many.

        The keys are listed as revoked, so a sync with a laptop or kiosk that still
        has them cannot bring the lost card back.
        """
        child = self._setup.children[child_id]
        self._setup.put_child(replace(child, badges=()), revoked=child.badges)
        return len(child.badges)

    def enrol_teacher(self, raw: str) -> str | None:
        """Give a scanned badge to the teacher (it opens teacher mode); returns why not, or None."""
        problem = self._problem(raw, "")
        if problem:
            return problem
        settings = self._setup.settings
        self._setup.put_settings(replace(settings, teacher_badges=(*settings.teacher_badges, self._keys(raw)[0])))
        return None
