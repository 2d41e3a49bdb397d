"""Exports & privacy: CSV files and the printable report, a parent's request, deleting a child,
and the retention date.

Files are written on the store's thread (the window keeps drawing) into the export
folder, owner-only; the status line says where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.popup import Popup

from kiosk.laptop.store import LaptopStore
from kiosk.review.privacy_export import export_child, export_class
from kiosk.review.ranges import DateRange
from kiosk.sync.retention import retention_day

from .base import ReviewScreen

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
        self._write(lambda _store: export_class(folder, snap.choices, snap.info, rng), "Saved for the class")

    def export_child(self) -> None:
        snap = self.review.snapshot
        if snap is None or self.child_id not in snap.info.children:
            self.review.status = "Pick a child first."
            return
        days = [c.day for c in snap.choices if c.child_id == self.child_id]
        rng = DateRange(min(days, default=self.review.today()), max(days + [self.review.today()]))
        folder, child_id = self.review.export_dir, self.child_id
        name = snap.info.child_name(child_id)
        self._write(lambda _store: export_child(folder, snap.choices, snap.info, child_id, rng,
                                                reflections=snap.reflections),
                    f"Everything about {name} (all their choices)")

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
        box = BoxLayout(orientation="vertical", spacing=10, padding=10)
        box.add_widget(Label(
            text=f"Delete {name} and every choice {name} made?\nThis laptop deletes them now; each kiosk deletes them "
                 "at its next sync. This cannot be undone. Export first if a parent asked for the data.",
            text_size=(520 * self.review.u, None), font_size=15 * self.review.u,
        ))
        buttons = BoxLayout(size_hint_y=None, height=46 * self.review.u, spacing=10)
        popup = Popup(title=f"Delete {name} everywhere", content=box, size_hint=(0.55, 0.45))
        keep = Button(text="Keep")
        keep.bind(on_release=lambda _b: popup.dismiss())
        delete = Button(text=f"Delete {name}", background_color=(0.85, 0.2, 0.2, 1))
        delete.bind(on_release=lambda _b: (popup.dismiss(), self.delete_child(child_id, name)))
        buttons.add_widget(keep)
        buttons.add_widget(delete)
        box.add_widget(buttons)
        popup.open()

    def delete_child(self, child_id: str, name: str) -> None:
        def work(store: LaptopStore) -> int:
            return store.purge_child(child_id)

        self.child_id = ""
        self.review.change(work, f"Deleted {name} and their choices on this laptop; the kiosks delete them at their next sync.")

