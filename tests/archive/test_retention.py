"""Retention period and archive number of a volume, from the shipped rules (resources/reference/retention.json) and
from a province's own."""

from __future__ import annotations

import pytest

from fireinvest.rules.retention import Retention, RetentionFacts, archive_category, archive_number, retention_for


def facts(**changes) -> RetentionFacts:
    values = dict(fire_grade="一般", deaths=0, injuries=0, procedure="general", reviewed=False)
    values.update(changes)
    return RetentionFacts(**values)


@pytest.mark.parametrize(
    ("case", "label", "code", "reason"),
    [
        (facts(fire_grade="较大"), "永久", "Y", "火灾等级为较大"),
        (facts(fire_grade="特别重大", deaths=31), "永久", "Y", "火灾等级为特别重大"),
        (facts(deaths=1), "永久", "Y", "死亡1人"),
        (facts(), "30年", "D30", "按一般程序调查"),
        (facts(procedure="simple", fire_grade="轻微", injuries=2), "30年", "D30", "受伤2人"),
        (facts(procedure="simple", fire_grade="轻微", reviewed=True), "30年", "D30", "当事人申请过复核"),
        (facts(procedure="simple", fire_grade="轻微"), "10年", "D10", "其他案件"),
    ],
)
def test_the_weight_of_the_case_decides(case, label, code, reason):
    assert retention_for(case) == Retention(label, code, reason)


def test_a_province_may_keep_more_volumes_longer():
    data = {
        "category": {"label": "火灾事故调查", "code": "HZ"},
        "archive_number": "{agency_code}·{year}·{retention_code}·{volume}",
        "rules": [{"retention": "永久", "code": "Y", "any": {"procedures": ["general"]}},
                  {"retention": "30年", "code": "D30", "any": {}}],
    }  # fmt: skip
    retention = retention_for(facts(), data)
    assert retention.label == "永久"
    assert retention_for(facts(procedure="simple"), data).label == "30年"
    assert archive_number("320100", 2026, retention, "00021", data) == "320100·2026·Y·00021"


def test_rules_without_a_last_catch_all_are_refused():
    with pytest.raises(ValueError, match="without criteria"):
        retention_for(
            facts(procedure="simple"), {"rules": [{"retention": "永久", "code": "Y", "any": {"min_deaths": 1}}]}
        )


def test_the_shipped_archive_number():
    assert archive_category() == ("火灾事故调查", "HZ")
    assert archive_number("320100", 2026, Retention("30年", "D30", ""), "00021") == "320100-HZ-2026-D30-00021"
