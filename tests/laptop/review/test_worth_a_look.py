"""'Worth a look': observations worked out by hand on five school weeks."""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.laptop.review.worth_a_look import worth_a_look

from .helpers import choice, small_class

FIRST = date(2026, 2, 2)
LAST = date(2026, 3, 6)
SCHOOL_DAYS = [FIRST + timedelta(days=n) for n in range(35) if (FIRST + timedelta(days=n)).weekday() < 5]


def _five_weeks():
    """Ann: Lego every day. Ben: Lego and Painting in turn, Puppets once in week 1. Cy: two days."""
    choices = []
    for n, day in enumerate(SCHOOL_DAYS):
        choices.append(choice("ann", "lego", day))
        choices.append(choice("ben", "lego" if n % 2 else "paint", day))
    choices.append(choice("ben", "puppets", date(2026, 2, 3), "10:00"))
    choices += [choice("cy", "paint", date(2026, 3, 2)), choice("cy", "paint", date(2026, 3, 3))]
    return choices


def test_each_kind_of_observation_taking_turns():
    found = worth_a_look(_five_weeks(), small_class(), LAST)
    assert [(o.kind, o.text, o.child_id, o.center_id) for o in found] == [
        ("nobody_chose", "Nobody chose Puppets this week", None, "puppets"),
        ("same_center", "Ann chose Lego Stories 25 days running", "ann", "lego"),
        ("not_tried", "Ann has not tried Painting in 4 weeks", "ann", "paint"),
        ("not_tried", "Ben has not tried Puppets in 4 weeks", "ben", "puppets"),
        ("not_tried", "Ann has not tried Puppets in 4 weeks", "ann", "puppets"),
    ]


def test_the_list_is_cut_at_the_limit_in_the_same_order():
    full = worth_a_look(_five_weeks(), small_class(), LAST)
    assert worth_a_look(_five_weeks(), small_class(), LAST, limit=2) == full[:2]


def test_no_not_tried_before_the_records_cover_the_window():
    found = worth_a_look(_five_weeks(), small_class(), date(2026, 2, 13))
    assert "not_tried" not in {o.kind for o in found}


def test_a_run_that_ended_days_ago_is_not_reported():
    choices = [c for c in _five_weeks() if not (c.child_id == "ann" and c.day > date(2026, 3, 3))]
    found = worth_a_look(choices, small_class(), LAST)
    assert "same_center" not in {o.kind for o in found}


def test_a_shorter_threshold_and_quiet_window_change_what_is_said():
    found = worth_a_look(_five_weeks(), small_class(), LAST, same_days=30, quiet_days=2)
    assert found[0].text == "Nobody chose Puppets in the last 2 school days"
    assert "same_center" not in {o.kind for o in found}


def test_no_choice_after_today_is_used():
    found = worth_a_look(_five_weeks(), small_class(), date(2026, 2, 27))
    [run] = [o for o in found if o.kind == "same_center"]
    assert run.text == "Ann chose Lego Stories 20 days running"


def test_wording_is_an_observation_never_a_score_or_advice():
    texts = " ".join(o.text for o in worth_a_look(_five_weeks(), small_class(), LAST)).lower()
    for word in ("score", "rank", "should", "best", "worst", "needs", "must"):
        assert word not in texts


def test_nothing_to_say_about_an_empty_log():
    assert worth_a_look([], small_class(), LAST) == []


def test_each_observation_carries_the_range_it_speaks_of():
    from kiosk.laptop.review.ranges import DateRange, last_weeks

    found = {o.kind: o.rng for o in worth_a_look(_five_weeks(), small_class(), LAST)}
    assert found["nobody_chose"] == DateRange(date(2026, 3, 2), LAST)  # the last five school days
    assert found["same_center"] == DateRange(FIRST, LAST)  # Ann's 25-day run
    assert found["not_tried"] == last_weeks(LAST, 4)


