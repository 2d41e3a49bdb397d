"""The conflict rule for setup records edited on the laptop and on kiosks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.shared.sync.config_merge import (
    ConfigFormatError,
    badge_clashes,
    lost_edits,
    merge_configs,
    merge_record,
    normalize_record,
    tombstone,
)


def child(rev, at="2026-11-25T09:00:00+00:00", by="laptop", name="Ann", badges=(), **extra):
    record = {"id": "ann", "rev": rev, "edited_at": at, "edited_by": by, "first_name": name}
    if badges is not None:
        record["badges"] = list(badges)
    record.update(extra)
    return record


def test_higher_rev_wins():
    assert merge_record(child(2, name="Anne"), child(3, name="Annie", by="k1"))["first_name"] == "Annie"


def test_equal_rev_later_edit_wins_comparing_instants_not_text():
    early = child(2, at="2026-11-25T10:30:00+02:00", name="Early", by="k1")  # 08:30 UTC
    late = child(2, at="2026-11-25T09:00:00+00:00", name="Late", by="k1")
    assert merge_record(early, late)["first_name"] == "Late"
    assert merge_record(late, early)["first_name"] == "Late"


def test_full_tie_the_laptop_wins_then_the_greater_kiosk_id():
    kiosk, laptop = child(2, by="k9", name="Kiosk"), child(2, by="laptop", name="Laptop")
    assert merge_record(kiosk, laptop)["first_name"] == "Laptop"
    assert merge_record(child(2, by="kA", name="A"), child(2, by="kB", name="B"))["first_name"] == "B"


def test_badges_enrolled_on_a_kiosk_survive_a_laptop_edit():
    on_laptop = child(3, name="Annie", badges=["h-old"])
    on_kiosk = child(2, by="k1", badges=["h-old", "h-new"])
    merged = merge_record(on_laptop, on_kiosk)
    assert merged["first_name"] == "Annie" and merged["badges"] == ["h-new", "h-old"]


def test_a_revoked_badge_stays_away_after_merging():
    on_laptop = child(3, badges=[], revoked_badges=["h-lost"])
    on_kiosk = child(2, by="k1", badges=["h-lost", "h-new"])
    merged = merge_record(on_kiosk, on_laptop)
    assert merged["badges"] == ["h-new"] and merged["revoked_badges"] == ["h-lost"]


def test_a_deletion_is_final_and_keeps_no_data_of_the_child():
    deleted = tombstone("ann", rev=2, edited_at="2026-11-25T09:00:00+00:00", edited_by="laptop")
    newer_on_kiosk = child(7, by="k1", badges=["h-1"])
    for merged in (merge_record(deleted, newer_on_kiosk), merge_record(newer_on_kiosk, deleted)):
        assert merged == deleted
    assert normalize_record({**child(3), "deleted": True})["deleted"] is True
    assert "first_name" not in normalize_record({**child(3), "deleted": True})


def test_merging_collections_keeps_records_of_both_sides():
    laptop = [child(2), {**child(1), "id": "bob"}]
    kiosk = [{**child(1, by="k1"), "id": "cy"}, child(1, by="k1", badges=["h"])]
    merged = merge_configs(laptop, kiosk)
    assert [r["id"] for r in merged] == ["ann", "bob", "cy"]
    assert merged[0]["rev"] == 2 and merged[0]["badges"] == ["h"]


def test_a_badge_on_two_children_is_reported():
    ann, bob = child(1, badges=["h1", "h2"]), {**child(1, badges=["h2"]), "id": "bob"}
    assert badge_clashes([ann, bob]) == {"h2": ["ann", "bob"]}


@pytest.mark.parametrize(
    "broken, reason",
    [
        ({"rev": 1, "edited_at": "2026-11-25T09:00:00", "edited_by": "k1"}, "no id"),
        ({"id": "a", "edited_at": "2026-11-25T09:00:00", "edited_by": "k1"}, "no revision"),
        ({"id": "a", "rev": 1, "edited_at": "yesterday", "edited_by": "k1"}, "edit time"),
        ({"id": "a", "rev": 1, "edited_at": "2026-11-25T09:00:00"}, "where it was edited"),
    ],
)
def test_a_record_without_version_fields_is_refused(broken, reason):
    with pytest.raises(ConfigFormatError, match=reason):
        merge_configs([broken])


versions = st.builds(
    lambda rev, minute, by, name, badges, revoked, deleted: {
        "id": "ann",
        "rev": rev,
        "edited_at": f"2026-11-25T09:{minute:02d}:00+00:00",
        "edited_by": by,
        "first_name": name,
        "badges": badges,
        **({"revoked_badges": revoked} if revoked else {}),
        **({"deleted": True} if deleted else {}),
    },
    st.integers(1, 3),
    st.integers(0, 2),
    st.sampled_from(["laptop", "k1", "k2"]),
    st.sampled_from(["Ann", "Anne"]),
    st.lists(st.sampled_from(["h1", "h2", "h3"]), max_size=3),
    st.lists(st.sampled_from(["h1", "h2"]), max_size=1),
    st.booleans(),
)
SETTINGS = settings(max_examples=300, deadline=None)


@SETTINGS
@given(versions, versions)
def test_merge_is_commutative(a, b):
    assert merge_record(a, b) == merge_record(b, a)


@SETTINGS
@given(versions, versions, versions)
def test_merge_is_associative(a, b, c):
    assert merge_record(merge_record(a, b), c) == merge_record(a, merge_record(b, c))


@SETTINGS
@given(versions, versions)
def test_merge_is_idempotent(a, b):
    merged = merge_record(a, b)
    assert merge_record(merged, merged) == merged == merge_record(merged, a)


@SETTINGS
@given(st.lists(versions, min_size=1, max_size=5), st.randoms())
def test_collections_merge_the_same_in_any_order(records, rnd):
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert merge_configs(records) == merge_configs(shuffled) == merge_configs(*[[r] for r in shuffled])


def test_a_seeded_version_loses_to_any_edit_however_late_its_stamp():
    """A kiosk's setup as loaded from its classroom file is offered "edited now": it still loses to an edit."""
    seeded = child(1, at="2026-11-25T10:00:00+00:00", by="kioskA", name="Ann", seeded=True)
    teacher = child(1, at="2026-11-25T09:00:00+00:00", by="laptop", name="Anne")
    assert merge_record(seeded, teacher)["first_name"] == "Anne" == merge_record(teacher, seeded)["first_name"]
    assert merge_configs([seeded], [teacher]) == merge_configs([teacher], [seeded])
    assert lost_edits([teacher], [seeded]) == [] and lost_edits([seeded], [teacher]) == []
    later_seed = child(1, at="2026-11-25T11:00:00+00:00", by="kioskB", name="Ann B", seeded=True)
    assert merge_record(seeded, later_seed)["first_name"] == "Ann B"  # two seeded versions: the usual rule
    assert merge_configs([seeded], [later_seed], [teacher])[0]["first_name"] == "Anne"
    assert "seeded" not in merge_record(seeded, teacher)
