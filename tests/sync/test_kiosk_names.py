"""Two kiosks of one class have their own names: on the laptop, in receipts, on the kiosk."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.kiosk_name import default_kiosk_name, kiosk_name_problem
from kiosk.shared.sync.messages import SetupOffer

from .net_helpers import Kiosk, pair


def test_kiosks_of_one_class_get_different_default_names() -> None:
    a, b = default_kiosk_name("Room 4", "3fa85f64"), default_kiosk_name("Room 4", "9c1e0b2d")
    assert a == "Room 4 – kiosk 3FA8" and b == "Room 4 – kiosk 9C1E"


@pytest.mark.parametrize(("name", "problem"), [("", "cannot be empty"), ("x" * 41, "at most 40"), ("a\nb", "control")])
def test_a_bad_kiosk_name_is_refused_with_a_reason(name: str, problem: str) -> None:
    assert problem in (kiosk_name_problem(name) or "")


def test_a_name_given_on_the_laptop_reaches_the_kiosk_and_its_receipts(
    kiosk: Kiosk, kiosk_b: Kiosk, laptop: LaptopStore
) -> None:
    pair(kiosk, laptop)
    pair(kiosk_b, laptop)
    names = {k: laptop.paired.get(k)["name"] for k in ("kioskA", "kioskB")}
    assert names["kioskA"] != names["kioskB"]
    laptop.paired.rename("kioskA", "  Room 4 by the door ")
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert receipt.kiosk_name == "Room 4 by the door" and receipt.line().startswith("Room 4 by the door (kioskA)")
    assert kiosk.storage_thread(lambda: kiosk.backend.kiosk_name) == "Room 4 by the door"
    kiosk.storage_thread(lambda: kiosk.storage.config.put_meta("kiosk_name", "Reading corner"))  # renamed at the kiosk
    assert sync_kiosk(laptop, "kioskA", timeout=5).kiosk_name == "Reading corner"
    assert laptop.paired.get("kioskA")["name"] == "Reading corner"
    with pytest.raises(ValueError, match="not paired"):
        laptop.paired.rename("nobody", "X")
    with pytest.raises(ValueError, match="cannot be empty"):
        laptop.paired.rename("kioskA", "   ")


def test_name_kiosk_on_the_command_line(kiosk: Kiosk, tmp_path, capsys) -> None:
    home = ["--laptop-dir", str(tmp_path / "lap")]
    assert main(["pair", "--address", kiosk.address, "--code", kiosk.server.open_pairing().code, *home]) == 0
    assert main(["name-kiosk", "kioskA", "Room 4 window", *home]) == 0
    assert "now called Room 4 window" in capsys.readouterr().out
    assert main(["name-kiosk", "kioskA", "", *home]) == 2
    assert "A kiosk's name cannot be empty." in capsys.readouterr().err
    assert main(["sync", *home]) == 0
    assert kiosk.storage_thread(lambda: kiosk.backend.kiosk_name) == "Room 4 window"


def test_a_kiosk_refuses_a_bad_name_from_a_laptop_and_changes_nothing(kiosk: Kiosk) -> None:
    before = kiosk.config_file()
    theirs = {"centers": [], "children": [], "settings": [], "badge_secrets": [], "kiosk_name": "\x07bell"}
    with pytest.raises(ValueError, match="control characters"):
        kiosk.storage_thread(lambda: kiosk.backend.take_setup("laptop-1", SetupOffer.from_body(theirs)))
    assert kiosk.config_file() == before


def test_a_narrow_top_bar_says_the_class_once_and_what_tells_the_kiosks_apart() -> None:
    from kiosk.shared.kiosk_name import names_apart

    assert names_apart(["Room 4 – kiosk 3FA8", "Room 4 – kiosk 9C1E"]) == ("Room 4", ["kiosk 3FA8", "kiosk 9C1E"])
    assert names_apart(["Room 4 – kiosk 3FA8"]) == ("", ["Room 4 – kiosk 3FA8"])
    assert names_apart(["Room 4 – kiosk 3FA8", "By the door"]) == ("", ["Room 4 – kiosk 3FA8", "By the door"])
    assert names_apart(["Room 4 – kiosk 3FA8", "Room 5 – kiosk 9C1E"])[0] == ""
