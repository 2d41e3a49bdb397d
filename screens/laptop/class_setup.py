"""Class: the children, the centers and the class settings, edited on the laptop.

Saved edits get the next revision stamped "laptop" and reach every kiosk at the
next sync (docs/SYNC.md has the rule when a kiosk changed the same record).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk.laptop.retention_preview import RetentionPreview, preview_retention
from kiosk.laptop.review.class_edit import center_from_form, child_from_form, settings_from_form
from kiosk.laptop.review.class_languages import (
    CLASS_LANGUAGE,
    language_choices,
    translation_fields,
    unshowable,
)
from kiosk.laptop.review.timetable_text import timetable_text
from kiosk.shared.center_language import center_words_for
from kiosk.shared.domain import ChoiceTimes
from kiosk.shared.sync.photos import read_photo_file
from kiosk.shared.sync.setup_record_types import CenterRecord, ChildRecord, SettingsRecord, SetupRecord, SwitchingRecord
from kiosk.shared.text.bidi_text import isolate
from kiosk.shared.text.i18n import LANGUAGES, N_
from screens.laptop.base import ReviewScreen
from screens.laptop.confirm_popup import ConfirmPopup
from screens.laptop.form_popup import FormPopup
from screens.laptop.widgets import LinkButton, Note

__all__ = ["ClassScreen", "pictures"]

SAVED_ONE = N_("Saved {name}; the kiosks get it at the next sync.")
SAVED_SETTINGS = N_("Saved the class settings; the kiosks get them at the next sync.")


def pictures(assets_dir: Path, folder: str) -> list[str]:
    """The bundled pictures a record can name, e.g. ``avatars/fox.png``."""
    return sorted(f"{folder}/{p.name}" for p in (assets_dir / "pictures" / folder).glob("*.png"))


class ClassScreen(ReviewScreen):
    def draw_key(self) -> tuple | None:
        return self.common_key()

    def draw(self) -> None:
        snap = self.review.snapshot
        children, centers, settings = self.ids.children, self.ids.centers, self.ids.settings
        for box in (children, centers, settings):
            box.clear_widgets()
        if snap is None:
            return
        tr, trn = self.review.tr, self.review.trn
        for record in sorted(snap.children, key=lambda r: str(r.get("first_name", "")).casefold()):
            badges = len(record.get("badges", []))
            text = trn("{name}  ·  {count} badge", "{name}  ·  {count} badges", badges,
                       name=isolate(str(record.get("first_name"))))
            children.add_widget(self._row(record, text, self.edit_child))
        language = self.class_language()
        named = [(center_words_for(r, language, language, LANGUAGES)[0], r) for r in snap.centers]
        for name, record in sorted(named, key=lambda pair: pair[0].casefold()):
            text = trn("{name}  ·  {count} seat", "{name}  ·  {count} seats", int(record.get("seats") or 0),
                       name=isolate(name))
            centers.add_widget(self._row(record, text, self.edit_center))
        current = snap.settings or {}
        switching = current.get("switching", {}) or {}
        minutes = switching.get("min_minutes", 10)
        lines = [
            tr("Switching: allowed after {minutes} minutes", minutes=minutes)
            if switching.get("allowed", True) else tr("Switching: not allowed"),
            tr("Back to the start after {seconds} seconds without a touch", seconds=current.get("idle_timeout_s", 20)),
            tr("Reflection: on") if current.get("reflection") else tr("Reflection: off"),
            tr("Language: {language}", language=LANGUAGES.get(self.class_language(), self.class_language())),
            tr("Choices kept until: {day}", day=current["retention_until"]) if current.get("retention_until")
            else tr("Choices kept until: the end of the school year (31 July)"),
            tr("Term starts: {days}", days=", ".join(current["term_starts"])) if current.get("term_starts")
            else tr("Term starts: not set"),
            self._choice_times_line(ChoiceTimes.from_dict(current.get("choice_times"))),
        ]
        settings.add_widget(Note(text="\n".join(lines)))
        if not snap.settings:
            settings.add_widget(Note(text=tr("Sync with a kiosk first: the settings come from the kiosks.")))

    def _choice_times_line(self, times: ChoiceTimes) -> str:
        tr = self.review.tr
        if times.timetable:
            return tr("Choice time: opened and ended at the kiosk, and by the timetable: {timetable}",
                      timetable=timetable_text(times.timetable, self.review.language))
        if times.kept:
            return tr("Choice time: opened and ended by the teacher at the kiosk")
        return tr("Choice time: not kept (children may choose at any time)")

    def _row(self, record: SetupRecord, text: str, edit: Any) -> BoxLayout:
        """A record's picture (as the kiosk shows it) and a button that opens its form."""
        u = self.review.u
        row = BoxLayout(size_hint_y=None, height=38 * u, spacing=6 * u)
        row.add_widget(Image(source=self.review.picture_path(str(record.get("picture", ""))),
                             size_hint_x=None, width=38 * u, fit_mode="contain"))
        link = LinkButton(text=text, height=38 * u)
        link.bind(on_release=lambda _b: edit(record))
        row.add_widget(link)
        return row

    def class_language(self) -> str:
        settings = (self.review.snapshot.settings if self.review.snapshot else None) or {}
        return str(settings.get("language") or "en")

    def _warn_names(self, *keys: str) -> Any:
        """The form's live warning: the typed words this computer has no font for."""
        fonts = self.review.fonts
        return lambda fields: unshowable([fields.get(k, "") for k in keys if k in fields], fonts)

    def _save(self, kind: str, record: SetupRecord, message: str) -> None:
        self.review.change(lambda store: store.setup.edit(kind, record), message)

    def edit_child(self, old: ChildRecord | None = None) -> None:
        avatars = pictures(self.review.assets_dir, "avatars")
        shown: ChildRecord = old or {}  # a new child's form starts blank
        current = str(shown.get("picture", avatars[0] if avatars else ""))
        choices = avatars if current in avatars else [current, *avatars]

        def save(fields: Mapping[str, str]) -> None:
            path = fields.get("photo", "").strip()
            data = read_photo_file(Path(path).expanduser()) if path else None
            record = child_from_form(fields, old)

            def work(store: Any) -> None:
                if data is not None:
                    name, digest = store.photos.save(record["id"], data)
                    record["picture"], record["photo_sha256"] = name, digest
                store.setup.edit("children", record)

            self.review.change(work, self.review.tr(SAVED_ONE, name=record["first_name"]))

        own = str(shown.get("language", ""))
        FormPopup(
            N_("Edit child") if old else N_("Add a child"),
            [("first_name", N_("First name"), str(shown.get("first_name", "")), ()),
             ("language", N_("Own language"), LANGUAGES.get(own, CLASS_LANGUAGE), language_choices(CLASS_LANGUAGE)),
             ("picture", N_("Picture"), current, choices),
             ("photo", N_("Or a photo file (.png/.jpg)"), "", ())],
            save, self.review.u, self.review.picture_path,
            warn=self._warn_names("first_name"), fonts=self.review.fonts, tr=self.review.tr,
        ).open()

    def edit_center(self, old: CenterRecord | None = None) -> None:
        centers = pictures(self.review.assets_dir, "centers")
        shown: CenterRecord = old or {}  # a new center's form starts blank

        language = self.class_language()
        part_label = {"name": N_("Name ({language})"), "purpose": N_("Purpose ({language})")}
        words = [(key, self.review.tr(part_label[part], language=LANGUAGES.get(code, code)), text)
                 for key, part, code, text in translation_fields(shown, language)]

        def save(fields: Mapping[str, str]) -> None:
            record = center_from_form(fields, old or None, language)
            self._save("centers", record, self.review.tr(SAVED_ONE, name=record["name"]))

        FormPopup(
            N_("Edit center") if old else N_("Add a center"),
            [*[(key, label, value, ()) for key, label, value in words],
             ("picture", N_("Picture"), str(shown.get("picture", centers[0] if centers else "")), centers),
             ("colour", N_("Colour (#rrggbb)"), str(shown.get("colour", "#2a9d8f")), ()),
             ("seats", N_("Seats"), str(shown.get("seats", 4)), ())],
            save, self.review.u, self.review.picture_path,
            warn=self._warn_names(*(key for key, _label, _value in words)),
            fonts=self.review.fonts, tr=self.review.tr,
        ).open()

    def _confirm_retention(self, record: SettingsRecord) -> None:
        """A new retention date is saved only after the teacher saw what it deletes and confirmed it."""
        review = self.review
        review.status = review.tr("Counting the choices this date would delete…")
        setting, today, terms = str(record["retention_until"]), review.today(), list(record.get("term_starts", []))

        def kept() -> None:
            review.status = review.tr("Nothing was saved: the choices are kept and the retention date is as before.")

        def save() -> None:
            self._save("settings", record, self._saved_settings(record))

        def ask(preview: RetentionPreview) -> None:
            if not preview.choices:
                review.status = preview.message(review.translator())
                save()
                return
            review.status = review.tr("Nothing is deleted until you answer.")
            tr = review.tr
            many = review.trn("Delete {count:,} choice", "Delete {count:,} choices", preview.choices)
            sure = review.trn("Yes, delete {count:,} choice", "Yes, delete {count:,} choices", preview.choices)

            def again() -> None:
                ConfirmPopup(tr("Are you sure?"), preview.second_message(review.translator()), sure, save,
                             keep_text=tr("No, keep them"), on_keep=kept).open()

            ConfirmPopup(tr("Change how long choices are kept"), preview.message(review.translator()), many,
                         again if preview.ask_again else save, keep_text=tr("Keep the choices"), on_keep=kept).open()

        review.session.run(lambda store: preview_retention(store, setting, today, terms), ask, review.fail)

    def _saved_settings(self, record: SettingsRecord) -> str:
        """Said in the language just chosen: the window turns to it as the settings are saved."""
        return self.review.translator(str(record.get("language") or self.review.language))(SAVED_SETTINGS)

    def edit_settings(self) -> None:
        snap = self.review.snapshot
        old: SettingsRecord = snap.settings.copy() if snap and snap.settings else {"id": "class"}
        switching: SwitchingRecord = old.get("switching") or {}
        times = ChoiceTimes.from_dict(old.get("choice_times"))

        def save(fields: Mapping[str, str]) -> None:
            record = settings_from_form(fields, old)
            if record.get("retention_until", "") == str(old.get("retention_until", "")):
                self._save("settings", record, self._saved_settings(record))
            else:
                self._confirm_retention(record)

        yes_no = (N_("yes"), N_("no"))
        FormPopup(
            N_("Class settings"),
            [("switching_allowed", N_("Children may switch"),
              "yes" if switching.get("allowed", True) else "no", yes_no),
             ("min_minutes", N_("Minutes before a switch"), str(switching.get("min_minutes", 10)), ()),
             ("idle_timeout_s", N_("Seconds before back to start"), str(int(old.get("idle_timeout_s", 20))), ()),
             ("reflection", N_("Reflection after choosing"), "yes" if old.get("reflection") else "no", yes_no),
             ("language", N_("Class language"), LANGUAGES.get(str(old.get("language", "en")), "English"),
              language_choices()),
             ("retention_until", N_("Keep choices until (year-month-day)"), str(old.get("retention_until", "")), ()),
             ("term_starts", N_("Term start dates"), ", ".join(old.get("term_starts", []) or []), ()),
             ("choice_time_kept", N_("Children choose only in choice time"), "yes" if times.kept else "no", yes_no),
             ("timetable", N_("Choice times (e.g. Mon-Fri 09:30-10:15; Wed 13:30-14:15)"),
              timetable_text(times.timetable, self.review.language), ())],
            save, self.review.u, tr=self.review.tr,
        ).open()
