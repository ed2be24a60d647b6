"""Fire grade at every threshold of both rule sets and on both sides of 2025-05-01."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from fireinvest.reference_files import load_reference
from fireinvest.rules.grading import FireGrade, GradeFacts, grade_fire, parse_rule_sets, rule_set_for

RULES = parse_rule_sets(load_reference("fire_grades"))
BEFORE = dt.date(2025, 4, 30)
SINCE = dt.date(2025, 5, 1)

G = FireGrade

# (criterion, value, expected grade) under the 2025 rules; each bound is tested at the bound and just below it.
RULES_2025 = [
    ("deaths", 2, G.ORDINARY), ("deaths", 3, G.LARGER), ("deaths", 9, G.LARGER), ("deaths", 10, G.MAJOR),
    ("deaths", 29, G.MAJOR), ("deaths", 30, G.EXTRAORDINARY),
    ("serious_injuries", 9, G.ORDINARY), ("serious_injuries", 10, G.LARGER), ("serious_injuries", 49, G.LARGER),
    ("serious_injuries", 50, G.MAJOR), ("serious_injuries", 99, G.MAJOR), ("serious_injuries", 100, G.EXTRAORDINARY),
    ("direct_economic_loss", Decimal("29999999.99"), G.ORDINARY),
    ("direct_economic_loss", Decimal("30000000"), G.LARGER),
    ("direct_economic_loss", Decimal("99999999.99"), G.LARGER),
    ("direct_economic_loss", Decimal("100000000"), G.MAJOR),
    ("direct_economic_loss", Decimal("299999999.99"), G.MAJOR),
    ("direct_economic_loss", Decimal("300000000"), G.EXTRAORDINARY),
]  # fmt: skip

# The 2007 rules: same death and injury bands, property-loss bands of 1000万 / 5000万 / 1亿.
RULES_2007 = [
    ("deaths", 2, G.ORDINARY), ("deaths", 3, G.LARGER), ("deaths", 10, G.MAJOR), ("deaths", 30, G.EXTRAORDINARY),
    ("serious_injuries", 9, G.ORDINARY), ("serious_injuries", 10, G.LARGER), ("serious_injuries", 50, G.MAJOR),
    ("serious_injuries", 100, G.EXTRAORDINARY),
    ("direct_property_loss", Decimal("9999999.99"), G.ORDINARY),
    ("direct_property_loss", Decimal("10000000"), G.LARGER),
    ("direct_property_loss", Decimal("49999999.99"), G.LARGER),
    ("direct_property_loss", Decimal("50000000"), G.MAJOR),
    ("direct_property_loss", Decimal("99999999.99"), G.MAJOR),
    ("direct_property_loss", Decimal("100000000"), G.EXTRAORDINARY),
]  # fmt: skip


def facts(fire_date: dt.date, **numbers) -> GradeFacts:
    # A casualty-free fire with some loss, so only the criterion under test decides between 一般 and higher.
    base = dict(minor_injuries=1, direct_property_loss=Decimal("5000"), direct_economic_loss=Decimal("5000"))
    base.update(numbers)
    if "direct_property_loss" in numbers and "direct_economic_loss" not in numbers:
        base["direct_economic_loss"] = numbers["direct_property_loss"]
    if "direct_economic_loss" in numbers and "direct_property_loss" not in numbers:
        base["direct_property_loss"] = min(numbers["direct_economic_loss"], base["direct_property_loss"])
    return GradeFacts(fire_date=fire_date, **base)


@pytest.mark.parametrize("criterion,value,expected", RULES_2025)
def test_2025_thresholds(criterion, value, expected):
    assert grade_fire(facts(SINCE, **{criterion: value}), RULES) == expected


@pytest.mark.parametrize("criterion,value,expected", RULES_2007)
def test_2007_thresholds(criterion, value, expected):
    assert grade_fire(facts(BEFORE, **{criterion: value}), RULES) == expected


@pytest.mark.parametrize(
    "loss,before,since",
    [
        (Decimal("20000000"), G.LARGER, G.ORDINARY),  # 2000万: 较大 under 2007, 一般 under 2025
        (Decimal("60000000"), G.MAJOR, G.LARGER),  # 6000万
        (Decimal("150000000"), G.EXTRAORDINARY, G.MAJOR),  # 1.5亿
    ],
)
def test_same_fire_either_side_of_2025_05_01(loss, before, since):
    assert grade_fire(facts(BEFORE, direct_property_loss=loss, direct_economic_loss=loss), RULES) == before
    assert grade_fire(facts(SINCE, direct_property_loss=loss, direct_economic_loss=loss), RULES) == since


def test_loss_basis_follows_the_rule_set():
    # Economic loss includes scene handling and casualty costs; only the 2025 rules grade by it.
    numbers = dict(direct_property_loss=Decimal("5000000"), direct_economic_loss=Decimal("35000000"))
    assert grade_fire(facts(BEFORE, **numbers), RULES) == G.ORDINARY
    assert grade_fire(facts(SINCE, **numbers), RULES) == G.LARGER


def test_highest_criterion_wins():
    assert grade_fire(facts(SINCE, deaths=3, serious_injuries=50), RULES) == G.MAJOR


@pytest.mark.parametrize("fire_date", [BEFORE, SINCE])
def test_minor_subclass(fire_date):
    def grade(**numbers):
        return grade_fire(GradeFacts(fire_date=fire_date, **numbers), RULES)

    assert grade(direct_property_loss=Decimal("999.99"), direct_economic_loss=Decimal("999.99")) == G.MINOR
    assert grade(direct_property_loss=Decimal("1000"), direct_economic_loss=Decimal("1000")) == G.ORDINARY
    assert grade() == G.MINOR
    assert grade(minor_injuries=1) == G.ORDINARY
    assert grade(serious_injuries=1) == G.ORDINARY
    assert grade(deaths=1) == G.ORDINARY


def test_rule_set_changes_on_the_day():
    assert rule_set_for(BEFORE, RULES).name == "2007"
    assert rule_set_for(SINCE, RULES).name == "2025"
    assert rule_set_for(dt.date(1998, 1, 1), RULES).name == "2007"


def test_affected_households_from_configuration():
    data = copy.deepcopy(load_reference("fire_grades"))
    bands = data["rule_sets"][1]["thresholds"]
    bands["较大"]["affected_households"], bands["重大"]["affected_households"] = 30, 100
    rules = parse_rule_sets(data)
    assert grade_fire(facts(SINCE, affected_households=29), rules) == G.ORDINARY
    assert grade_fire(facts(SINCE, affected_households=30), rules) == G.LARGER
    assert grade_fire(facts(SINCE, affected_households=100), rules) == G.MAJOR
    # The shipped rules leave the provincial household bands unset, so households alone never raise the grade.
    assert grade_fire(facts(SINCE, affected_households=10_000), RULES) == G.ORDINARY


def test_bad_rule_data_is_refused():
    data = copy.deepcopy(load_reference("fire_grades"))
    data["rule_sets"][0]["loss_basis"] = "insured_value"
    with pytest.raises(ValueError, match="loss_basis"):
        parse_rule_sets(data)
