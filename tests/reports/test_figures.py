"""The rule that no person can be singled out by a report's figures (machmit.reports.figures)."""

from decimal import Decimal
from itertools import product

import pytest
from django.utils import translation

from machmit.reports import figures
from machmit.reports.figures import SMALL, WITHHELD


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("count", "text"), [(0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (1234, "1,234")])
def test_counts_of_people_from_one_to_four_are_shown_as_less_than_five(count, text):
    assert str(figures.people(count)) == text


def test_events_are_counted_as_they_are():
    assert str(figures.number(3)) == "3"


def test_hours_and_medians_of_fewer_than_five_people_are_withheld():
    assert str(figures.hours(Decimal("12.5"), people=4)) == "withheld"
    assert str(figures.hours(Decimal("12.5"), people=5)) == "12.5"
    assert str(figures.median_days(3.0, people=4)) == "withheld"
    assert str(figures.median_days(3.04, people=5)) == "3.0"
    assert str(figures.median_days(None, people=0)) == "–"


def test_a_change_is_shown_only_between_shown_figures():
    assert str(figures.change(figures.people(12), figures.people(7))) == "5"
    assert str(figures.change(figures.people(12), figures.people(3))) == "–"


def test_a_single_small_part_of_a_shown_total_takes_the_smallest_other_part_with_it():
    parts, total = figures.protect([figures.people(n) for n in (30, 2, 9, 0)], figures.people(41))

    assert [str(part) for part in parts] == ["30", "< 5", "withheld", "0"]
    assert str(total) == "41"


def test_a_part_is_withheld_also_for_a_few_peoples_hours():
    parts, total = figures.protect(
        [figures.hours(Decimal(40), people=6), figures.hours(Decimal(3), people=1)],
        figures.hours(Decimal(43), people=7),
    )

    assert [str(part) for part in parts] == ["withheld", "withheld"]
    assert str(total) == "43.0"


def test_the_total_is_withheld_when_no_part_is_left_to_withhold():
    """4 + 4 = 8 can only be split one way."""
    parts, total = figures.protect([figures.people(4), figures.people(4), figures.people(0)], figures.people(8))

    assert str(total) == "withheld"
    assert [str(part) for part in parts] == ["< 5", "< 5", "0"]


@pytest.mark.parametrize(("small", "expected"), [((1, 1), WITHHELD), ((4, 4), WITHHELD), ((1, 4), ""), ((2, 3), "")])
def test_two_small_parts_whose_sum_gives_them_away_are_protected(small, expected):
    """1 + 1 = 2 and 4 + 4 = 8 can only be split one way; 1 + 4 = 5 in several."""
    parts, _total = figures.protect([figures.people(n) for n in (20, *small)], figures.people(20 + sum(small)))

    assert parts[0].hidden == expected


def test_no_hidden_count_can_be_worked_out_from_what_is_shown():
    """Every table of up to four parts with up to 9 each: a reader who knows the rule and sees the shown parts and
    the total can never tell the value of a part shown as "< 5"."""
    for values in product(range(10), repeat=4):
        parts, total = figures.protect([figures.people(n) for n in values], figures.people(sum(values)))
        if not total.shown:
            continue
        shown = {index: part.value for index, part in enumerate(parts) if part.shown}
        for index, part in enumerate(parts):
            if part.hidden != SMALL:
                continue
            # Every assignment of the hidden parts that fits what the reader sees.
            hidden = [i for i, p in enumerate(parts) if not p.shown]
            ranges = [range(1, 5) if parts[i].hidden == SMALL else range(5, 40) for i in hidden]
            possible = {
                guess[hidden.index(index)]
                for guess in product(*ranges)
                if sum(guess) + sum(shown.values()) == total.value
            }
            assert len(possible) > 1, (values, [str(p) for p in parts])
