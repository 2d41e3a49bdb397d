"""The laptop commands against a real kiosk on 127.0.0.1."""

from __future__ import annotations

import argparse

import pytest

from kiosk.laptop.cli import register


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="choice-kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_pair_sync_unpair(kiosk, tmp_path, capsys):
    kiosk.add_events(12)
    home = ["--laptop-dir", str(tmp_path / "lap")]
    code = kiosk.server.open_pairing().code
    assert run(["pair", "--address", kiosk.address, "--code", code, *home]) == 0
    assert "Paired with Room kioskA" in capsys.readouterr().out
    assert run(["sync", *home]) == 0
    captured = capsys.readouterr()
    assert "kiosk sent 12 choices, laptop received 12 (12 new)" in captured.out
    assert "12/12" in captured.err
    assert run(["unpair", "kioskA", *home]) == 0
    assert kiosk.meta("sync_laptops") == {}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["pair", "--address", "nowhere", "--code", "123456"], "must look like"),
        (["pair", "--address", "127.0.0.1:1", "--code", "12"], "6 digits"),
        (["pair", "--address", "127.0.0.1:1", "--code", "123456"], "cannot be reached"),
        (["sync"], "not paired with any kiosk"),
        (["sync", "--kiosk", "nope"], "not paired with a kiosk nope"),
        (["unpair", "nope"], "not paired with a kiosk nope"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_2(tmp_path, capsys, argv, message):
    assert run([*argv, "--laptop-dir", str(tmp_path / "lap")]) == 2
    assert message in capsys.readouterr().err


def test_pair_finds_the_kiosk_by_zeroconf_on_loopback(kiosk, tmp_path, capsys):
    from kiosk.shared.sync.discovery import KioskAdvertiser

    port = int(kiosk.address.rsplit(":", 1)[1])
    advertiser = KioskAdvertiser("kioskA", "Room kioskA", port, interfaces=["127.0.0.1"])
    assert advertiser.start()
    try:
        code = kiosk.server.open_pairing().code
        home = ["--laptop-dir", str(tmp_path / "lap"), "--mdns-interface", "127.0.0.1"]
        assert run(["pair", "--code", code, *home]) == 0
        out = capsys.readouterr().out
        assert f"Found Room kioskA at 127.0.0.1:{port}." in out and "Paired with Room kioskA" in out
    finally:
        advertiser.stop()


def test_pair_without_address_when_no_kiosk_answers(tmp_path, capsys):
    home = ["--laptop-dir", str(tmp_path / "lap"), "--mdns-interface", "127.0.0.1"]
    assert run(["pair", "--code", "123456", *home]) == 2
    assert "no kiosk answered on this network" in capsys.readouterr().err


def test_sync_reports_an_unreachable_kiosk_and_still_syncs_the_others(kiosk, kiosk_b, tmp_path, capsys):
    from kiosk.laptop.store import LaptopStore

    kiosk.add_events(5)
    home = ["--laptop-dir", str(tmp_path / "lap")]
    for each in (kiosk, kiosk_b):
        assert run(["pair", "--address", each.address, "--code", each.server.open_pairing().code, *home]) == 0
    with LaptopStore(tmp_path / "lap") as store:
        store.paired.set_address("kioskB", "127.0.0.1:1")  # kiosk B's Pi is switched off
    capsys.readouterr()
    assert run(["sync", *home]) == 2
    captured = capsys.readouterr()
    assert "kiosk sent 5 choices, laptop received 5 (5 new)" in captured.out
    assert "choice-kiosk: Room kioskB – kiosk KIOS (kioskB): " in captured.err and "cannot be reached" in captured.err
    assert run(["sync", "--kiosk", "kioskA", *home]) == 0


def test_a_spanish_class_gets_the_laptop_commands_in_spanish(kiosk, tmp_path, capsys):
    from kiosk.laptop.store import LaptopStore

    with LaptopStore(tmp_path / "lap") as store:
        store.setup.edit("settings", {"id": "class", "language": "es"})
    home = ["--laptop-dir", str(tmp_path / "lap")]
    assert run(["sync", *home]) == 2
    assert "esta portátil todavía no está emparejada con ningún quiosco" in capsys.readouterr().err
    kiosk.add_events(3)
    code = kiosk.server.open_pairing().code
    assert run(["pair", "--address", kiosk.address, "--code", code, *home]) == 0
    assert "Emparejada con Room kioskA" in capsys.readouterr().out
    assert run(["sync", *home]) == 0
    assert "el quiosco envió 3 elecciones, la portátil recibió 3 (3 nuevas)" in capsys.readouterr().out
    assert run(["unpair", "nope", *home]) == 2
    assert "no está emparejada con un quiosco nope" in capsys.readouterr().err