def test_observations_are_said_in_the_classs_language_with_the_plural_right():
    """The core keeps each observation's template; the window says it in Spanish from the real catalogue."""
    from kiosk.laptop.language import locale_dir
    from kiosk.shared.text.i18n import Translator

    spanish, english = Translator("es", locale_dir()), Translator("en", locale_dir())
    found = worth_a_look(_five_weeks(), small_class(), LAST)
    said = [spanish(o.text) for o in found]
    assert said[0] == "Nadie eligió Puppets esta semana"
    assert "Ann eligió Lego Stories 25 días seguidos" in said
    assert any(s.startswith("Ben no ha probado Puppets en 4 semanas") for s in said), said
    assert [english(o.text) for o in found] == [o.text for o in found]  # English stays as it was
    one_day = worth_a_look(_five_weeks(), small_class(), LAST, same_days=30, quiet_days=1)
    assert spanish(one_day[0].text) == "Nadie eligió Puppets el último día de clase"
    one_week = worth_a_look(_five_weeks(), small_class(), LAST, not_tried_weeks=1, min_present_days=1)
    assert any(spanish(o.text).endswith("en 1 semana") for o in one_week if o.kind == "not_tried")


def _a_larger_class():
    """Twelve children and six centers over five weeks: each child sticks to two centers, so many were not tried."""
    from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild

    centers = {f"c{n}": ReviewCenter(f"c{n}", f"Center {n}", seats=4) for n in range(6)}
    children = {f"k{n:02d}": ReviewChild(f"k{n:02d}", f"Kid {n:02d}") for n in range(12)}
    choices = [choice(kid, f"c{(n + i) % 6}" if i % 2 else f"c{n % 6}", day)
               for n, kid in enumerate(sorted(children)) for i, day in enumerate(SCHOOL_DAYS)]
    return choices, ClassInfo(centers=centers, children=children)


def test_more_than_a_page_the_count_and_the_whole_list_as_an_independent_count_finds_them():
    """Every "not tried in 4 weeks" a plain count finds is in the list, none cut at the tab's page (12)."""
    from kiosk.laptop.review.ranges import last_weeks
    from kiosk.laptop.review.worth_a_look import PAGE

    choices, info = _a_larger_class()
    found = worth_a_look(choices, info, LAST)
    window = last_weeks(LAST, 4)
    tried: dict[str, set[str]] = {}
    days: dict[str, set[date]] = {}
    for c in choices:
        if c.day in window:
            tried.setdefault(c.child_id, set()).add(c.center_id)
            days.setdefault(c.child_id, set()).add(c.day)
    expected = {(kid, cid) for kid in info.children if len(days.get(kid, ())) >= 3
                for cid in info.centers if cid not in tried.get(kid, set())}
    assert {(o.child_id, o.center_id) for o in found if o.kind == "not_tried"} == expected
    assert len(found) > PAGE and len(expected) > PAGE
    assert worth_a_look(choices, info, LAST, limit=PAGE) == found[:PAGE]


def test_a_folder_whose_last_choice_is_months_old_is_looked_at_as_of_that_day():
    from kiosk.laptop.review.worth_a_look import as_of

    months_later = date(2026, 11, 20)
    assert as_of(_five_weeks(), months_later) == LAST
    assert worth_a_look(_five_weeks(), small_class(), months_later) == worth_a_look(_five_weeks(), small_class(), LAST)


def test_a_run_stops_at_the_start_of_a_school_year():
    """Playdough every day in June and again every day from September: the run says September's days only."""
    june = [date(2026, 6, d) for d in range(1, 20) if date(2026, 6, d).weekday() < 5]
    september = [date(2026, 9, d) for d in range(1, 18) if date(2026, 9, d).weekday() < 5]
    choices = [choice("ann", "paint", day) for day in june + september]
    [run] = [o for o in worth_a_look(choices, small_class(), september[-1]) if o.kind == "same_center"]
    assert run.text == f"Ann chose Painting {len(september)} days running"
    assert run.rng.start == september[0]
    from kiosk.laptop.review.patterns import child_page
    from kiosk.laptop.review.ranges import DateRange

    page = child_page(choices, small_class(), "ann", DateRange(june[0], september[-1]))
    assert page.longest_run is not None and page.longest_run.length == max(len(june), len(september))
