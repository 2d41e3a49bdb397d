"""Claims on seats and children (kiosk/pi/seat_claims.py), with plain values."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.pi.seat_claims import CHILD, SEAT, Claim, SeatClaims


def claim(name: str, kiosk: str, child: str, center: str = "lego", key: int = 5) -> Claim:
    return Claim(name, kiosk, child, center, key)


def test_a_claim_for_a_free_seat_is_granted_and_held_until_released_or_expired() -> None:
    claims = SeatClaims(hold_s=10)
    assert claims.judge(claim("k1", "A", "ava"), seats=4, taken=2, now_mono=0).granted
    assert [c.claim_id for c in claims.granted(5)] == ["k1"]
    assert claims.judge(claim("k1", "A", "ava"), seats=4, taken=3, now_mono=6).granted, "asked again: same answer"
    assert claims.granted(11) == [], "expired"
    claims.judge(claim("k2", "A", "ben"), seats=4, taken=2, now_mono=20)
    assert claims.release("k2") and claims.granted(21) == []


def test_a_full_center_refuses_and_a_second_claim_for_a_child_is_refused() -> None:
    claims = SeatClaims()
    full = claims.judge(claim("k1", "A", "ava"), seats=2, taken=2, now_mono=0)
    assert not full.granted and full.reason == SEAT
    assert claims.judge(claim("k2", "A", "ava", "art"), seats=4, taken=0, now_mono=0).granted
    twice = claims.judge(claim("k3", "B", "ava", "blocks"), seats=4, taken=0, now_mono=0)
    assert not twice.granted and twice.reason == CHILD and twice.winner is not None and twice.winner.claim_id == "k2"


def test_between_two_open_claims_for_the_last_seat_the_lower_key_wins_on_both_kiosks() -> None:
    on_a, on_b = SeatClaims(), SeatClaims()
    mine_a, mine_b = claim("ka", "A", "ava", key=7), claim("kb", "B", "ben", key=3)
    on_a.open(mine_a)
    on_b.open(mine_b)
    at_a = on_a.judge(mine_b, seats=1, taken=0, now_mono=0)  # A's own claim is open: B's beats it
    at_b = on_b.judge(mine_a, seats=1, taken=0, now_mono=0)
    assert at_a.granted and on_a.is_lost("ka")
    assert not at_b.granted and at_b.reason == SEAT and not on_b.is_lost("kb")
    assert on_a.close("ka") is True and on_b.close("kb") is False


def test_one_childs_two_open_claims_are_settled_by_the_same_tie_break() -> None:
    on_a = SeatClaims()
    on_a.open(claim("ka", "A", "ava", "blocks", key=1))
    refused = on_a.judge(claim("kb", "B", "ava", "library", key=2), seats=5, taken=0, now_mono=0)
    assert not refused.granted and refused.reason == CHILD and not on_a.is_lost("ka")


def test_a_claim_read_from_the_wire_is_checked() -> None:
    good = claim("k1", "A", "Ava Lee's id", "lego stories").to_dict()
    assert Claim.from_dict(good) == claim("k1", "A", "Ava Lee's id", "lego stories")
    for bad in ({**good, "claim_id": "../x"}, {**good, "key": -1}, {**good, "key": True}, {**good, "key": 2**60},
                {**good, "child_id": ""}, {**good, "center_id": 7}, {k: v for k, v in good.items() if k != "key"}):
        with pytest.raises(ValueError):
            Claim.from_dict(bad)


@given(
    st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 50)), min_size=2, max_size=3, unique_by=lambda t: t[0]),
    st.integers(1, 3),
    st.integers(0, 3),
    st.randoms(use_true_random=False),
)
def test_however_claims_meet_no_more_hold_than_the_free_seats(
    claimers: list[tuple[str, int]], seats: int, taken: int, chance: random.Random
) -> None:
    """Each kiosk opens a claim on one center (unless it already sees it full by the claims it
    granted) and every other kiosk judges it, in any interleaving: the claims that hold (granted by
    all the others and not lost at home) never exceed the free seats."""
    taken = min(taken, seats)
    mine = {k: claim(f"c{k}", k, f"child-{k}", key=key) for k, key in claimers}
    desks = {k: SeatClaims() for k in mine}
    steps = [("open", k, k) for k in mine] + [("judge", j, k) for j in mine for k in mine if j != k]
    chance.shuffle(steps)
    opened: set[str] = set()
    waiting: list[tuple[str, str, str]] = []
    granted = {k: True for k in mine}
    for step in steps:
        kind, who, asked = step
        if kind == "judge" and asked not in opened:
            waiting.append(step)  # a claim is judged only once it was sent
            continue
        if kind == "open":
            if taken + len(desks[who].granted(0)) >= seats:
                granted[who] = False  # the kiosk sees the center full: its child is told so, no claim
            else:
                desks[who].open(mine[who])
                opened.add(who)
            for later in [w for w in waiting if w[2] == who]:
                waiting.remove(later)
                if who in opened and not desks[later[1]].judge(mine[who], seats=seats, taken=taken, now_mono=0).granted:
                    granted[who] = False
            continue
        if not desks[who].judge(mine[asked], seats=seats, taken=taken, now_mono=0).granted:
            granted[asked] = False
    holding = [k for k in opened if granted[k] and not desks[k].is_lost(mine[k].claim_id)]
    assert len(holding) <= seats - taken, (steps, holding)
    if opened:
        assert holding or taken + 1 > seats or len(mine) > 2, "two kiosks: one of them always gets a free seat"
