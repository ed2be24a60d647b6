"""An installation enters its province's household bands; every stored grade follows."""

from __future__ import annotations

import copy

import pytest

from fireinvest.errors import ValidationFailed
from fireinvest.reference_files import load_reference
from fireinvest.rules.grading import FireGrade
from fireinvest.services import case_query, cases
from fireinvest.services.changes import Part, Register
from fireinvest.services.grade_rules import grade_rules_data, replace_grade_rules
from tests.factories import make_draft


def test_new_household_bands_regrade_stored_cases(workstation):
    many_households = cases.create_case(workstation, make_draft(affected_households=40)).value
    few_households = cases.create_case(workstation, make_draft(affected_households=5)).value
    assert many_households.fire_grade == FireGrade.ORDINARY

    rules = copy.deepcopy(load_reference("fire_grades"))
    rules["rule_sets"][1]["thresholds"]["较大"]["affected_households"] = 30
    outcome = replace_grade_rules(workstation, rules)
    assert outcome.value == 1
    assert outcome.changes.touches_register(Register.RULES)
    assert outcome.changes.touches(few_households.id, Part.FACTS)  # every case's grade may have moved
    assert cases.get_case(workstation, many_households.id).fire_grade == FireGrade.LARGER
    assert cases.get_case(workstation, few_households.id).fire_grade == FireGrade.ORDINARY
    larger = case_query.CaseFilter(fire_grade=FireGrade.LARGER)
    page = case_query.case_list_page(workstation, larger, case_query.CaseSort(), 0, 10, with_total=True)
    assert (page.total, [row.id for row in page.rows]) == (1, [many_households.id])
    # Cases registered afterwards are graded by the stored rules too.
    assert cases.create_case(workstation, make_draft(affected_households=31)).value.fire_grade == FireGrade.LARGER


def test_malformed_rules_are_refused_and_nothing_changes(workstation):
    broken = copy.deepcopy(load_reference("fire_grades"))
    del broken["rule_sets"][0]["thresholds"]["较大"]["loss_yuan"]
    broken["rule_sets"][0]["loss_basis"] = "guesswork"
    with pytest.raises(ValidationFailed, match="火灾等级标准格式错误"):
        replace_grade_rules(workstation, broken)
    only_recent = copy.deepcopy(load_reference("fire_grades"))
    del only_recent["rule_sets"][0]
    with pytest.raises(ValidationFailed, match="不设生效日期"):
        replace_grade_rules(workstation, only_recent)
    assert grade_rules_data(workstation) == load_reference("fire_grades")
