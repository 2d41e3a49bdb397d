"""The laptop's Class tab: a child's own language, a center's words in the class's other language,
the class's language, and a name this computer has no font for, said while it is typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.laptop.review.patterns import center_page
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.store import LaptopStore
from kiosk.shared.text.bidi_text import visual_order
from screens.shared.script_text import plain_text
from tests.gui.review_harness import ReviewDriver

MELTING_FACE = "\U0001fae0"  # an emoji newer than every font of the chain


@pytest.fixture
def review(tmp_path: Path):
    with LaptopStore(tmp_path / "laptop") as store:
        store.setup.edit("settings", {"id": "class", "language": "en", "switching": {"allowed": True, "min_minutes": 10}})
        store.setup.edit("centers", {"id": "blocks", "name": "Blocks", "purpose": "Build a tower.",
                                      "picture": "centers/blocks.png", "colour": "#f4a261", "seats": 4})
    driver = ReviewDriver(tmp_path / "laptop", export_dir=tmp_path / "exports")
    driver.press("Class")
    yield driver
    driver.close()


def _records(folder: Path, kind: str) -> list[dict]:
    with LaptopStore(folder) as store:
        return store.setup.records(kind)


def test_a_child_with_their_own_language_and_a_name_in_arabic(review, tmp_path, shots):
    review.press("Add a child")
    popup = review.app.root_window.children[0]
    shown_as = popup._shown_as[popup._inputs["first_name"]]
    popup.set_value("first_name", "Ann")
    review.pump(0.1)
    assert shown_as.text == "" and shown_as.height == 0, "a left-to-right name needs no second line"
    popup.set_value("first_name", "محمد علي")
    review.pump(0.1)
    assert plain_text(shown_as.text) == "Shown as: " + visual_order("محمد علي"), "shaped and right to left"
    assert "[font=" in shown_as.text and shown_as.height > 0 and shown_as.texture is not None
    review.screenshot("review-class-rtl-typing", shots)
    popup.set_value("first_name", f"محمد {MELTING_FACE}")
    review.pump(0.1)
    assert "no font for" in popup.message and MELTING_FACE in popup.message, "said while typing, before saving"
    review.screenshot("review-class-name-warning", shots)
    popup.set_value("first_name", "محمد")
    review.pump(0.1)
    assert popup.message == ""
    assert Path(popup._inputs["first_name"].font_name).name == "NotoSansArabic-Regular.ttf", "the box draws what is typed"
    popup.set_value("language", "Español")
    review.press("Save", popup)
    review.wait_until(lambda: "Saved محمد" in review.app.status, timeout=30)
    review.wait_until(lambda: any("[font=" in w.text for w in review.app.manager.get_screen("class").ids.children.walk()
                                  if getattr(w, "markup", False)))
    review.screenshot("review-class-arabic-name", shots)
    review.close()
    saved = [r for r in _records(tmp_path / "laptop", "children") if r.get("first_name") == "محمد"]
    assert len(saved) == 1 and saved[0]["language"] == "es"


def test_a_centers_words_in_spanish_and_the_class_language(review, tmp_path, shots):
    review.press("Blocks  ·  4 seats")
    popup = review.app.root_window.children[0]
    assert popup.values()["name_es"] == "" and "name_en" not in popup.values()
    popup.set_value("name_es", "Bloques")
    review.press("Save", popup)
    review.wait_until(lambda: "Saved Blocks" in review.app.status, timeout=30)
    review.press("Change the settings")
    popup = review.app.root_window.children[0]
    assert popup.values()["language"] == "English"
    popup.set_value("language", "Español")
    review.press("Save", popup)
    review.wait_until(lambda: "Se guardaron los ajustes de la clase" in review.app.status, timeout=30)
    review.wait_until(lambda: review.app.language == "es", timeout=30)
    review.pump(0.3)
    assert review.button("Clase") is not None and review.button("Agregar un niño") is not None, "the window follows at once"
    settings = review.app.manager.get_screen("class").ids.settings.children[-1].text
    assert "Idioma: Español" in settings and "Reflexión: no" in settings
    assert review.button("Bloques  ·  4 lugares") is not None, "the center's Spanish words, now the class's"
    review.screenshot("review-class-es", shots)
    review.press("Bloques  ·  4 lugares")
    popup = review.app.root_window.children[0]
    assert popup.title == "Editar centro"
    assert (popup.values()["name"], popup.values()["name_en"]) == ("Bloques", "Blocks"), "each language under its name"
    assert [w.text for w in popup.walk() if type(w).__name__ == "FormLabel"][:4] == [
        "Nombre (Español)", "Propósito (Español)", "Nombre (English)", "Propósito (English)"]
    review.screenshot("review-center-form-es", shots)
    popup.dismiss()
    review.pump(0.2)
    review.press("Hoy")
    review.pump(0.3)
    today = review.app.manager.get_screen("today")
    assert today.day_text == "viernes 19 de junio de 2026", "weekday and month from Babel's Spanish locale data"
    review.screenshot("review-today-es", shots)
    review.close()
    blocks = next(r for r in _records(tmp_path / "laptop", "centers") if r["id"] == "blocks")
    assert blocks["translations"] == {"es": {"name": "Bloques"}} and blocks["name"] == "Blocks"
    assert _records(tmp_path / "laptop", "settings")[0]["language"] == "es"


def test_names_in_every_script_on_the_patterns_page(tmp_path, shots):
    """The heat map's rows are the children's names: drawn by the font chain, no boxes."""
    from kivy.uix.button import Button

    from tests.gui.review_harness import fill_year
    from tests.gui.test_scripts import NAMES, _boxes

    folder = tmp_path / "year"
    fill_year(folder)
    with LaptopStore(folder) as store:
        children = sorted(store.setup.records("children"), key=lambda r: r["id"])
        for record, name in zip(children, NAMES.values()):
            store.setup.edit("children", {**record, "first_name": name})
    driver = ReviewDriver(folder, export_dir=tmp_path / "exports")
    try:
        driver.press("Patterns")
        driver.pump(0.5)
        heat = driver.app.manager.get_screen("patterns").ids.heat
        rows = {w.text: w for w in heat.walk() if isinstance(w, Button) and w.markup}
        for script, name in NAMES.items():
            assert driver.app.script(name) in rows, f"{script}: {name!r} not on the heat map as the chain draws it"
        for text in rows:
            assert not _boxes(text), f"boxes in {text!r}: {_boxes(text)}"
        from kivy.uix.scrollview import ScrollView

        scroller = heat.parent
        while scroller is not None and not isinstance(scroller, ScrollView):
            scroller = scroller.parent
        if scroller is not None:
            scroller.scroll_y = 0  # the names in other scripts sort after the Latin ones
        driver.screenshot("review-patterns-scripts", shots)
        driver.press("Today")
        driver.pump(0.5)
        driver.screenshot("review-today-scripts", shots)
    finally:
        driver.close()


def test_a_childs_and_a_centers_page_in_spanish(tmp_path, shots):
    """A Spanish class's laptop: the child and center pages' sentences, plural counts and dates in Spanish."""
    from tests.gui.review_harness import fill_year

    folder = tmp_path / "year"
    fill_year(folder)
    with LaptopStore(folder) as store:
        settings = next(iter(store.setup.records("settings")), {"id": "class"})
        store.setup.edit("settings", {**settings, "language": "es"})
        first = sorted(store.setup.records("children"), key=lambda r: str(r["first_name"]).casefold())[0]
    driver = ReviewDriver(folder, export_dir=tmp_path / "exports")
    try:
        driver.app.open_child(first["id"])
        driver.pump(0.5)
        page = driver.app.manager.get_screen("child")
        assert " — del " in page.title and " al " in page.title
        texts = [w.text for w in page.ids.body.walk() if hasattr(w, "text")]
        assert any(" elecciones en " in t and "; cambió " in t for t in texts), texts[:3]
        assert "Elecciones por centro" in texts and "Reflexiones" in texts
        driver.screenshot("review-child-es", shots)
        center_id = next(iter(driver.app.snapshot.info.centers))
        driver.app.open_center(center_id)
        driver.pump(0.5)
        page = driver.app.manager.get_screen("center")
        assert " — del " in page.title
        texts = [w.text for w in page.walk() if hasattr(w, "text")]
        assert "Elecciones por semana" in texts and "Quién lo eligió" in texts
        assert page.weeks.rows() and all(caption.startswith("semana del ") for caption, _n in page.weeks.rows())
        driver.screenshot("review-center-es", shots)
    finally:
        driver.close()


def test_worth_a_look_and_the_exports_in_spanish(tmp_path, shots):
    """A Spanish class: Worth a look's observations, the Exports page, its popup, the files it writes."""
    import csv

    from kiosk.laptop.review.export_csv import read_choices_csv
    from tests.gui.review_harness import fill_year

    folder = tmp_path / "year"
    fill_year(folder)
    with LaptopStore(folder) as store:
        settings = next(iter(store.setup.records("settings")), {"id": "class"})
        store.setup.edit("settings", {**settings, "language": "es"})
    driver = ReviewDriver(folder, export_dir=tmp_path / "exports")
    try:
        driver.press("Para revisar")
        driver.pump(0.5)
        notes = [w.text for w in driver.app.manager.get_screen("worth").ids.notes.children]
        more = notes.pop(0)  # the last one: the way to the whole list
        assert more.startswith("Mostrar las ") and more.endswith(" más)"), more
        assert notes and all(any(word in t for word in ("Nadie eligió", " eligió ", "no ha probado")) for t in notes), notes
        assert not any(word in t for t in notes for word in ("Nobody", " chose ", "has not tried", "weeks"))
        driver.screenshot("review-worth-es", shots)
        driver.press("Exportar y privacidad")
        driver.pump(0.5)
        exports = driver.app.manager.get_screen("exports")
        assert exports.folder_text.startswith("Los archivos se guardan en ")
        assert exports.retention_text.startswith("Las elecciones se guardan hasta ")
        driver.screenshot("review-exports-es", shots)
        driver.press("Guardar elecciones + resumen (CSV) y el informe para imprimir")
        driver.wait_until(lambda: driver.app.status.startswith("Guardado para la clase: "), timeout=60)
        written = sorted((tmp_path / "exports").iterdir())
        choices_file = next(p for p in written if p.name.startswith("choices-"))
        header = next(csv.reader(choices_file.read_text(encoding="utf-8-sig").splitlines()))
        assert header[:4] == ["fecha", "hora", "niño", "centro"]
        assert read_choices_csv(choices_file.read_text(encoding="utf-8-sig"))[0]["child"]
        report = next(p for p in written if p.name.startswith("class-report-")).read_text(encoding="utf-8")
        assert '<html lang="es">' in report and "Quién eligió cada centro" in report
        child = exports.ids.child
        child.text = child.values[0]
        driver.pump(0.2)
        driver.press("Borrar a este niño en todas partes…")
        driver.pump(0.3)
        popup = driver.app.root_window.children[0]
        assert popup.title.startswith("Borrar a ") and "elecciones que hizo" in popup.text
        assert driver.button("Conservar", popup) is not None
        driver.screenshot("review-delete-child-es", shots)
        driver.press("Conservar", popup)
    finally:
        driver.close()


