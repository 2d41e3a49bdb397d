"""`choice-kiosk import`: a USB bundle verified under the pairing key, merged once."""

from __future__ import annotations

import os

from kiosk.cli import main
from kiosk.laptop.store import LaptopStore
from kiosk.shared.sync.bundle import write_bundle
from tests.sync.events import event, records

KEY = os.urandom(32)


def _laptop(tmp_path):
    import base64

    directory = tmp_path / "laptop"
    with LaptopStore(directory) as store:
        store.paired.add("kioskA", "Room 4 kiosk", "127.0.0.1:8765", "ab" * 32, base64.b64encode(KEY).decode())
    return directory


def _events(directory):
    with LaptopStore(directory) as store:
        return records(store.choices.events("kioskA"))


def test_import_merges_a_bundle_once(tmp_path, capsys):
    laptop = _laptop(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = write_bundle(stick, "kioskA", [event("kioskA", seq) for seq in range(1, 6)], KEY)
    assert main(["import", str(path), "--laptop-dir", str(laptop)]) == 0
    assert "Room 4 kiosk: 5 choices in the bundle, 5 new." in capsys.readouterr().out
    assert main(["import", str(path), "--laptop-dir", str(laptop)]) == 0
    assert "5 choices in the bundle, 0 new." in capsys.readouterr().out
    assert [e["seq"] for e in _events(laptop)] == [1, 2, 3, 4, 5]


def test_import_refuses_a_tampered_bundle_and_changes_nothing(tmp_path, capsys):
    laptop = _laptop(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = write_bundle(stick, "kioskA", [event("kioskA", 1, child="ann")], KEY)
    path.write_text(path.read_text(encoding="utf-8").replace('"ann"', '"bob"'), encoding="utf-8")
    assert main(["import", str(path), "--laptop-dir", str(laptop)]) == 2
    assert "nothing was imported" in capsys.readouterr().err
    assert _events(laptop) == []


def test_import_refuses_a_bundle_of_an_unpaired_kiosk_or_no_file(tmp_path, capsys):
    laptop = _laptop(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = write_bundle(stick, "kioskZ", [event("kioskZ", 1)], os.urandom(32))
    assert main(["import", str(path), "--laptop-dir", str(laptop)]) == 2
    assert "not paired" in capsys.readouterr().err
    assert main(["import", str(stick / "missing.ckbundle"), "--laptop-dir", str(laptop)]) == 2
    assert "no bundle at" in capsys.readouterr().err


def test_import_says_a_dangling_link_is_a_link(tmp_path, capsys):
    laptop = _laptop(tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "x.ckbundle").symlink_to(tmp_path / "nowhere.ckbundle")
    assert main(["import", str(stick / "x.ckbundle"), "--laptop-dir", str(laptop)]) == 2
    assert "is a link" in capsys.readouterr().err
    assert _events(laptop) == []


def test_import_of_another_laptops_bundle_says_so(tmp_path, capsys):
    laptop = _laptop(tmp_path)
    folder = tmp_path / "stick" / "choice-kiosk" / "other-laptop"
    folder.mkdir(parents=True)
    path = write_bundle(folder, "kioskA", [event("kioskA", 1)], os.urandom(32), laptop_id="other-laptop")
    assert main(["import", str(path), "--laptop-dir", str(laptop)]) == 2
    assert "for another laptop" in capsys.readouterr().err
