"""The teacher PIN: scrypt hashes and the growing delay after wrong tries."""

from __future__ import annotations

from kiosk.pi.pin import PinGate, PinResult, hash_pin, lockout_seconds, pin_message, pin_problem, verify_pin


def test_hash_is_salted_scrypt_and_verifies():
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first.startswith("scrypt$") and first != second
    assert verify_pin("1234", first) and verify_pin("1234", second)
    assert not verify_pin("1235", first)


def test_damaged_or_empty_hash_never_matches():
    assert not verify_pin("1234", "")
    assert not verify_pin("1234", "scrypt$x$y")
    assert not verify_pin("1234", "md5$1$2$3$00$00")
    assert not verify_pin("1234", hash_pin("1234")[:-4] + "zzzz")


def test_new_pin_rules():
    assert pin_problem("1234") is None
    assert pin_problem("12345678") is None
    assert "4 to 8" in pin_problem("123")
    assert "4 to 8" in pin_problem("123456789")
    assert "digits" in pin_problem("12a4")
    assert "digits" in pin_problem("١٢٣٤")


def test_lockout_grows_and_is_capped():
    assert [lockout_seconds(n) for n in range(6)] == [0, 0, 0, 5, 10, 20]
    assert lockout_seconds(50) == 300


def test_gate_waits_after_three_wrong_tries_and_refuses_even_the_right_pin_meanwhile():
    now = [100.0]
    stored = hash_pin("2468")
    gate = PinGate(lambda: stored, lambda: now[0])
    assert [gate.attempt("0000").ok for _ in range(2)] == [False, False]
    third = gate.attempt("0000")
    assert not third.ok and third.wait_s == 5
    blocked = gate.attempt("2468")
    assert not blocked.ok and blocked.wait_s == 5
    now[0] += 5
    assert gate.attempt("2468").ok
    assert gate.attempt("0000").wait_s == 0


def test_a_try_during_the_delay_is_not_called_wrong():
    now = [100.0]
    stored = hash_pin("2468")
    gate = PinGate(lambda: stored, lambda: now[0])
    for _ in range(3):
        wrong = gate.attempt("0000")
    assert pin_message(wrong) == ("Wrong PIN. Wait {seconds} s before trying again.", {"seconds": 5})
    now[0] += 1.2
    early = gate.attempt("2468")
    assert not early.checked
    assert pin_message(early) == ("Please wait {seconds} s, then type the PIN again.", {"seconds": 4})
    assert pin_message(PinResult(False)) == ("Wrong PIN. Try again.", {})
    assert pin_message(PinResult(True)) == ("", {})
