"""Exports & privacy: CSV files and the printable report, a parent's request, deleting a child,
and the retention date.

Files are written on the store's thread (the window keeps drawing) into the export
folder, owner-only; the status line says where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.properties import StringProperty

from kiosk.laptop.parent_export import COPIES_ELSEWHERE, earlier_exports, export_whole_record
from kiosk.laptop.retention import retention_day
from kiosk.laptop.review.privacy_export import export_class
from kiosk.laptop.review.words import counted
from kiosk.laptop.store import LaptopStore
from screens.laptop.base import ReviewScreen
from screens.laptop.confirm_popup import ConfirmPopup

__all__ = ["ExportsScreen"]


class ExportsScreen(ReviewScreen):
    child_id = StringProperty("")
    folder_text = StringProperty("")
    retention_text = StringProperty("")

    def prepare(self, **context: Any) -> None:
        if context.get("child_id"):
            self.child_id = str(context["child_id"])
        self.refresh()

    def draw(self) -> None:
        snap = self.review.snapshot
        self.folder_text = f"Files are saved in {self.review.export_dir}"
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
            spinner.text = "Pick a child"
        setting = str((snap.settings or {}).get("retention_until", ""))
        through = retention_day(setting, self.review.today())
        self.retention_text = (
            f"Choices are kept until {setting or 'the end of the school year (31 July)'}; after that they are "
            "deleted on this laptop and, at their next sync, on the kiosks."
            + (f" Choices up to {through:%d %B %Y} have been deleted." if through else "")
            + " Change the date in Class → Change the settings."
        )

    def pick_child(self, name: str) -> None:
        self.child_id = getattr(self, "_names", {}).get(name, "")

    def export_class(self) -> None:
        snap, rng, folder = self.review.snapshot, self.review.rng, self.review.export_dir
        if snap is None:
            return
        choices = snap.index.between(rng)
        self._write(lambda _store: export_class(folder, choices, snap.info, rng), "Saved for the class")

    def export_child(self) -> None:
        snap = self.review.snapshot
        if snap is None or self.child_id not in snap.info.children:
            self.review.status = "Pick a child first."
            return
        folder, child_id, today = self.review.export_dir, self.child_id, self.review.today()
        name = snap.info.child_name(child_id)
        self._write(lambda store: export_whole_record(store, folder, child_id, today),
                    f"Everything held about {name} (start with the README)")

    def _write(self, work: Any, what: str) -> None:
        def done(paths: list[Path]) -> None:
            self.review.status = f"{what}: " + ", ".join(str(p) for p in paths)

        self.review.session.run(work, done, self.review.fail)

    def ask_delete_child(self) -> None:
        snap = self.review.snapshot
        if snap is None or self.child_id not in snap.info.children:
            self.review.status = "Pick a child first."
            return
        child_id = self.child_id
        name = snap.info.child_name(child_id)
        made = sum(1 for c in snap.choices if c.child_id == child_id)
        ConfirmPopup(
            f"Delete {name} everywhere",
            f"Delete {name} and {counted(made, 'choice')} {name} made?\nThis laptop deletes them now; each kiosk "
            "deletes them at its next sync. This cannot be undone. Export first if a parent asked for the data.",
            f"Delete {name}", lambda: self.delete_child(child_id, name),
        ).open()

    def delete_child(self, child_id: str, name: str) -> None:
        def work(store: LaptopStore) -> int:
            return store.purge_child(child_id)

        def deleted(removed: int) -> None:
            self.review.status = (
                f"Deleted {name} and {counted(removed, 'entry', 'entries')} on this laptop; the kiosks "
                f"delete them at their next sync. {COPIES_ELSEWHERE}"
            )
            self.review.reload()
            self._offer_exports(child_id, name)

        self.child_id = ""
        self.review.session.run(work, deleted, self.review.fail)

    def _offer_exports(self, child_id: str, name: str) -> None:
        """Files exported for the child earlier are not deleted with them: the teacher is asked."""
        found = earlier_exports(self.review.export_dir, name, child_id)
        if not found:
            return

        def remove() -> None:
            for path in found:
                path.unlink(missing_ok=True)
            self.review.status = f"Deleted {counted(len(found), 'earlier export')} of {name}. {COPIES_ELSEWHERE}"

        ConfirmPopup(
            f"Earlier exports of {name}",
            f"{counted(len(found), 'file')} exported earlier for {name} are still in {self.review.export_dir}: "
            + ", ".join(p.name for p in found[:6]) + ("…" if len(found) > 6 else "") + f".\n{COPIES_ELSEWHERE}",
            "Delete these files", remove, keep_text="Keep the files",
        ).open()
