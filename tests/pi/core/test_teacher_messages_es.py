"""Messages made below the screens (USB stick, storage, pairing, badge reader) reach a Spanish teacher whole.

Each is a ``Sentence`` (or an ``N_``-marked constant) made where the thing went
wrong, and translated where it is shown, reasons inside it included: no English
fragment is left inside a Spanish sentence. Real objects, the real catalogue.
"""

from __future__ import annotations

import base64
import errno
import json
from pathlib import Path

import pytest

from device.reader import ReaderStatus
from kiosk.laptop.language import locale_dir
from kiosk.pi.storage.quarantine import config_problem, events_problem
from kiosk.shared.files.errors import error_from_os
from kiosk.shared.sync.pairing import PairingWindow
from kiosk.shared.sync.usb_stick import NoStickError, StickRefusedError, save_to_stick
from kiosk.shared.text.i18n import Translator
from tests.sync.events import event


@pytest.fixture(scope="module")
def es() -> Translator:
    return Translator("es", locale_dir())


def test_usb_stick_refusals_in_spanish_reason_included(tmp_path: Path, es: Translator) -> None:
    with pytest.raises(NoStickError) as nobody:
        save_to_stick(tmp_path, "kioskA", [event("kioskA", 1)], {})
    assert es(nobody.value.args[0]).startswith("Primero empareje una portátil")
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "choice-kiosk").symlink_to(tmp_path)
    laptops = {"lap1": {"name": "lap1", "key": base64.b64encode(b"k" * 32).decode()}}
    with pytest.raises(StickRefusedError) as refused:
        save_to_stick(stick, "kioskA", [event("kioskA", 1)], laptops)
    said = es(refused.value.args[0])
    assert said.startswith("No se guardó nada: la carpeta choice-kiosk de la memoria USB es un enlace"), said
    assert "Nothing" not in said and "folder" not in said
    assert str(refused.value).startswith("Nothing was saved: the folder choice-kiosk")  # the log stays English


def test_a_storage_error_names_what_was_not_saved_in_spanish(es: Translator) -> None:
    error = error_from_os(OSError(errno.ENOSPC, "No space left on device"), "the child's photo")
    said = es(error.message)
    assert said.startswith("La tarjeta de memoria del quiosco está llena, así que no se guardó la foto del niño."), said
    assert "memory card" in str(error)


def test_damaged_files_set_aside_are_reported_in_spanish(tmp_path: Path, es: Translator) -> None:
    problem = events_problem(tmp_path / "seg-1.jsonl", "2026-11-25", "cut short")(tmp_path / "seg-1.jsonl.bad")
    assert es(problem.message) == ("Un archivo de elecciones del 2026-11-25 estaba dañado y se apartó como "
                                   "seg-1.jsonl.bad; todo lo demás se conserva.")
    setup = config_problem(tmp_path / "config.json", "not JSON")(None)
    assert "estaba dañado y se dejó donde estaba." in es(setup.message)


def test_why_pairing_closed_in_spanish(es: Translator) -> None:
    window = PairingWindow(code="123456", opened_at=0.0, seconds=60.0)
    assert es(window.why_closed(61.0) or "").startswith("El código de emparejamiento venció")
    window.closed, window.failures, window.last_failure_from = True, 3, "10.0.0.7"
    assert es(window.why_closed(1.0) or "") == ("El emparejamiento se cerró después de 3 códigos equivocados "
                                                "(el último desde 10.0.0.7). Ábralo otra vez para emparejar.")


def test_the_badge_readers_status_in_spanish(es: Translator) -> None:
    assert es(ReaderStatus.offline("/dev/ttyUSB0", "unplugged").message).startswith(
        "El lector de tarjetas no funciona")
    assert es(ReaderStatus.ready("/dev/ttyUSB0").message) == "Lector de tarjetas listo."


def test_the_kiosks_clock_problems_in_spanish_also_after_being_kept_in_a_file(es: Translator) -> None:
    from kiosk.shared.sync.clock_fix import check_clock
    from kiosk.shared.text.i18n import sentence_from_record, sentence_record

    far = check_clock("2026-11-25T09:00:00+00:00", laptop_wall="2026-11-25T10:00:00+00:00")
    assert far is not None
    kept = json.loads(json.dumps(sentence_record(far.message)))  # as the kiosk's setup file keeps it
    said = es(sentence_from_record(kept, str(far.message)) or "")
    assert said == ("El reloj del quiosco difiere del de la portátil en más de 5 minutos; se usa la hora de la "
                    "portátil para corregir las elecciones.")
    assert sentence_from_record(None, "English kept") == "English kept"
    assert sentence_from_record({"template": "{missing}", "values": {}}, "English kept") == "English kept"
    early = check_clock("1970-01-01T00:00:10+00:00")
    assert early is not None and es(early.message).startswith("El reloj del quiosco marca 1970-01-01, antes de")


def test_why_a_file_is_damaged_is_said_in_spanish_too(tmp_path: Path, es: Translator) -> None:
    """The reason inside "the file … is damaged (…)" is the damaged file's own words, translated with it."""
    from kiosk.shared.files.atomic_storage import AtomicJSONStorage
    from kiosk.shared.files.errors import CorruptFileError
    from kiosk.shared.files.journal_format import build_journal, scan_journal

    setup = tmp_path / "config.json"
    setup.write_text('{"not": "ours"}', encoding="utf-8")
    with pytest.raises(CorruptFileError) as foreign:
        AtomicJSONStorage(setup).read()
    assert es(foreign.value.message) == ("El archivo config.json está dañado (no es un archivo de configuración "
                                         "de choice-kiosk).")
    assert str(foreign.value).endswith("(it is not a choice-kiosk setup file).")  # the log stays English
    journal = tmp_path / "choices.journal"
    with pytest.raises(CorruptFileError) as empty:
        scan_journal(b"", journal)
    assert es(empty.value.message) == "El archivo choices.journal está dañado (el archivo está vacío (longitud cero))."
    with pytest.raises(CorruptFileError) as torn:  # a damaged line with a good one after it
        scan_journal(build_journal([]) + b"garbage\n" + build_journal([]).splitlines(keepends=True)[0], journal)
    said = es(torn.value.message)
    assert said == ("El archivo choices.journal está dañado (la línea 2 está dañada (no es una línea del registro) "
                    "y la siguen más líneas)."), said


def test_a_busy_kiosk_is_said_in_spanish_on_the_laptop(es: Translator) -> None:
    assert es("The kiosk is busy just now; try again in a moment.").startswith("El quiosco está ocupado")


def test_a_reason_with_braces_is_kept_as_it_is_not_filled(es: Translator) -> None:
    from kiosk.shared.text.i18n import Sentence, as_sentence

    odd = as_sentence("it writes to the table {'x': 1}")
    assert str(odd) == "it writes to the table {'x': 1}" and es(odd) == "it writes to the table {'x': 1}"
    assert es(Sentence("The file {name} is damaged ({reason}).", name="a", reason=odd)) == (
        "El archivo a está dañado (it writes to the table {'x': 1}).")
