"""An installation enters its province's household bands; every stored grade follows."""

from __future__ import annotations

import copy

import pytest

from fireinvest.errors import ValidationFailed
from fireinvest.reference_files import load_reference
from fireinvest.rules.grading import FireGrade
from fireinvest.services import case_query, cases
from fireinvest.services.grade_rules import replace_grade_rules
from tests.factories import make_draft


def test_new_household_bands_regrade_stored_cases(db, actor):
    with db.writing() as session:
        many_households = cases.create_case(session, actor, make_draft(affected_households=40))
        few_households = cases.create_case(session, actor, make_draft(affected_households=5))
    assert many_households.fire_grade == FireGrade.ORDINARY

    rules = copy.deepcopy(load_reference("fire_grades"))
    rules["rule_sets"][1]["thresholds"]["较大"]["affected_households"] = 30
    with db.writing() as session:
        assert replace_grade_rules(session, actor, rules) == 1
    with db.reading() as session:
        assert cases.get_case(session, many_households.id).fire_grade == FireGrade.LARGER
        assert cases.get_case(session, few_households.id).fire_grade == FireGrade.ORDINARY
        larger = case_query.CaseFilter(fire_grade=FireGrade.LARGER)
        assert case_query.count_cases(session, larger) == 1
    # Cases registered afterwards are graded by the stored rules too.
    with db.writing() as session:
        assert cases.create_case(session, actor, make_draft(affected_households=31)).fire_grade == FireGrade.LARGER


def test_malformed_rules_are_refused_and_nothing_changes(db, actor):
    broken = copy.deepcopy(load_reference("fire_grades"))
    del broken["rule_sets"][0]["thresholds"]["较大"]["loss_yuan"]
    broken["rule_sets"][0]["loss_basis"] = "guesswork"
    with pytest.raises(ValidationFailed, match="火灾等级标准格式错误"):
        with db.writing() as session:
            replace_grade_rules(session, actor, broken)
    only_recent = copy.deepcopy(load_reference("fire_grades"))
    del only_recent["rule_sets"][0]
    with pytest.raises(ValidationFailed, match="不设生效日期"):
        with db.writing() as session:
            replace_grade_rules(session, actor, only_recent)
