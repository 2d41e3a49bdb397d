"""Each laptop has a name of its own, asked at the first pairing and shown on the kiosk (real TLS on 127.0.0.1)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.laptop.pair_prompts import choose_kiosk, name_this_laptop
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.sync.client import KioskClient, KioskRefusedError
from kiosk.shared.sync.discovery import FoundKiosk
from kiosk.shared.sync.laptop_name import default_laptop_name, laptop_name_problem, names_told_apart
from kiosk.shared.sync.messages import SetupOffer
from kiosk.shared.sync.protocol import PATHS
from kiosk.shared.text.i18n import Translator

from .net_helpers import Kiosk, pair
from .test_laptop_cli import run

TR = Translator("en", Path())
BAD_NAMES = [("", "cannot be empty"), ("   ", "cannot be empty"), ("x" * 41, "at most 40 characters"),
             ("Ms\nLee", "control characters"), ("Lee\x07", "control characters")]


@pytest.fixture
def laptop_2(tmp_path: Path) -> Iterator[LaptopStore]:
    store = LaptopStore(tmp_path / "laptop-2")
    yield store
    store.close()


def _names_on_kiosk(kiosk: Kiosk) -> dict[str, str]:
    return kiosk.storage_thread(kiosk.backend.paired.shown_names)


def test_the_default_name_is_the_user_and_the_computer() -> None:
    assert default_laptop_name("Ann Lee", "ROOM4-PC") == "Ann Lee on ROOM4-PC"
    assert default_laptop_name("Ann Lee", "ROOM4-PC", "{user} en {host}") == "Ann Lee en ROOM4-PC"
    assert default_laptop_name("", "vm") == "vm" and default_laptop_name("ann", "") == "ann"
    long = default_laptop_name("Annabel Leonora Featherstonehaugh-Smythe", "classroom-laptop-04")
    assert len(long) == 40 and long.endswith("…") and laptop_name_problem(long) is None
    assert laptop_name_problem(default_laptop_name("a\tb", "h\x00")) is None


@pytest.mark.parametrize(("name", "problem"), BAD_NAMES)
def test_a_bad_laptop_name_is_refused_with_a_reason_and_the_old_one_stays(laptop: LaptopStore, name, problem) -> None:
    laptop.me.rename("Room 4 desk")
    with pytest.raises(ValueError, match=problem):
        laptop.me.rename(name)
    assert laptop.laptop_name == "Room 4 desk"


def test_two_laptops_are_told_apart_on_the_kiosk(kiosk: Kiosk, laptop: LaptopStore, laptop_2: LaptopStore) -> None:
    laptop.me.rename("Ms Lee's laptop")
    laptop_2.me.rename("  Library cart  ")
    pair(kiosk, laptop)
    pair(kiosk, laptop_2)
    assert _names_on_kiosk(kiosk) == {laptop.laptop_id: "Ms Lee's laptop", laptop_2.laptop_id: "Library cart"}
    laptop_2.me.rename("Room 4 desk")  # renamed after pairing: the kiosk hears it at the next sync
    sync_kiosk(laptop_2, "kioskA", timeout=5)
    assert _names_on_kiosk(kiosk)[laptop_2.laptop_id] == "Room 4 desk"
    laptop_2.me.rename("Ms Lee's laptop")  # one name twice: the kiosk adds the start of each id
    sync_kiosk(laptop_2, "kioskA", timeout=5)
    shown = _names_on_kiosk(kiosk)
    assert shown[laptop.laptop_id] == f"Ms Lee's laptop ({laptop.laptop_id[:4].upper()})"
    assert shown[laptop_2.laptop_id] == f"Ms Lee's laptop ({laptop_2.laptop_id[:4].upper()})"


def test_a_laptop_paired_before_names_sends_its_name_once(kiosk: Kiosk, laptop: LaptopStore) -> None:
    laptop.me.rename("Ms Lee's laptop")
    pair(kiosk, laptop)
    laptops = kiosk.meta("sync_laptops")
    laptops[laptop.laptop_id]["name"] = "vm"  # as an earlier version paired it: by host name
    kiosk.storage_thread(lambda: kiosk.storage.config.put_meta("sync_laptops", laptops))
    laptop.paired.update("kioskA", laptop_name_told=None)
    sync_kiosk(laptop, "kioskA", timeout=5)
    assert _names_on_kiosk(kiosk) == {laptop.laptop_id: "Ms Lee's laptop"}
    assert laptop.paired.get("kioskA")["laptop_name_told"] == "Ms Lee's laptop"
    assert laptop.paired.laptop_name_to_tell("kioskA", laptop.laptop_name) is None, "told once, not at every sync"


def test_a_kiosk_of_an_earlier_version_keeps_syncing_without_the_name(
    kiosk: Kiosk, laptop: LaptopStore, monkeypatch
) -> None:
    pair(kiosk, laptop)
    laptop.me.rename("Renamed later")
    older = {k: v for k, v in PATHS["/sync/config"].items() if k != "laptop_name"}
    monkeypatch.setitem(PATHS, "/sync/config", older)  # the kiosk refuses a field it does not know
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert receipt.agree


@pytest.mark.parametrize(("name", "problem"), [(n, p) for n, p in BAD_NAMES if n.strip()])
def test_a_kiosk_refuses_a_bad_laptop_name_and_changes_nothing(kiosk: Kiosk, laptop: LaptopStore, name, problem) -> None:
    pair(kiosk, laptop)
    before = kiosk.config_file()
    theirs = {"centers": [], "children": [], "settings": [], "badge_secrets": [], "laptop_name": name}
    with pytest.raises(ValueError, match=problem):
        kiosk.storage_thread(lambda: kiosk.backend.take_setup(laptop.laptop_id, SetupOffer.from_body(theirs)))
    assert kiosk.config_file() == before


def test_a_kiosk_refuses_to_pair_a_laptop_with_a_bad_name(kiosk: Kiosk, laptop: LaptopStore) -> None:
    import base64

    from kiosk.shared.sync.pairing import laptop_spake

    window = kiosk.server.open_pairing()
    body = {"laptop_id": laptop.laptop_id, "laptop_name": "bell\x07",
            "spake2": base64.b64encode(laptop_spake(window.code).start()).decode()}
    with KioskClient(kiosk.address, laptop.identity, None, timeout=5, present_cert=False) as client, \
            pytest.raises(KioskRefusedError) as refused:
        client.post("/pair/start", body)
    assert refused.value.code == "bad_laptop_name" and "control characters" in str(refused.value)
    assert kiosk.meta("sync_laptops") in (None, {})


def test_names_told_apart_only_when_two_are_the_same() -> None:
    assert names_told_apart({"ab12": "Desk", "cd34": "Cart"}) == {"ab12": "Desk", "cd34": "Cart"}
    assert names_told_apart({"ab12": "Desk", "cd34": "desk"}) == {"ab12": "Desk (AB12)", "cd34": "desk (CD34)"}


# -- the first pairing asks; several kiosks found are listed by name --------------------------------

def _answers(*lines: str):
    given = list(lines)
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        if not given:
            raise EOFError
        return given.pop(0)

    return ask, asked


def test_the_first_pairing_asks_the_name_and_an_empty_answer_takes_the_default(laptop: LaptopStore) -> None:
    said: list[str] = []
    ask, asked = _answers("x" * 41, "\x1b[31mred", "")
    name = name_this_laptop(laptop.me, None, ask, said.append, TR)
    assert name == laptop.me.default_name() and laptop.me.has_own_name
    assert asked[0] == f"Name of this laptop, shown on the kiosk [{laptop.me.default_name()}]: "
    assert said == ["A laptop's name is at most 40 characters.", "A laptop's name cannot hold control characters."]
    ask, asked = _answers("Someone else")
    assert name_this_laptop(laptop.me, None, ask, said.append, TR) == name and asked == [], "asked only once"


def test_three_bad_names_pair_nothing(laptop: LaptopStore) -> None:
    ask, _asked = _answers("\x07", "\x07", "\x07")
    with pytest.raises(ValueError, match="was not named"):
        name_this_laptop(laptop.me, None, ask, lambda _s: None, TR)
    assert not laptop.me.has_own_name


FOUND = [FoundKiosk("Room 4 – kiosk 3FA8", "3fa85f64aa", "10.0.0.5:8765"),
         FoundKiosk("Reading corner", "9c1e0b2dbb", "10.0.0.6:8765")]


def test_several_kiosks_found_are_listed_by_name_and_one_is_chosen() -> None:
    said: list[str] = []
    ask, asked = _answers("0", "two", " 2 ")
    assert choose_kiosk(FOUND, ask, said.append, TR) == FOUND[1]
    assert said[:3] == ["2 kiosks answered:", "  1. Room 4 – kiosk 3FA8 (3fa85f64, 10.0.0.5:8765)",
                        "  2. Reading corner (9c1e0b2d, 10.0.0.6:8765)"]
    assert said[3:] == ["'0' is not one of the numbers 1 to 2.", "'two' is not one of the numbers 1 to 2."]
    assert asked[0] == "Which one shows the pairing code? Type its number (1–2): "


def test_no_answer_among_several_kiosks_is_a_clear_refusal() -> None:
    ask, _asked = _answers()
    with pytest.raises(ValueError, match="no kiosk was chosen of the 2 that answered"):
        choose_kiosk(FOUND, ask, lambda _s: None, TR)
    with pytest.raises(ValueError, match="no kiosk answered"):
        choose_kiosk([], ask, lambda _s: None, TR)
    hostile = FoundKiosk("Evil\x1b[2J\nkiosk", "x", "10.0.0.9:1")
    said: list[str] = []
    choose_kiosk([hostile], ask, said.append, TR)
    assert said == ["Found Evil?[2J?kiosk at 10.0.0.9:1."], "an announced name cannot drive the terminal"


def test_pair_on_the_command_line_lists_the_kiosks_found_and_asks(
    kiosk: Kiosk, kiosk_b: Kiosk, tmp_path, capsys, monkeypatch
) -> None:
    found = [FoundKiosk("Room kioskA", "kioskA", kiosk.address), FoundKiosk("Room kioskB", "kioskB", kiosk_b.address)]
    monkeypatch.setattr("kiosk.shared.sync.discovery.find_kiosks", lambda seconds, interfaces=None: found)
    monkeypatch.setattr("sys.stdin", io.StringIO("3\n2\nMs Lee's laptop\n"))
    home = ["--laptop-dir", str(tmp_path / "lap")]
    assert run(["pair", "--code", kiosk_b.server.open_pairing().code, *home]) == 0
    out = capsys.readouterr().out
    assert "2 kiosks answered:" in out and "1. Room kioskA (kioskA, 127.0.0.1:" in out
    assert "'3' is not one of the numbers 1 to 2." in out
    assert "Paired with Room kioskB – kiosk KIOS (kioskB)" in out and "The kiosk shows this laptop as Ms Lee's laptop." in out
    assert [laptop["name"] for laptop in kiosk_b.meta("sync_laptops").values()] == ["Ms Lee's laptop"]

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # nobody answers: nothing paired, a clear message
    assert run(["pair", "--code", kiosk.server.open_pairing().code, *home]) == 2
    assert "no kiosk was chosen of the 2 that answered" in capsys.readouterr().err
    assert kiosk.meta("sync_laptops") in (None, {})


def test_name_laptop_on_the_command_line(kiosk: Kiosk, tmp_path, capsys) -> None:
    home = ["--laptop-dir", str(tmp_path / "lap")]
    code = kiosk.server.open_pairing().code
    assert run(["pair", "--address", kiosk.address, "--code", code, "--laptop-name", "Cart 2", *home]) == 0
    assert [laptop["name"] for laptop in kiosk.meta("sync_laptops").values()] == ["Cart 2"]
    assert run(["name-laptop", "x" * 41, *home]) == 2
    assert "A laptop's name is at most 40 characters." in capsys.readouterr().err
    assert run(["name-laptop", "  Ms Lee's laptop ", *home]) == 0
    assert "This laptop is now called Ms Lee's laptop" in capsys.readouterr().out
    assert run(["sync", *home]) == 0
    assert [laptop["name"] for laptop in kiosk.meta("sync_laptops").values()] == ["Ms Lee's laptop"]
    assert run(["pair", "--address", kiosk.address, "--code", "123456", "--laptop-name", "", *home]) == 2
    assert "A laptop's name cannot be empty." in capsys.readouterr().err


def test_the_new_sentences_in_spanish() -> None:
    from kiosk.laptop.language import locale_dir

    es = Translator("es", locale_dir())
    assert es(laptop_name_problem("x" * 41) or "") == "El nombre de una portátil tiene como máximo 40 caracteres."
    assert default_laptop_name("Ana", "AULA4", es("{user} on {host}")) == "Ana en AULA4"
    said: list[str] = []
    ask, _asked = _answers("7", "1")
    choose_kiosk(FOUND, ask, said.append, es)
    assert said[0] == "Respondieron 2 quioscos:" and said[-1] == "'7' no es uno de los números del 1 al 2."


def test_a_bad_interface_to_look_on_is_a_clear_message(tmp_path, capsys) -> None:
    home = ["--laptop-dir", str(tmp_path / "lap")]
    with pytest.raises(SystemExit) as refused:
        run(["pair", "--mdns-interface", "wlan0", "--code", "123456", *home])
    assert refused.value.code == 2 and "'wlan0' is not an IPv4 address" in capsys.readouterr().err
    assert run(["pair", "--mdns-interface", "192.0.2.77", "--code", "123456", *home]) == 2  # not this computer's
    assert "this laptop cannot look for kiosks on the network (" in capsys.readouterr().err