def test_bar_captions_and_links_on_the_pages_in_every_script(tmp_path, shots):
    """A child's bars are the centers' names, a center's links the children's: drawn by the font chain, no boxes,
    and a caption too long for its column loses whole words."""
    from kivy.core.text import Label as CoreLabel
    from kivy.core.text.markup import MarkupLabel

    from screens.laptop.text_textures import ELLIPSIS, rendered
    from tests.gui.review_harness import fill_year
    from tests.gui.test_scripts import NAMES, _boxes

    folder = tmp_path / "year"
    fill_year(folder)
    long_name = "The Big Blue Box of Things to Build, Stack, Knock Down and Build Again"
    names = [*NAMES.values(), long_name]
    with LaptopStore(folder) as store:
        for kind, field in (("centers", "name"), ("children", "first_name")):
            records = sorted(store.setup.records(kind), key=lambda r: r["id"])
            for record, name in zip(records, names):
                store.setup.edit(kind, {**record, field: name})
        child_id = sorted(r["id"] for r in store.setup.records("children"))[0]
        center_id = sorted(r["id"] for r in store.setup.records("centers"))[0]
    driver = ReviewDriver(folder, export_dir=tmp_path / "exports")
    try:
        days = driver.app.snapshot.index.days
        driver.app.set_range(DateRange(days[0], days[-1]))  # every center and child has choices in the year
        captions: dict[str, str] = {}
        for kid in sorted(driver.app.snapshot.info.children):  # until every name was a caption on some page
            driver.app.open_child(kid)
            driver.pump(0.2)
            chart = driver.app.manager.get_screen("child").centers
            captions.update(zip([c for c, _n in chart.rows()], chart.shown(), strict=True))
            if set(names) <= set(captions):
                break
        driver.app.open_child(child_id)
        driver.pump(0.3)
        size = round(chart.font_size, 1)
        for script, name in NAMES.items():
            assert captions.get(name) == name, f"{script}: {name!r} not a whole caption on the children's pages"
            chain = MarkupLabel(text=driver.app.script(name), font_size=size)
            chain.refresh()
            plain = CoreLabel(text=name, font_size=size)
            plain.refresh()
            drawn = rendered(name, size)
            assert drawn.pixels == chain.texture.pixels, f"{script}: {name!r} not drawn by the font chain"
            assert not _boxes(driver.app.script(name)), f"{script}: boxes in {name!r}"
            if script in ("Arabic", "Chinese"):
                assert drawn.pixels != plain.texture.pixels, f"{script}: the chain drew what one font draws"
        shortened = captions[long_name]
        assert shortened.endswith(ELLIPSIS) and long_name.startswith(shortened[:-1].rstrip())
        assert long_name[len(shortened[:-1].rstrip())] in " ,", f"cut inside a word: {shortened!r}"
        driver.screenshot("review-child-scripts", shots)
        driver.app.open_center(center_id)
        driver.pump(0.5)
        page = center_page(driver.app.snapshot.choices, driver.app.snapshot.info, center_id, driver.app.rng)
        written = {driver.app.snapshot.info.child_name(cid): f"{driver.app.snapshot.info.child_name(cid)} — {n}"
                   for cid, n in page.children}
        links = driver.app.manager.get_screen("center").who.texts()
        assert links == [driver.app.script(text) for text in written.values()]
        assert set(NAMES.values()) <= set(written), "every child in another script chose this center"
        for text in links:
            assert not _boxes(text), f"boxes in {text!r}: {_boxes(text)}"
        driver.screenshot("review-center-scripts", shots)
    finally:
        driver.close()

