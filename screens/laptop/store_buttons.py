"""The top bar's store actions: sync, import from a USB stick, pairing, edits — each acts or says why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.laptop.actions import bundles_for, import_bundle_file, sync_all
from kiosk.laptop.session import LaptopSession
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import pair_with_kiosk, pairing_code
from kiosk.shared.text.i18n import N_, Translator
from screens.laptop.pair_popup import PairPopup

__all__ = ["StoreButtons"]


class StoreButtons:
    """Mixin of :class:`~screens.laptop.app.ReviewApp`: work on the store's thread, said in ``status``."""

    session: LaptopSession
    status: str
    busy: bool
    find_sticks: Callable[[], list[Path]]
    find_kiosk: Callable[[], str]
    tr: Callable[..., str]
    reload: Callable[..., None]
    fail: Callable[[Exception], None]
    translator: Callable[..., Translator]
    _busy_with = ""
    _sync_queued = False

    def _occupied(self, wanted: str) -> bool:
        """While a sync or import runs, a press says so (never nothing); a sync asked for then runs next."""
        if not self.busy:
            return False
        if wanted == "sync":
            self._sync_queued = True
            self.status = self.tr("{what} is still running: Sync now runs as soon as it ends.",
                                  what=self.tr(self._busy_with))
        else:
            self.status = self.tr("{what} is still running: press {button} again when it ends.",
                                  what=self.tr(self._busy_with), button=self.tr(wanted))
        return True

    def _occupy(self, what: str, status: str) -> None:
        self.busy, self._busy_with, self.status = True, what, status

    def _free(self) -> None:
        was_busy, self.busy = self.busy, False
        if was_busy and self._sync_queued:
            self._sync_queued = False
            self.sync_now()

    def change(self, work: Callable[[LaptopStore], Any], message: str) -> None:
        """Run an edit on the store's thread; say ``message`` and redraw when it is saved."""

        def done(_result: Any) -> None:
            self.status = message
            self.reload()

        self.session.run(work, done, self.fail)

    def sync_now(self) -> None:
        if self._occupied("sync"):
            return
        self._occupy(N_("A sync"), self.tr("Syncing…"))
        post = self.session.post

        def progress(name: str, done: int, total: int) -> None:
            line = self.tr("Syncing {name}: {done} of {total} choices", name=name, done=done, total=total)
            post(lambda: setattr(self, "status", line))

        def done(outcomes: list) -> None:
            tr = self.translator()
            lines = (
                o.receipt.line(tr) if o.receipt else f"{o.name}: {tr(o.error) if o.error else ''}" for o in outcomes
            )
            self.status = "\n".join(lines) or self.tr("No kiosk is paired yet: use Pair a kiosk.")
            self.reload()
            self._free()

        self.session.run(lambda store: sync_all(store, progress), done, self.fail)

    def import_from_stick(self) -> None:
        if self._occupied(N_("Import from USB stick")):
            return
        sticks = self.find_sticks()
        if not sticks:
            self.status = self.tr("No USB stick found. Plug in the stick the kiosk saved to, then try again.")
            return
        self._occupy(N_("An import from the USB stick"), self.tr("Importing from the USB stick…"))

        def work(store: LaptopStore) -> list[str]:
            found = bundles_for(store, sticks)
            if not found:
                return [self.tr("The stick has no choices saved for this laptop (looked in {sticks}).",
                                sticks=", ".join(map(str, sticks)))]
            return [self.tr(import_bundle_file(store, path)) for path in found]

        def done(lines: list[str]) -> None:
            self.status = "\n".join(lines)
            self.reload()
            self._free()

        self.session.run(work, done, self.fail)

    def pair_kiosk(self) -> None:
        PairPopup(review=self).open()

    def pair_with(
        self, address: str, code: str, done: Callable[[str], None], failed: Callable[[Exception], None]
    ) -> None:
        def work(store: LaptopStore) -> str:
            checked = pairing_code(code)  # a mistyped code is said before any network search
            found = address.strip() or self.find_kiosk()
            kiosk = pair_with_kiosk(store, found, checked)
            return self.tr("Paired with {name}. Press Sync now to bring its choices.", name=kiosk.name)

        def finished(message: str) -> None:
            self.status = message
            done(message)
            self.reload()

        self.session.run(work, finished, failed)
