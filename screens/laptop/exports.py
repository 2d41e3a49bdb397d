"""Exports & privacy: CSV files and the printable report, a parent's request, deleting a child,
and the retention date.

Files are written on the store's thread (the window keeps drawing) into the export
folder, owner-only; the status line says where.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.dates import format_date
from kivy.properties import StringProperty

from kiosk.laptop.parent_export import COPIES_ELSEWHERE, earlier_exports, export_whole_record
from kiosk.laptop.retention import retention_day
from kiosk.laptop.review.privacy_export import export_class
from kiosk.laptop.review.worth_a_look import as_of
from kiosk.laptop.store import LaptopStore
from screens.laptop.base import ReviewScreen
from screens.laptop.confirm_popup import ConfirmPopup

__all__ = ["ExportsScreen"]


class ExportsScreen(ReviewScreen):
    child_id = StringProperty("")
    folder_text = StringProperty("")
    retention_text = StringProperty("")
    _offering = False  # a question about a child deleted on another laptop is open

    def prepare(self, **context: Any) -> None:
        if context.get("child_id"):
            self.child_id = str(context["child_id"])
        self.refresh()

    def draw_key(self) -> tuple | None:
        return (*self.common_key(), self.review.language, self.child_id)

    def draw(self) -> None:
        snap = self.review.snapshot
        tr = self.review.tr
        self.folder_text = tr("Files are saved in {folder}", folder=self.review.export_dir)
        if snap is None:
            return
        self.ids.ranges.show_range(self.review.rng)
        names = {snap.info.child_name(cid): cid for cid in snap.info.children}
        spinner = self.ids.child
        spinner.values = sorted(names, key=str.casefold)
        self._names = names
        if self.child_id in snap.info.children:
            spinner.text = snap.info.child_name(self.child_id)
        elif spinner.text not in names:
            spinner.text = tr("Pick a child")
        setting = str((snap.settings or {}).get("retention_until", ""))
        through = retention_day(setting, self.review.today())
        until = setting or tr("the end of the school year (31 July)")
        long_day = tr("d MMMM y")  # TRANSLATORS: a CLDR date pattern, e.g. "d 'de' MMMM 'de' y"
        deleted = tr("Choices up to {day} have been deleted.",
                     day=format_date(through, long_day, locale=self.review.language)) if through else ""
        self.retention_text = " ".join(part for part in (
            tr("Choices are kept until {day}; after that they are deleted on this laptop and, at their next sync, "
               "on the kiosks.", day=until),
            deleted,
            tr("Change the date in Class → Change the settings."),
        ) if part)

    def pick_child(self, name: str) -> None:
        self.child_id = getattr(self, "_names", {}).get(name, "")

    def export_class(self) -> None:
        """The range's files, with Worth a look's whole list as the tab shows it (so it needs every choice)."""
        snap, rng, folder = self.review.snapshot, self.review.rng, self.review.export_dir
        if snap is None:
            return
        waiting = self.still_reading()
        if waiting:
            self.review.status = waiting
            return
        choices, today = snap.index.between(rng), self.review.today()
        worth = (as_of(snap.choices, today), self.manager.get_screen("worth").observations())
        words = self.review.translator()
        self._write(lambda _store: export_class(folder, choices, snap.info, rng, words=words, worth=worth),
                    self.review.tr("Saved for the class"))

    def export_child(self) -> None:
        snap = self.review.snapshot
        if snap is None or self.child_id not in snap.info.children:
            self.review.status = self.review.tr("Pick a child first.")
            return
        folder, child_id, today = self.review.export_dir, self.child_id, self.review.today()
        name = snap.info.child_name(child_id)
        self._write(lambda store: export_whole_record(store, folder, child_id, today),
                    self.review.tr("Everything held about {name} (start with the README)", name=name))

    def _write(self, work: Any, what: str) -> None:
        def done(paths: list[Path]) -> None:
            listed = "".join(f"\n  {p}" for p in paths)  # a file a line: the bar wraps, a path does not
            self.review.status = self.review.tr("{what}: {files}", what=what, files=listed)

        self.review.session.run(work, done, self.review.fail)

    def ask_delete_child(self) -> None:
        snap = self.review.snapshot
        if snap is None or self.child_id not in snap.info.children:
            self.review.status = self.review.tr("Pick a child first.")
            return
        waiting = self.still_reading()  # the count of the child's choices needs them all
        if waiting:
            self.review.status = waiting
            return
        child_id = self.child_id
        name = snap.info.child_name(child_id)
        made = sum(1 for c in snap.choices if c.child_id == child_id)
        tr, trn = self.review.tr, self.review.trn
        ConfirmPopup(
            tr("Delete {name} everywhere", name=name),
            trn("Delete {name} and the {count:,} choice {name} made?", "Delete {name} and the {count:,} choices "
                "{name} made?", made, name=name) + "\n" + tr(
                "This laptop deletes them now; each kiosk deletes them at its next sync. This cannot be undone. "
                "Export first if a parent asked for the data."),
            tr("Delete {name}", name=name), lambda: self.delete_child(child_id, name), keep_text=tr("Keep"),
        ).open()

    def delete_child(self, child_id: str, name: str) -> None:
        def work(store: LaptopStore) -> int:
            return store.purge_child(child_id)

        def deleted(removed: int) -> None:
            self.review.status = self.review.trn(
                "Deleted {name} and {count:,} entry on this laptop; the kiosks delete them at their next sync.",
                "Deleted {name} and {count:,} entries on this laptop; the kiosks delete them at their next sync.",
                removed, name=name) + " " + self.review.tr(COPIES_ELSEWHERE)
            self.review.reload()
            self._offer_exports(child_id, name)

        self.child_id = ""
        self.review.session.run(work, deleted, self.review.fail)

    def _offer_exports(self, child_id: str, name: str, *, elsewhere: bool = False,
                       then: Callable[[], None] | None = None) -> None:
        """Files exported for the child earlier are not deleted with them: the teacher is asked.

        ``elsewhere``: the child was deleted on another laptop and this one learnt it at a sync.
        ``then`` runs once the teacher answered (or at once when there is nothing to ask).
        """
        found = earlier_exports(self.review.export_dir, name, child_id)
        if not found:
            if then is not None:
                then()
            return

        def remove() -> None:
            for path in found:
                path.unlink(missing_ok=True)
            self.review.status = self.review.trn(
                "Deleted {count:,} earlier export of {name}.", "Deleted {count:,} earlier exports of {name}.",
                len(found), name=name) + " " + self.review.tr(COPIES_ELSEWHERE)
            if then is not None:
                then()

        tr = self.review.tr
        listed = ", ".join(p.name for p in found[:6]) + ("…" if len(found) > 6 else "")
        lead = tr("{name} was deleted on another laptop, and here too at the last sync.", name=name) + "\n" \
            if elsewhere else ""
        ConfirmPopup(
            tr("Earlier exports of {name}", name=name),
            lead + self.review.trn("{count:,} file exported earlier for {name} is still in {folder}: {files}.",
                                   "{count:,} files exported earlier for {name} are still in {folder}: {files}.",
                                   len(found), name=name, folder=self.review.export_dir, files=listed)
            + "\n" + tr(COPIES_ELSEWHERE),
            tr("Delete these files"), remove, keep_text=tr("Keep the files"), on_keep=then,
        ).open()

    # -- children deleted on another laptop (kiosk/laptop/deletions.py) ----------------
    def on_review(self, _screen: ExportsScreen, review: Any) -> None:
        if review is not None:
            review.bind(snapshot=lambda *_args: self.offer_deleted_elsewhere())

    def offer_deleted_elsewhere(self) -> None:
        """After a sync brought another laptop's deletion: offer that child's earlier exports here too."""
        if self._offering:
            return
        self._offering = True

        def pending(store: LaptopStore) -> list[dict[str, str]]:
            return store.deletion_offers.pending()

        def ask(offers: list[dict[str, str]]) -> None:
            if not offers:
                self._offering = False
                return
            offer = offers[0]

            def answered() -> None:
                def settle(store: LaptopStore) -> None:
                    store.deletion_offers.settled(offer["id"])

                self.review.session.run(settle, lambda _none: ask(offers[1:]), self._offer_failed)

            self._offer_exports(offer["id"], offer["first_name"], elsewhere=True, then=answered)

        self.review.session.run(pending, ask, self._offer_failed)

    def _offer_failed(self, error: Exception) -> None:
        self._offering = False
        self.review.fail(error)
