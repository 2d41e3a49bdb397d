"""A child's turn in their own language: what the window shows and what is sent to speech.

The demo class is English; Lucía's own language is Spanish. A second class is Spanish
with Ava's own language English, one center without English words (its Spanish name
shows, never a blank).
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.shared.assets import DEMO_CLASSROOM
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import center_card, confirm_panel, open_teacher_mode, pick_child, type_pin

DEMO = json.loads(DEMO_CLASSROOM.read_text(encoding="utf-8"))
AVA_BADGE = DEMO["children"][0]["badges"][0]


def _heard(kiosk: KioskDriver) -> tuple[str, str]:
    speaker = kiosk.services.speaker
    return speaker.said[-1], speaker.languages[-1]


def _card_names(kiosk: KioskDriver) -> set[str]:
    from screens.pi.choose import CenterCard

    return {w.name for w in kiosk.current().walk() if isinstance(w, CenterCard)}


def _finish_done(kiosk: KioskDriver) -> None:
    kiosk.advance(kiosk.services.service.settings.done_timeout_s + 0.2)
    kiosk.wait_until(lambda: kiosk.screen == "welcome")


def test_a_spanish_speaking_child_in_an_english_class(tmp_path, shots):
    kiosk = KioskDriver(make_services(tmp_path / "data"))
    assert kiosk.ids().title.text == "Tap your badge or find your picture"
    pick_child(kiosk, "Lucía")
    assert kiosk.screen == "choose"
    assert kiosk.ids().greeting.text == "¡Hola, Lucía! ¿Dónde vas a jugar?"
    assert _heard(kiosk) == ("¡Hola, Lucía! ¿Dónde vas a jugar?", "es")
    assert _card_names(kiosk) == {
        "Bloques", "Biblioteca", "Plato misterioso", "Guerra de arreglos", "Arte", "Mesa de ciencias", "Escritura",
        "Rompecabezas",
    }
    card = center_card(kiosk, "Plato misterioso")
    assert card.purpose == "Practica maneras de formar 5 y 10."
    assert card.full_text == "No hay lugar — elige otro"
    assert all(label.fits for label in (card.ids.name, card.ids.purpose, kiosk.ids().greeting))
    kiosk.screenshot("choose-es", shots)
    kiosk.tap(card)
    assert _heard(kiosk) == ("Plato misterioso. Practica maneras de formar 5 y 10.", "es")
    panel = confirm_panel(kiosk)
    assert (panel.name, panel.purpose) == ("Plato misterioso", "Practica maneras de formar 5 y 10.")
    kiosk.screenshot("choose-confirm-es", shots)
    kiosk.tap(panel.ids.check)
    kiosk.wait_until(lambda: kiosk.screen == "done")
    assert kiosk.ids().message.text == "¡Diviértete en Plato misterioso!"
    assert _heard(kiosk) == ("¡Diviértete en Plato misterioso!", "es")
    kiosk.screenshot("done-es", shots)
    _finish_done(kiosk)
    assert kiosk.ids().title.text == "Tap your badge or find your picture", "the next turn starts in the class language"
    pick_child(kiosk, "Ava")
    assert kiosk.ids().greeting.text == "Hi Ava! Where will you play?"
    assert _heard(kiosk) == ("Hi Ava! Where will you play?", "en")
    assert "Mystery Plate" in _card_names(kiosk)
    assert center_card(kiosk, "Mystery Plate").full_text == "Full — pick another"


def _spanish_class(tmp_path: Path) -> Path:
    """The demo turned around: Spanish first, English translations, Ava speaks English, reflection on."""
    data = json.loads(json.dumps(DEMO))
    data["settings"].update(language="es", reflection=True)
    for center in data["centers"]:
        words = center.pop("translations")["es"]
        if center["id"] != "puzzles":  # no English words for Puzzles: its Spanish name shows
            center["translations"] = {"en": {"name": center["name"], "purpose": center["purpose"]}}
        center.update(words)
    for child in data["children"]:
        child.pop("language", None)
        if child["first_name"] == "Ava":
            child["language"] = "en"
    path = tmp_path / "clase.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_english_speaking_child_in_a_spanish_class(tmp_path, shots):
    kiosk = KioskDriver(make_services(tmp_path / "data", _spanish_class(tmp_path)))
    assert kiosk.ids().title.text == "Toca tu tarjeta o busca tu foto"
    kiosk.screenshot("welcome-es", shots)
    kiosk.app.handle_scan("9999999999")  # nobody's badge
    title = kiosk.ids().title
    assert title.text == "Todavía no conozco esta tarjeta. ¡Busca tu foto!"
    assert _heard(kiosk) == (title.text, "es")
    title.texture_update()
    assert title.texture_size[1] <= title.height + 1, "the longer Spanish sentence fits its band"
    kiosk.screenshot("welcome-unknown-badge-es", shots)
    kiosk.app.handle_scan(AVA_BADGE)
    kiosk.wait_until(lambda: kiosk.screen == "choose")
    assert kiosk.ids().greeting.text == "Hi Ava! Where will you play?"
    assert _heard(kiosk) == ("Hi Ava! Where will you play?", "en")
    assert {"Blocks", "Library", "Mystery Plate", "Rompecabezas"} <= _card_names(kiosk)
    puzzles = center_card(kiosk, "Rompecabezas")
    assert puzzles.purpose == "Busca dónde va cada pieza; intenta girarla.", "no English words: the class's, never blank"
    kiosk.tap(center_card(kiosk, "Blocks"))
    assert _heard(kiosk) == ("Blocks. Build a tower or a bridge and make it stand up.", "en")
    kiosk.tap(confirm_panel(kiosk).ids.check)
    kiosk.wait_until(lambda: kiosk.screen == "done")
    assert _heard(kiosk) == ("Have fun at Blocks!", "en")
    _finish_done(kiosk)
    assert kiosk.ids().title.text == "Toca tu tarjeta o busca tu foto"

    pick_child(kiosk, "Leo")
    assert kiosk.ids().greeting.text == "¡Hola, Leo! ¿Dónde vas a jugar?"
    assert _heard(kiosk) == ("¡Hola, Leo! ¿Dónde vas a jugar?", "es")
    kiosk.tap(center_card(kiosk, "Bloques"))
    kiosk.tap(confirm_panel(kiosk).ids.check)
    kiosk.wait_until(lambda: kiosk.screen == "done")
    assert kiosk.ids().message.text == "¡Diviértete en Bloques!"
    _finish_done(kiosk)

    pick_child(kiosk, "Leo")  # back at the kiosk: reflection first, then Switch, in Spanish
    assert kiosk.screen == "reflect"
    assert kiosk.ids().question.text == "¿Cómo te fue en Bloques?"
    assert _heard(kiosk) == ("¿Cómo te fue en Bloques?", "es")
    kiosk.screenshot("reflect-es", shots)
    kiosk.tap(kiosk.ids().skip)
    assert kiosk.screen == "switch"
    assert kiosk.current().message == "Leo, estás en Bloques. Puedes cambiar en 10 min."
    assert _heard(kiosk) == ("Leo, estás en Bloques. Puedes cambiar en 10 min.", "es")
    kiosk.screenshot("switch-es", shots)
    kiosk.tap(kiosk.ids().back)
    pick_child(kiosk, "Ava")
    assert kiosk.screen == "reflect" and kiosk.ids().question.text == "How was Blocks?"
    assert _heard(kiosk) == ("How was Blocks?", "en")
    kiosk.tap(kiosk.ids().skip)
    assert kiosk.current().message == "Ava, you are at Blocks. You can change in 10 min."
    kiosk.tap(kiosk.ids().back)
    assert kiosk.ids().title.text == "Toca tu tarjeta o busca tu foto"


def test_teacher_mode_in_spanish_fits_the_small_screen(tmp_path, shots):
    """Every tab of teacher mode in a Spanish class, at 800×480: no text cut off."""
    from kivy.uix.button import Button
    from kivy.uix.label import Label

    from screens.pi.widgets import FitLabel

    kiosk = KioskDriver(make_services(tmp_path / "data", _spanish_class(tmp_path)))
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    assert teacher.ids.tab_board.text == "Quién está dónde"
    for name in ("board", "centers", "badges", "laptop", "kiosk"):
        teacher.show_tab(name)
        kiosk.pump(0.3)
        for widget in teacher.walk():
            if isinstance(widget, FitLabel):
                assert widget.fits, f"{name}: {widget.text!r} does not fit"
            elif isinstance(widget, Button) and widget.text and widget.opacity and widget.width > 1:
                widget.texture_update()
                fits = widget.texture_size[0] <= widget.width + 1 and widget.texture_size[1] <= widget.height + 1
                assert fits, f"{name}: button {widget.text!r} is cut off: {widget.texture_size} in {widget.size}"
            elif isinstance(widget, Label) and widget.text and widget.text_size[0] is None and widget.width > 1:
                widget.texture_update()
                assert widget.texture_size[0] <= widget.width + 1, f"{name}: {widget.text!r} runs out of its box"
        kiosk.screenshot(f"teacher-{name}-es", shots)


def test_a_class_language_changed_by_a_sync_shows_at_once(tmp_path):
    """The laptop set the class to Spanish and a sync brought it: Welcome, the PIN pad and teacher mode follow."""
    kiosk = KioskDriver(make_services(tmp_path / "data"))
    open_teacher_mode(kiosk)
    assert kiosk.current().ids.tab_board.text == "Who is where"
    kiosk.tap(kiosk.current().ids.done)
    settings = dict(kiosk.services.storage.config.get_settings())
    kiosk.services.storage.config.put_settings({**settings, "language": "es"})
    kiosk.services.service.reload_config()  # what a sync does after it changed the class
    kiosk.pump(0.2)
    assert kiosk.ids().title.text == "Toca tu tarjeta o busca tu foto"
    spanish = {str(c["translations"]["es"]["name"]) for c in DEMO["centers"] if c.get("translations", {}).get("es")}
    glances = {g.name for g in kiosk.ids().centers.children}
    assert spanish & glances and not glances & {"Blocks", "Art"}, "the centers' Spanish words, now the class's"
    kiosk.tap(kiosk.ids().corner, hold=1.7)
    assert kiosk.current().title == "PIN del maestro"
    assert {"Atrás", "Borrar"} <= {w.text for w in kiosk.current().walk() if hasattr(w, "text")}
    type_pin(kiosk, "1234")
    assert kiosk.screen == "teacher"
    assert kiosk.current().ids.tab_board.text == "Quién está dónde"
    titles = {w.title for w in kiosk.current().walk() if type(w).__name__ == "BoardBox"}
    assert any(title.split("  ")[0] in spanish for title in titles), titles


def test_the_laptop_tab_says_its_refusals_and_reasons_in_spanish(tmp_path, shots):
    """A Spanish class's teacher at 800×480: a USB save with no laptop paired, a hostile stick's reason, and why
    the pairing window closed — whole sentences in Spanish, fitting the tab."""
    from kiosk.shared.sync.pairing import WINDOW_SECONDS

    kiosk = KioskDriver(make_services(tmp_path / "data", _spanish_class(tmp_path)))
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_laptop)
    laptop = teacher.tabs["laptop"]
    stick = tmp_path / "stick"
    stick.mkdir()
    laptop.find_sticks = lambda: [stick]
    kiosk.tap(laptop.ids.save_usb)
    assert laptop.usb_status == ("Primero empareje una portátil: el archivo de la memoria se sella con la clave "
                                 "de emparejamiento.")
    kiosk.tap(laptop.ids.pair)
    window = kiosk.app.sync_server.pairing_window()
    window.opened_at -= WINDOW_SECONDS
    kiosk.pump(0.8)
    assert laptop.pairing_code.startswith("El código de emparejamiento venció antes de que una portátil lo usara.")
    for widget in laptop.walk():
        if getattr(widget, "text", "") in (laptop.usb_status, laptop.pairing_code) and widget.width > 1:
            widget.texture_update()
            assert widget.texture_size[1] <= widget.height + 1, f"{widget.text!r} is cut off"
    kiosk.screenshot("teacher-laptop-reasons-es", shots)
